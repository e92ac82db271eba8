/**
 * The Meta WhatsApp Business Platform (Cloud API).
 *
 * Send: `POST {baseUrl}/{apiVersion}/{phoneNumberId}/messages` with a Bearer token and a JSON
 * body: an approved template (with its body parameters) when the message names one, else a
 * text message (only accepted inside the 24-hour window after the customer wrote). The answer
 * `{messages:[{id}]}` is `sent`; an error `{error:{code, message, error_data:{details}}}` is
 * permanent, except the codes Meta documents as throttling or temporary (rate limits, service
 * unavailable) and HTTP 429/5xx, which are transient. The API takes no idempotency key.
 *
 * Webhook: the GET verification handshake (`hub.mode=subscribe`, `hub.verify_token` equal to
 * the configured one: answer `hub.challenge`), and POSTs signed with `X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256 of the raw body with the app secret>`, carrying delivery statuses and
 * the customer's messages.
 */
import { createHmac } from 'node:crypto';
import type {
  DeliveryStatus,
  InboundReply,
  OutgoingMessage,
  Provider,
  SendOutcome,
  StatusUpdate,
  WebhookParser,
  WebhookRequest,
  WebhookResult,
} from './channel.js';
import type { WhatsappCloudConfig } from './config.js';
import {
  type ProviderDeps,
  asText,
  field,
  httpCall,
  parseJson,
  reason,
  scrub,
  statusOutcome,
  withRetryAfter,
  retryAfterSeconds,
} from './outcome.js';
import { isMobile, phoneDigits, toE164 } from './phone.js';
import { type WebhookOptions, fromUnixSeconds, header, nowOf, queryOf, refused, reply, safeEqual } from './webhook.js';

/**
 * Error codes Meta documents as throttling or temporary: API too many calls (4), rate limits
 * (80007, 130429, 131048 spam rate limit, 131056 pair rate limit), unknown/service errors (1, 2,
 * 131000 something went wrong, 131016 service unavailable, 133004 server temporarily unavailable).
 */
const TRANSIENT_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004]);
const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131048, 131056]);

export function whatsappCloudBody(message: OutgoingMessage, to: string): Record<string, unknown> {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  if (message.template)
    return {
      ...base,
      type: 'template',
      template: {
        name: message.template.name,
        language: { code: message.template.language },
        components:
          message.template.parameters.length > 0
            ? [{ type: 'body', parameters: message.template.parameters.map((text) => ({ type: 'text', text })) }]
            : [],
      },
    };
  return { ...base, type: 'text', text: { preview_url: false, body: message.text } };
}

export function whatsappCloudProvider(config: WhatsappCloudConfig, deps: ProviderDeps): Provider {
  const secrets = [config.accessToken, config.appSecret, config.verifyToken];
  const url = `${config.baseUrl}/${config.apiVersion}/${encodeURIComponent(config.phoneNumberId)}/messages`;
  return {
    name: 'whatsapp_cloud',
    channel: 'whatsapp',
    deduplicates: false,
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<SendOutcome> {
      const e164 = toE164(message.recipient);
      if (!e164) return { kind: 'permanent', reason: reason('channel.bad_recipient', { recipient: message.recipient }) };
      if (!isMobile(e164)) return { kind: 'permanent', reason: reason('channel.not_mobile', { recipient: message.recipient }) };
      const answer = await httpCall(
        deps,
        url,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${config.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(whatsappCloudBody(message, phoneDigits(e164))),
        },
        signal,
        secrets,
      );
      if (answer.kind === 'failed') return answer.outcome;
      const json = parseJson(answer.body);
      const id = asText(field(json, 'messages', 0, 'id'));
      if (answer.status >= 200 && answer.status < 300) {
        if (id) return { kind: 'sent', providerMessageId: id };
        // Accepted or not? Unknowable: transient, and the README says a retry may repeat it.
        return { kind: 'transient', reason: reason('channel.unreadable', { status: answer.status }) };
      }
      const code = field(json, 'error', 'code');
      if (typeof code !== 'number')
        return statusOutcome(answer.status, answer.headers, scrub(answer.body.slice(0, 200), secrets));
      const said = asText(field(json, 'error', 'message')) ?? '';
      const details = asText(field(json, 'error', 'error_data', 'details')) ?? '';
      const words =
        details && !said.toLowerCase().includes(details.toLowerCase().replace(/\.$/, ''))
          ? `${said}: ${details}`
          : said || details;
      const detail = scrub(words, secrets);
      if (answer.status === 429 || answer.status >= 500 || TRANSIENT_CODES.has(code)) {
        const why =
          answer.status === 429 || RATE_LIMIT_CODES.has(code)
            ? reason('channel.rate_limited', { detail: `${code} ${detail}` })
            : reason('channel.http_status', { status: answer.status, detail: `${code} ${detail}` });
        return withRetryAfter({ kind: 'transient', reason: why }, retryAfterSeconds(answer.headers));
      }
      return { kind: 'permanent', reason: reason('channel.refused', { code: String(code), detail }) };
    },
  };
}

const STATUSES: Readonly<Record<string, DeliveryStatus>> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
};

export function whatsappCloudWebhook(config: WhatsappCloudConfig, options?: WebhookOptions): WebhookParser {
  return {
    name: 'whatsapp_cloud',
    parse(request: WebhookRequest): WebhookResult {
      if (request.method === 'GET') {
        const query = queryOf(request);
        const challenge = query.get('hub.challenge');
        if (query.get('hub.mode') !== 'subscribe' || challenge === null) return refused('not_a_verification');
        if (!safeEqual(query.get('hub.verify_token') ?? '', config.verifyToken)) return refused('verify_token_mismatch');
        return { kind: 'challenge', body: challenge };
      }
      if (request.method !== 'POST') return refused('method_not_allowed');
      const signature = header(request, 'x-hub-signature-256');
      if (!signature) return refused('signature_missing');
      const expected = `sha256=${createHmac('sha256', config.appSecret).update(request.rawBody).digest('hex')}`;
      if (!safeEqual(signature.trim().toLowerCase(), expected)) return refused('signature_mismatch');
      const json = parseJson(request.rawBody.toString('utf8'));
      if (field(json, 'object') !== 'whatsapp_business_account') return refused('not_whatsapp_business_account');
      const statuses: StatusUpdate[] = [];
      const replies: InboundReply[] = [];
      const entries = field(json, 'entry');
      for (const entry of Array.isArray(entries) ? entries : []) {
        const changes = field(entry, 'changes');
        for (const change of Array.isArray(changes) ? changes : []) {
          if (field(change, 'field') !== 'messages') continue;
          const value = field(change, 'value');
          const rawStatuses = field(value, 'statuses');
          for (const status of Array.isArray(rawStatuses) ? rawStatuses : []) {
            const id = asText(field(status, 'id'));
            const mapped = STATUSES[asText(field(status, 'status')) ?? ''];
            if (!id || !mapped) continue;
            const title = asText(field(status, 'errors', 0, 'title')) ?? asText(field(status, 'errors', 0, 'message'));
            const code = asText(field(status, 'errors', 0, 'code'));
            const at = fromUnixSeconds(field(status, 'timestamp')) ?? nowOf(options);
            statuses.push(
              mapped === 'failed'
                ? { providerMessageId: id, status: mapped, at, reason: [code, title].filter(Boolean).join(' ') || 'failed' }
                : { providerMessageId: id, status: mapped, at },
            );
          }
          const messages = field(value, 'messages');
          for (const message of Array.isArray(messages) ? messages : []) {
            const from = asText(field(message, 'from'));
            const text =
              asText(field(message, 'text', 'body')) ??
              asText(field(message, 'button', 'text')) ??
              asText(field(message, 'interactive', 'button_reply', 'title'));
            if (!from || text === undefined) continue;
            replies.push(reply(from, text, fromUnixSeconds(field(message, 'timestamp')) ?? nowOf(options)));
          }
        }
      }
      return { kind: 'batch', batch: { statuses, replies } };
    },
  };
}
