/**
 * Twilio's Programmable Messaging (SMS).
 *
 * Send: `POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP Basic
 * (AccountSid:AuthToken), form fields `To`, `From` or `MessagingServiceSid`, `Body`, and
 * `StatusCallback` when configured. `201 {sid}` is `sent`; an error `{code, message, status}`
 * is permanent for 4xx (21211 invalid To, 20003 bad credentials…), transient for 429 (20429) and
 * 5xx. No idempotency key.
 *
 * Webhook: status callbacks and incoming SMS are form posts signed with `X-Twilio-Signature`:
 * base64 HMAC-SHA1, keyed with the auth token, of the full URL Twilio called followed by every
 * POST parameter's name and value, sorted by name.
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
import type { TwilioConfig } from './config.js';
import {
  type ProviderDeps,
  asText,
  field,
  httpCall,
  parseJson,
  reason,
  retryAfterSeconds,
  scrub,
  statusOutcome,
  withRetryAfter,
} from './outcome.js';
import { isMobile, toE164 } from './phone.js';
import { type WebhookOptions, formFields, header, nowOf, refused, reply, safeEqual } from './webhook.js';

export function twilioProvider(config: TwilioConfig, deps: ProviderDeps): Provider {
  const secrets = [config.authToken, `${config.accountSid}:${config.authToken}`];
  const url = `${config.baseUrl}/2010-04-01/Accounts/${config.accountSid}/Messages.json`;
  const basic = Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64');
  return {
    name: 'twilio',
    channel: 'sms',
    deduplicates: false,
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<SendOutcome> {
      const e164 = toE164(message.recipient);
      if (!e164) return { kind: 'permanent', reason: reason('channel.bad_recipient', { recipient: message.recipient }) };
      if (!isMobile(e164)) return { kind: 'permanent', reason: reason('channel.not_mobile', { recipient: message.recipient }) };
      const form = new URLSearchParams({ To: e164, Body: message.text });
      if (config.messagingServiceSid) form.set('MessagingServiceSid', config.messagingServiceSid);
      else if (config.from) form.set('From', config.from);
      if (config.statusCallback) form.set('StatusCallback', config.statusCallback);
      const answer = await httpCall(
        deps,
        url,
        {
          method: 'POST',
          headers: {
            authorization: `Basic ${basic}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: form,
        },
        signal,
        secrets,
      );
      if (answer.kind === 'failed') return answer.outcome;
      const json = parseJson(answer.body);
      if (answer.status >= 200 && answer.status < 300) {
        const sid = asText(field(json, 'sid'));
        return sid
          ? { kind: 'sent', providerMessageId: sid }
          : { kind: 'transient', reason: reason('channel.unreadable', { status: answer.status }) };
      }
      const code = asText(field(json, 'code'));
      const words = asText(field(json, 'message'));
      if (!code || !words) return statusOutcome(answer.status, answer.headers, scrub(answer.body.slice(0, 200), secrets));
      const detail = scrub(words, secrets);
      if (answer.status === 429)
        return withRetryAfter(
          { kind: 'transient', reason: reason('channel.rate_limited', { detail: `${code} ${detail}` }) },
          retryAfterSeconds(answer.headers),
        );
      if (answer.status >= 500)
        return withRetryAfter(
          { kind: 'transient', reason: reason('channel.http_status', { status: answer.status, detail: `${code} ${detail}` }) },
          retryAfterSeconds(answer.headers),
        );
      return { kind: 'permanent', reason: reason('channel.refused', { code, detail }) };
    },
  };
}

/** The signature Twilio sends for a form post to `url` (used to check, and by the test stubs' counterpart). */
export function twilioSignature(authToken: string, url: string, params: readonly (readonly [string, string])[]): string {
  const sorted = [...params].sort(([a, va], [b, vb]) => (a < b ? -1 : a > b ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  const data = url + sorted.map(([name, value]) => name + value).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

const STATUSES: Readonly<Record<string, DeliveryStatus>> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

export function twilioWebhook(config: TwilioConfig, options?: WebhookOptions): WebhookParser {
  return {
    name: 'twilio',
    parse(request: WebhookRequest): WebhookResult {
      if (request.method !== 'POST') return refused('method_not_allowed');
      const signature = header(request, 'x-twilio-signature');
      if (!signature) return refused('signature_missing');
      const seen = new URL(request.url, 'http://localhost');
      const url = config.webhookBaseUrl ? `${config.webhookBaseUrl}${seen.pathname}${seen.search}` : seen.href;
      const params = formFields(request.rawBody);
      if (!safeEqual(signature.trim(), twilioSignature(config.authToken, url, params))) return refused('signature_mismatch');
      const get = (name: string) => params.find(([key]) => key === name)?.[1];
      if (get('AccountSid') !== undefined && get('AccountSid') !== config.accountSid) return refused('other_account');
      const at = nowOf(options);
      const statuses: StatusUpdate[] = [];
      const replies: InboundReply[] = [];
      const sid = get('MessageSid') ?? get('SmsSid');
      const status = get('MessageStatus') ?? get('SmsStatus');
      const body = get('Body');
      if (body !== undefined && get('From') && (status === undefined || status === 'received'))
        replies.push(reply(get('From') ?? '', body, at));
      else if (sid && status) {
        const mapped = STATUSES[status];
        const code = get('ErrorCode');
        if (mapped)
          statuses.push(
            mapped === 'failed'
              ? { providerMessageId: sid, status: mapped, at, reason: [status, code].filter(Boolean).join(' ') }
              : { providerMessageId: sid, status: mapped, at },
          );
      } else return refused('malformed_body');
      return { kind: 'batch', batch: { statuses, replies } };
    },
  };
}
