/**
 * A provider on loopback for the dispatcher's crash, concurrency and bench
 * runs: an HTTP server that takes `POST /send` with a JSON body `{ id, to,
 * text }` and an `Idempotency-Key` header, counts every request per message
 * id, and answers `{ messageId }`. With `deduplicates` it answers a repeated
 * key with the first answer and does not deliver twice (as providers with an
 * idempotency key do); `hold` keeps requests unanswered until released.
 * And the dispatcher's side: a Provider that calls it over real HTTP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider, ProviderName } from '../src/channels/channel.js';

export interface ProviderStub {
  readonly url: string;
  /** Requests received per message id (every request, repeats included). */
  readonly requests: Map<string, number>;
  /** Messages delivered per id (a deduplicating stub delivers a repeated key once). */
  readonly delivered: Map<string, number>;
  /** Resolves when the next request arrives. */
  nextRequest(): Promise<string>;
  hold: boolean;
  close(): Promise<void>;
}

export async function startProviderStub(
  options: { deduplicates?: boolean; hold?: boolean; delayMs?: number } = {},
): Promise<ProviderStub> {
  const requests = new Map<string, number>();
  const delivered = new Map<string, number>();
  const answers = new Map<string, string>();
  const waiting: ((id: string) => void)[] = [];
  let counter = 0;
  const stub = { hold: options.hold ?? false };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      let parsed: { id?: unknown; to?: unknown; text?: unknown };
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = {};
      }
      if (
        req.method !== 'POST' ||
        req.url !== '/send' ||
        typeof key !== 'string' ||
        parsed.id !== key ||
        typeof parsed.to !== 'string'
      ) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad request"}');
        return;
      }
      requests.set(key, (requests.get(key) ?? 0) + 1);
      for (const resolve of waiting.splice(0)) resolve(key);
      if (stub.hold) return; // never answered: the dispatcher is killed while waiting
      const answer = () => {
        let messageId = options.deduplicates ? answers.get(key) : undefined;
        if (messageId === undefined) {
          messageId = `stub-${++counter}`;
          answers.set(key, messageId);
          delivered.set(key, (delivered.get(key) ?? 0) + 1);
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId }));
      };
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered,
    nextRequest: () => new Promise<string>((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A WhatsApp provider that sends through the stub over HTTP. */
export function stubProvider(url: string, deduplicates: boolean, name: ProviderName = 'fonnte'): Provider {
  return {
    name,
    channel: 'whatsapp',
    deduplicates,
    async send(message, signal) {
      try {
        const response = await fetch(`${url}/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': message.id },
          body: JSON.stringify({ id: message.id, to: message.recipient, text: message.text }),
          signal,
        });
        const answer = (await response.json().catch(() => undefined)) as { messageId?: unknown } | undefined;
        if (response.ok && typeof answer?.messageId === 'string') return { kind: 'sent', providerMessageId: answer.messageId };
        if (response.status >= 500 || response.status === 429) return { kind: 'transient', reason: `HTTP ${response.status}` };
        return { kind: 'permanent', reason: `HTTP ${response.status}` };
      } catch {
        return { kind: 'transient', reason: signal.aborted ? 'timeout' : 'network error' };
      }
    },
  };
}
