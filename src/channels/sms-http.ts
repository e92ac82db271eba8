/**
 * A generic SMS HTTP gateway, configured by the owner: the URL, GET (everything in the query) or
 * POST (a form or JSON body), the names of the recipient, text and sender fields, fixed extra
 * fields and headers (API keys: secret), how the recipient is written, and how success is
 * recognised (HTTP 2xx, and optionally a body pattern or a JSON value at a dotted path). HTTP
 * 429 and 5xx are transient; another answer that is not success is permanent. No idempotency key.
 */
import type { OutgoingMessage, Provider, SendOutcome } from './channel.js';
import type { SmsHttpConfig } from './config.js';
import { type ProviderDeps, asText, field, httpCall, parseJson, reason, scrub, statusOutcome } from './outcome.js';
import { formatRecipient, isMobile } from './phone.js';

/** A dotted path (`data.0.id`) in a JSON value. */
export function atPath(value: unknown, path: string): unknown {
  return field(value, ...path.split('.').filter((part) => part.length > 0));
}

export function smsHttpProvider(config: SmsHttpConfig, deps: ProviderDeps): Provider {
  const secrets = [...Object.values(config.extra), ...Object.values(config.headers)];
  const target = config.baseUrl ? config.baseUrl + new URL(config.url).pathname + new URL(config.url).search : config.url;
  const pattern = config.successPattern === undefined ? undefined : new RegExp(config.successPattern);
  return {
    name: 'sms_http',
    channel: 'sms',
    deduplicates: false,
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<SendOutcome> {
      const recipient = formatRecipient(message.recipient, config.recipientFormat);
      if (recipient === null)
        return { kind: 'permanent', reason: reason('channel.bad_recipient', { recipient: message.recipient }) };
      if (!isMobile(message.recipient))
        return { kind: 'permanent', reason: reason('channel.not_mobile', { recipient: message.recipient }) };
      const fields: Record<string, string> = {
        ...config.extra,
        [config.fields.recipient]: recipient,
        [config.fields.text]: message.text,
      };
      if (config.fields.sender && config.sender !== undefined) fields[config.fields.sender] = config.sender;
      const headers: Record<string, string> = { ...config.headers };
      let url = target;
      let body: string | undefined;
      if (config.method === 'GET') {
        const query = new URL(target);
        for (const [name, value] of Object.entries(fields)) query.searchParams.set(name, value);
        url = query.href;
      } else if (config.bodyFormat === 'json') {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(fields);
      } else {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(fields).toString();
      }
      const answer = await httpCall(
        deps,
        url,
        { method: config.method, headers, ...(body === undefined ? {} : { body }) },
        signal,
        secrets,
      );
      if (answer.kind === 'failed') return answer.outcome;
      const detail = scrub(answer.body.slice(0, 200), secrets);
      if (answer.status < 200 || answer.status >= 300) return statusOutcome(answer.status, answer.headers, detail);
      const json = config.successPath !== undefined || config.messageIdPath !== undefined ? parseJson(answer.body) : undefined;
      if ((config.successPath !== undefined || config.messageIdPath !== undefined) && json === undefined)
        return { kind: 'transient', reason: reason('channel.unreadable', { status: answer.status }) };
      const matches = pattern === undefined || pattern.test(answer.body);
      const valueOk = config.successPath === undefined || atPath(json, config.successPath) === config.successValue;
      if (!matches || !valueOk) return { kind: 'permanent', reason: reason('channel.refused', { code: null, detail }) };
      const id = config.messageIdPath === undefined ? undefined : asText(atPath(json, config.messageIdPath));
      return { kind: 'sent', providerMessageId: id ?? null };
    },
  };
}
