/**
 * Fonnte (https://docs.fonnte.com), the WhatsApp gateway many Indonesian small businesses use.
 *
 * Send: `POST {baseUrl}/send` with the device token in `Authorization` (no scheme) and form
 * fields `target`, `message`, `countryCode`. Fonnte answers HTTP 200 either way:
 * `{status:true, id:[…], process, target:[…]}` is `sent` (the first id), `{status:false,
 * reason}` is a refusal, permanent unless the reason is about the device being disconnected,
 * the quota or a rate limit (transient). No idempotency key.
 *
 * Webhook: Fonnte posts JSON to the URLs set on the device: status updates (`id`, `status`,
 * `state`, `stateid`) and incoming messages (`sender`, `message`). It does not sign them, so
 * the owner puts a secret in the webhook URL (`?secret=…`, `webhookSecret`) and anything
 * without it is refused.
 */
import type {
  InboundReply,
  OutgoingMessage,
  Provider,
  SendOutcome,
  StatusUpdate,
  WebhookParser,
  WebhookRequest,
  WebhookResult,
} from './channel.js';
import type { FonnteConfig } from './config.js';
import { type ProviderDeps, asText, field, httpCall, parseJson, reason, scrub, statusOutcome } from './outcome.js';
import { isMobile, phoneDigits, toE164 } from './phone.js';
import { type WebhookOptions, fromUnixSeconds, nowOf, queryOf, refused, reply, safeEqual } from './webhook.js';

/** Refusals that go away by themselves: a disconnected device, the quota, a rate limit, a busy server. */
const TRANSIENT_REASON = /disconnect|quota|limit|busy|again|timeout|maintenance|server|pending/i;

export function fonnteProvider(config: FonnteConfig, deps: ProviderDeps): Provider {
  const secrets = [config.token, ...(config.webhookSecret ? [config.webhookSecret] : [])];
  return {
    name: 'fonnte',
    channel: 'whatsapp',
    deduplicates: false,
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<SendOutcome> {
      const e164 = toE164(message.recipient);
      if (!e164) return { kind: 'permanent', reason: reason('channel.bad_recipient', { recipient: message.recipient }) };
      if (!isMobile(e164)) return { kind: 'permanent', reason: reason('channel.not_mobile', { recipient: message.recipient }) };
      const form = new URLSearchParams({ target: phoneDigits(e164), message: message.text, countryCode: config.countryCode });
      const answer = await httpCall(
        deps,
        `${config.baseUrl}/send`,
        {
          method: 'POST',
          headers: { authorization: config.token, 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        },
        signal,
        secrets,
      );
      if (answer.kind === 'failed') return answer.outcome;
      const json = parseJson(answer.body);
      const ok = field(json, 'status');
      if (answer.status < 200 || answer.status >= 300)
        return statusOutcome(
          answer.status,
          answer.headers,
          scrub(asText(field(json, 'reason')) ?? answer.body.slice(0, 200), secrets),
        );
      if (ok === true) {
        const id = asText(field(json, 'id', 0)) ?? asText(field(json, 'id'));
        return { kind: 'sent', providerMessageId: id ?? null };
      }
      if (ok === false) {
        const why = scrub(asText(field(json, 'reason')) ?? asText(field(json, 'detail')) ?? '', secrets);
        return TRANSIENT_REASON.test(why)
          ? { kind: 'transient', reason: reason('channel.refused', { code: null, detail: why }) }
          : { kind: 'permanent', reason: reason('channel.refused', { code: null, detail: why }) };
      }
      return { kind: 'transient', reason: reason('channel.unreadable', { status: answer.status }) };
    },
  };
}

const FAILED_STATUSES = new Set(['invalid', 'expired', 'failed', 'url unreachable', 'rejected']);

export function fonnteWebhook(config: FonnteConfig, options?: WebhookOptions): WebhookParser {
  return {
    name: 'fonnte',
    parse(request: WebhookRequest): WebhookResult {
      if (request.method !== 'POST') return refused('method_not_allowed');
      if (!config.webhookSecret) return refused('webhook_secret_not_set');
      if (!safeEqual(queryOf(request).get('secret') ?? '', config.webhookSecret)) return refused('secret_mismatch');
      const json = parseJson(request.rawBody.toString('utf8'));
      if (json === null || typeof json !== 'object') return refused('malformed_body');
      const statuses: StatusUpdate[] = [];
      const replies: InboundReply[] = [];
      const at = fromUnixSeconds(field(json, 'timestamp')) ?? nowOf(options);
      const sender = asText(field(json, 'sender'));
      const text = asText(field(json, 'message')) ?? asText(field(json, 'text'));
      const id = asText(field(json, 'id'));
      if (sender && text !== undefined) replies.push(reply(sender, text, at));
      else if (id) {
        const state = (asText(field(json, 'state')) ?? '').toLowerCase();
        const status = (asText(field(json, 'status')) ?? '').toLowerCase();
        if (state === 'read') statuses.push({ providerMessageId: id, status: 'read', at });
        else if (state === 'delivered') statuses.push({ providerMessageId: id, status: 'delivered', at });
        else if (FAILED_STATUSES.has(status)) statuses.push({ providerMessageId: id, status: 'failed', at, reason: status });
        else if (status === 'sent' || state === 'sent') statuses.push({ providerMessageId: id, status: 'sent', at });
      } else return refused('malformed_body');
      return { kind: 'batch', batch: { statuses, replies } };
    },
  };
}
