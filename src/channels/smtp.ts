/**
 * Email over SMTP with nodemailer: plain text and HTML, attachments (the invoice or statement
 * PDF), `List-Unsubscribe` (with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` when the
 * target is https), a Message-ID made from the outbox id so every attempt of one message carries
 * the same id. SMTP 4xx answers and connection failures are transient, 5xx permanent with the
 * server's words. SMTP has no idempotency: a retry after a lost answer can deliver twice (the
 * same Message-ID lets mail clients fold the copies).
 */
import { textToHtml } from '../core/templates.js';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { OutgoingMessage, Provider, SendOutcome } from './channel.js';
import type { SmtpConfig } from './config.js';
import { DEFAULT_TIMEOUT_MS, type ProviderDeps, reason, scrub } from './outcome.js';

/** The domain of an address written `a@b.c` or `Name <a@b.c>`. */
export function domainOf(address: string): string | undefined {
  const match = /@([A-Za-z0-9.-]+\.[A-Za-z]{2,}|[A-Za-z0-9-]+)>?\s*$/.exec(address.trim());
  return match?.[1]?.toLowerCase();
}

/** `<outbox-id@from-domain>`: the same for every attempt of one message. */
export function messageIdFor(outboxId: string, from: string): string {
  const local = outboxId.replace(/[^A-Za-z0-9._-]/g, '_');
  return `<${local}@${domainOf(from) ?? 'lunas.local'}>`;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function smtpProvider(config: SmtpConfig, deps: ProviderDeps): Provider {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = [
    config.password ?? '',
    ...(config.user && config.password ? [`\u0000${config.user}\u0000${config.password}`] : []),
  ].filter(Boolean);
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    // A few reused connections: one connection per message is several times slower.
    pool: true,
    maxConnections: 4,
    maxMessages: 500,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: { rejectUnauthorized: !config.allowInvalidCertificate },
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    name: 'smtp',
    channel: 'email',
    deduplicates: false,
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<SendOutcome> {
      if (!EMAIL.test(message.recipient))
        return { kind: 'permanent', reason: reason('channel.bad_recipient', { recipient: message.recipient }) };
      const headers: Record<string, string> = {};
      // Every message can be unsubscribed from: by the link given, else by writing back to the business.
      const unsubscribe = message.unsubscribe ?? `mailto:${addressOf(config.replyTo ?? config.from)}?subject=unsubscribe`;
      headers['List-Unsubscribe'] = `<${unsubscribe}>`;
      if (unsubscribe.startsWith('https://')) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      const mail: SendMailOptions = {
        from: config.from,
        to: message.recipient,
        subject: message.subject ?? '',
        text: message.text,
        // The HTML part: the one given, else the text with every value escaped (core/templates.ts).
        html: message.html ?? textToHtml(message.text),
        ...(config.replyTo ? { replyTo: config.replyTo } : {}),
        messageId: messageIdFor(message.id, config.from),
        headers,
        attachments: (message.attachments ?? []).map((attachment) => ({
          filename: attachment.filename,
          contentType: attachment.contentType,
          content: attachment.content,
        })),
      };
      if (signal.aborted) return { kind: 'transient', reason: reason('channel.aborted') };
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<SendOutcome>((resolve) => {
        onAbort = () => resolve({ kind: 'transient', reason: reason('channel.aborted') });
        signal.addEventListener('abort', onAbort, { once: true });
      });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<SendOutcome>((resolve) => {
        // nodemailer's own timeouts cover each step; this bounds the whole exchange.
        timer = setTimeout(
          () => resolve({ kind: 'transient', reason: reason('channel.timeout', { seconds: Math.ceil(timeoutMs / 1000) }) }),
          timeoutMs + 1000,
        );
      });
      try {
        return await Promise.race([deliver(transport, mail, secrets, timeoutMs), aborted, timedOut]);
      } finally {
        clearTimeout(timer);
        if (onAbort) signal.removeEventListener('abort', onAbort);
      }
    },
    close(): Promise<void> {
      transport.close();
      return Promise.resolve();
    },
  };
}

async function deliver(
  transport: Transporter,
  mail: SendMailOptions,
  secrets: readonly string[],
  timeoutMs: number,
): Promise<SendOutcome> {
  try {
    const info = (await transport.sendMail(mail)) as { messageId?: string };
    return { kind: 'sent', providerMessageId: info.messageId ?? null };
  } catch (error) {
    const { responseCode, response, code } = error as { responseCode?: number; response?: string; code?: string };
    if (typeof responseCode === 'number' && responseCode >= 500)
      return {
        kind: 'permanent',
        reason: reason('channel.refused', { code: String(responseCode), detail: scrub(response ?? '', secrets) }),
      };
    if (typeof responseCode === 'number' && responseCode >= 400)
      return {
        kind: 'transient',
        reason: reason('channel.refused', { code: String(responseCode), detail: scrub(response ?? '', secrets) }),
      };
    if (code === 'ETIMEDOUT')
      return { kind: 'transient', reason: reason('channel.timeout', { seconds: Math.ceil(timeoutMs / 1000) }) };
    if (code === 'EAUTH' || code === 'EENVELOPE' || code === 'EMESSAGE')
      return { kind: 'permanent', reason: reason('channel.refused', { code: code, detail: scrub(response ?? code, secrets) }) };
    const cause = typeof code === 'string' ? code : error instanceof Error ? scrub(error.message, secrets) : 'error';
    return { kind: 'transient', reason: reason('channel.unreachable', { detail: cause }) };
  }
}

/** The address of a mailbox written `Name <address>` or as the bare address. */
function addressOf(mailbox: string): string {
  return /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
}
