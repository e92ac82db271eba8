/**
 * Local stand-ins for the providers that cannot be reached from here (WhatsApp Cloud API,
 * Fonnte, a generic SMS HTTP gateway, Twilio), on 127.0.0.1 and a free port. Each ENFORCES the
 * provider's documented request format (path, method, authentication, required fields and their
 * form) and answers as the provider documents, errors included: a request the real provider
 * would refuse is refused here with that provider's error, so a provider that passes against
 * its stub sends what the provider expects.
 *
 * Modes (`setMode`) make it misbehave on purpose: `error` (the provider's permanent refusal),
 * `rate_limit` (HTTP 429 with Retry-After), `server_error` (HTTP 503), `slow` (answers after a
 * delay), `garbage` (HTTP 200 with a body that is not the provider's answer), `down` (the
 * connection is dropped without an answer). `times` limits a mode to the next N requests.
 *
 * `config` is a provider configuration pointing at the stub, ready for `createProvider`.
 * `accepted` lists every message the stub accepted (what would reach a phone), for counting
 * duplicates.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type StubKind = 'whatsapp_cloud' | 'fonnte' | 'sms_http' | 'twilio';
export type StubMode = 'ok' | 'error' | 'rate_limit' | 'server_error' | 'slow' | 'garbage' | 'down';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The form fields or JSON body as parsed (undefined when unreadable). */
  readonly fields: Record<string, unknown> | undefined;
  /** The HTTP status the stub answered (0 when the connection was dropped). */
  status: number;
}

export interface AcceptedMessage {
  readonly id: string;
  readonly to: string;
  readonly text: string;
}

export interface ModeOptions {
  /** Only the next N requests get this mode, then it is `ok` again. */
  readonly times?: number;
  /** `slow`: how long to wait before answering (default 2000 ms). */
  readonly delayMs?: number;
  /** `rate_limit`: the Retry-After header in seconds (default 7). */
  readonly retryAfterSeconds?: number;
  /** `error`: the provider's error code and message to answer with. */
  readonly code?: number;
  readonly message?: string;
}

export interface SmsHttpStubOptions {
  readonly method?: 'GET' | 'POST';
  readonly bodyFormat?: 'form' | 'json';
  readonly apiKey?: string;
  readonly sender?: string;
}

export interface StubOptions {
  /** The generic SMS gateway's own shape. */
  readonly smsHttp?: SmsHttpStubOptions;
}

export interface ProviderStub {
  readonly kind: StubKind;
  readonly url: string;
  /** A valid provider configuration pointing at this stub. */
  readonly config: Record<string, unknown>;
  readonly requests: RecordedRequest[];
  readonly accepted: AcceptedMessage[];
  setMode(mode: StubMode, options?: ModeOptions): void;
  close(): Promise<void>;
}

/** The credentials the stubs expect (tests sign webhooks with the same). */
export const STUB_CREDENTIALS = {
  whatsapp_cloud: {
    phoneNumberId: '106540352242922',
    accessToken: 'EAAGstubaccesstoken0123456789',
    appSecret: 'stub-app-secret-9f8e7d',
    verifyToken: 'stub-verify-token-1a2b',
    apiVersion: 'v21.0',
  },
  fonnte: { token: 'stub-fonnte-token-Xk29q', webhookSecret: 'stub-fonnte-webhook-secret-77' },
  sms_http: { apiKey: 'stub-sms-api-key-5521', sender: 'TOKOMAKMUR' },
  twilio: { accountSid: `AC${'0123456789abcdef'.repeat(2)}`, authToken: 'stub-twilio-auth-token-c3d4', from: '+15005550006' },
} as const;

type Answer = { status: number; body: string; headers?: Record<string, string> };

interface Handler {
  /** Checks the request's format; an answer when it is refused, else the message it carries. */
  check(request: RecordedRequest): Answer | AcceptedMessage;
  ok(message: AcceptedMessage): Answer;
  error(options: ModeOptions): Answer;
  rateLimited(options: ModeOptions): Answer;
}

const json = (status: number, value: unknown, headers?: Record<string, string>): Answer => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', ...headers },
});

const E164_DIGITS = /^[1-9]\d{7,14}$/;
const E164 = /^\+[1-9]\d{7,14}$/;

// ---- WhatsApp Cloud API (graph.facebook.com/{version}/{phone-number-id}/messages)

function whatsappCloud(): Handler {
  const creds = STUB_CREDENTIALS.whatsapp_cloud;
  const graphError = (status: number, code: number, message: string, details?: string) =>
    json(status, {
      error: {
        message,
        type: code === 190 ? 'OAuthException' : 'OAuthException',
        code,
        ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
        fbtrace_id: randomBytes(8).toString('hex'),
      },
    });
  return {
    check(request) {
      const match = /^\/(v\d+\.\d+)\/(\d+)\/messages$/.exec(request.path);
      if (!match || request.method !== 'POST') return graphError(400, 100, 'Unsupported post request.');
      if (match[2] !== creds.phoneNumberId) return graphError(400, 100, 'Unsupported post request. Object does not exist.');
      if (request.headers.authorization !== `Bearer ${creds.accessToken}`)
        return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
      if (!request.headers['content-type']?.startsWith('application/json')) return graphError(400, 100, 'Invalid parameter');
      const body = request.fields;
      if (!body) return graphError(400, 100, 'Invalid parameter');
      if (body.messaging_product !== 'whatsapp')
        return graphError(400, 100, 'Invalid parameter', 'messaging_product is required');
      if (typeof body.to !== 'string' || !E164_DIGITS.test(body.to))
        return graphError(400, 100, 'Invalid parameter', 'Parameter to is required and must be a phone number');
      if (body.type === 'text') {
        const text = (body.text as { body?: unknown } | undefined)?.body;
        if (typeof text !== 'string' || text.length === 0 || text.length > 4096)
          return graphError(400, 100, 'Invalid parameter', 'text.body is required (at most 4096 characters)');
        return { id: `wamid.${randomBytes(18).toString('base64url')}`, to: body.to, text };
      }
      if (body.type === 'template') {
        const template = body.template as
          | {
              name?: unknown;
              language?: { code?: unknown };
              components?: { type?: unknown; parameters?: { type?: unknown; text?: unknown }[] }[];
            }
          | undefined;
        if (typeof template?.name !== 'string' || typeof template.language?.code !== 'string')
          return graphError(400, 100, 'Invalid parameter', 'template.name and template.language.code are required');
        const parameters = template.components?.find((component) => component.type === 'body')?.parameters ?? [];
        if (
          !Array.isArray(parameters) ||
          parameters.some((parameter) => parameter.type !== 'text' || typeof parameter.text !== 'string')
        )
          return graphError(400, 131008, 'Required parameter is missing', 'body parameters must be {type:text, text}');
        return {
          id: `wamid.${randomBytes(18).toString('base64url')}`,
          to: body.to,
          text: `${template.name}(${parameters.map((parameter) => String(parameter.text)).join('|')})`,
        };
      }
      return graphError(400, 100, 'Invalid parameter', 'type must be text or template');
    },
    ok: (message) =>
      json(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: message.to, wa_id: message.to }],
        messages: [{ id: message.id }],
      }),
    error: (options) =>
      graphError(400, options.code ?? 131026, options.message ?? '(#131026) Message Undeliverable.', 'Message Undeliverable.'),
    rateLimited: (options) => ({
      ...graphError(429, 130429, '(#130429) Rate limit hit', 'Cloud API message throughput has been reached.'),
      headers: { 'content-type': 'application/json', 'retry-after': String(options.retryAfterSeconds ?? 7) },
    }),
  };
}

// ---- Fonnte (api.fonnte.com/send)

function fonnte(): Handler {
  const creds = STUB_CREDENTIALS.fonnte;
  let next = 80367170;
  const refuse = (reason: string) => json(200, { reason, requestid: next++, status: false });
  return {
    check(request) {
      if (request.path !== '/send' || request.method !== 'POST') return json(404, { reason: 'not found', status: false });
      if (!request.headers.authorization) return refuse('token invalid');
      if (request.headers.authorization !== creds.token) return refuse('token invalid');
      const fields = request.fields;
      const target = fields?.target;
      const message = fields?.message;
      const countryCode = fields?.countryCode;
      if (typeof target !== 'string' || target.length === 0) return refuse('target invalid');
      if (
        !target
          .split(',')
          .every((one) => E164_DIGITS.test(one.split('|')[0] ?? '') || /^0\d{8,13}$/.test(one.split('|')[0] ?? ''))
      )
        return refuse('target invalid');
      if (typeof message !== 'string' || message.length === 0) return refuse('message invalid');
      if (countryCode !== undefined && (typeof countryCode !== 'string' || !/^\d{1,4}$/.test(countryCode)))
        return refuse('countryCode invalid');
      return { id: String(next++), to: target, text: message };
    },
    ok: (message) =>
      json(200, {
        detail: 'success! message in queue',
        id: [message.id],
        process: 'pending',
        requestid: next++,
        status: true,
        target: [message.to],
      }),
    error: (options) => refuse(options.message ?? 'invalid target'),
    rateLimited: (options) => ({
      ...json(429, { reason: 'rate limit', status: false }),
      headers: { 'content-type': 'application/json', 'retry-after': String(options.retryAfterSeconds ?? 7) },
    }),
  };
}

// ---- a generic SMS gateway (its shape set by the test)

function smsHttp(options: SmsHttpStubOptions): Handler {
  const apiKey = options.apiKey ?? STUB_CREDENTIALS.sms_http.apiKey;
  let next = 1;
  return {
    check(request) {
      if (request.path !== '/api/sms/send') return json(404, { status: 'error', message: 'unknown endpoint' });
      if (request.method !== (options.method ?? 'POST')) return json(405, { status: 'error', message: 'method not allowed' });
      if (request.headers['x-api-key'] !== apiKey) return json(401, { status: 'error', message: 'invalid api key' });
      const fields = (options.method ?? 'POST') === 'GET' ? request.query : request.fields;
      const expected = (options.bodyFormat ?? 'form') === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
      if ((options.method ?? 'POST') === 'POST' && !request.headers['content-type']?.startsWith(expected))
        return json(415, { status: 'error', message: `expected ${expected}` });
      const to = fields?.to;
      const text = fields?.text;
      if (typeof to !== 'string' || !/^62\d{8,13}$/.test(to))
        return json(400, { status: 'error', message: 'invalid destination number' });
      if (typeof text !== 'string' || text.length === 0 || text.length > 918)
        return json(400, { status: 'error', message: 'invalid text' });
      if (fields?.from !== (options.sender ?? STUB_CREDENTIALS.sms_http.sender))
        return json(400, { status: 'error', message: 'unknown sender id' });
      return { id: `sms-${next++}`, to, text };
    },
    ok: (message) => json(200, { status: 'ok', data: { id: message.id, to: message.to, parts: 1 } }),
    error: (options) => json(200, { status: 'error', message: options.message ?? 'destination blacklisted' }),
    rateLimited: (options) => ({
      ...json(429, { status: 'error', message: 'too many requests' }),
      headers: { 'content-type': 'application/json', 'retry-after': String(options.retryAfterSeconds ?? 7) },
    }),
  };
}

// ---- Twilio (api.twilio.com/2010-04-01/Accounts/{AccountSid}/Messages.json)

function twilio(): Handler {
  const creds = STUB_CREDENTIALS.twilio;
  const twilioError = (status: number, code: number, message: string) =>
    json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  return {
    check(request) {
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(request.path);
      if (!match || request.method !== 'POST') return twilioError(404, 20404, 'The requested resource was not found');
      const basic = `Basic ${Buffer.from(`${creds.accountSid}:${creds.authToken}`).toString('base64')}`;
      if (request.headers.authorization !== basic) return twilioError(401, 20003, 'Authenticate');
      if (match[1] !== creds.accountSid) return twilioError(404, 20404, 'The requested resource was not found');
      if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
        return twilioError(400, 21601, 'Invalid request: expected form parameters');
      const fields = request.fields ?? {};
      const to = fields.To;
      if (typeof to !== 'string' || to.length === 0) return twilioError(400, 21604, "A 'To' phone number is required.");
      if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      if (fields.From === undefined && fields.MessagingServiceSid === undefined)
        return twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
      if (fields.From !== undefined && fields.From !== creds.from)
        return twilioError(
          400,
          21606,
          `The From phone number ${String(fields.From)} is not a valid, SMS-capable inbound phone number or short code for your account.`,
        );
      const body = fields.Body;
      if (typeof body !== 'string' || body.length === 0) return twilioError(400, 21602, 'Message body is required.');
      if (body.length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
      return { id: `SM${randomBytes(16).toString('hex')}`, to, text: body };
    },
    ok: (message) =>
      json(201, {
        account_sid: creds.accountSid,
        sid: message.id,
        to: message.to,
        from: creds.from,
        body: message.text,
        status: 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${creds.accountSid}/Messages/${message.id}.json`,
      }),
    error: (options) => twilioError(400, options.code ?? 21610, options.message ?? 'Attempt to send to unsubscribed recipient'),
    rateLimited: (options) => ({
      ...twilioError(429, 20429, 'Too Many Requests'),
      headers: { 'content-type': 'application/json', 'retry-after': String(options.retryAfterSeconds ?? 7) },
    }),
  };
}

async function readFields(contentType: string | undefined, body: string): Promise<Record<string, unknown> | undefined> {
  try {
    if (contentType?.startsWith('application/json')) {
      const parsed = JSON.parse(body) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
    }
    if (contentType?.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
    if (contentType?.startsWith('multipart/form-data')) {
      const form = await new Request('http://stub/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      }).formData();
      return Object.fromEntries([...form.entries()].map(([key, value]) => [key, typeof value === 'string' ? value : '[file]']));
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function configFor(kind: StubKind, url: string, options: StubOptions): Record<string, unknown> {
  switch (kind) {
    case 'whatsapp_cloud':
      return { ...STUB_CREDENTIALS.whatsapp_cloud, baseUrl: url };
    case 'fonnte':
      return { ...STUB_CREDENTIALS.fonnte, baseUrl: url };
    case 'twilio':
      return { ...STUB_CREDENTIALS.twilio, baseUrl: url };
    case 'sms_http': {
      const sms = options.smsHttp ?? {};
      return {
        url: `${url}/api/sms/send`,
        method: sms.method ?? 'POST',
        bodyFormat: sms.bodyFormat ?? 'form',
        fields: { recipient: 'to', text: 'text', sender: 'from' },
        sender: sms.sender ?? STUB_CREDENTIALS.sms_http.sender,
        recipientFormat: 'e164_digits',
        headers: { 'X-Api-Key': sms.apiKey ?? STUB_CREDENTIALS.sms_http.apiKey },
        successPath: 'status',
        successValue: 'ok',
        messageIdPath: 'data.id',
      };
    }
  }
}

/** Starts a provider stub on 127.0.0.1 and a free port. */
export async function startProviderStub(kind: StubKind, options: StubOptions = {}): Promise<ProviderStub> {
  const handler =
    kind === 'whatsapp_cloud'
      ? whatsappCloud()
      : kind === 'fonnte'
        ? fonnte()
        : kind === 'twilio'
          ? twilio()
          : smsHttp(options.smsHttp ?? {});
  const requests: RecordedRequest[] = [];
  const accepted: AcceptedMessage[] = [];
  let mode: StubMode = 'ok';
  let modeOptions: ModeOptions = {};
  let remaining = Infinity;
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://stub');
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
        );
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers,
          body,
          fields: await readFields(headers['content-type'], body),
          status: 0,
        };
        requests.push(recorded);
        const current = mode;
        const currentOptions = modeOptions;
        if (current !== 'ok' && --remaining <= 0) {
          mode = 'ok';
          modeOptions = {};
          remaining = Infinity;
        }
        const send = (answer: Answer) => {
          recorded.status = answer.status;
          res.writeHead(answer.status, { ...answer.headers, date: new Date().toUTCString() });
          res.end(answer.body);
        };
        if (current === 'down') {
          req.socket.destroy();
          return;
        }
        const checked = handler.check(recorded);
        if ('status' in checked) return send(checked);
        if (current === 'error') return send(handler.error(currentOptions));
        if (current === 'rate_limit') return send(handler.rateLimited(currentOptions));
        if (current === 'server_error')
          return send({
            status: 503,
            body: '<html><body>503 Service Unavailable</body></html>',
            headers: { 'content-type': 'text/html' },
          });
        if (current === 'garbage')
          return send({ status: 200, body: '<html><body>Welcome to nginx!</body>', headers: { 'content-type': 'text/html' } });
        if (current === 'slow') {
          // Accepted (it reaches the phone) but answered late: the sender may give up first.
          accepted.push(checked);
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.destroyed) send(handler.ok(checked));
          }, currentOptions.delayMs ?? 2000);
          timers.add(timer);
          return;
        }
        accepted.push(checked);
        send(handler.ok(checked));
      })();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    kind,
    url,
    config: configFor(kind, url, options),
    requests,
    accepted,
    setMode(next, options = {}) {
      mode = next;
      modeOptions = options;
      remaining = options.times ?? Infinity;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
