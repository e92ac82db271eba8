/**
 * Webhook requests signed the way each provider signs them, written independently of the
 * parsers in src/channels (so a shared mistake cannot make both agree), for tests of the parsers
 * and of the webhook routes.
 */
import { createHmac } from 'node:crypto';
import type { WebhookRequest } from '../../src/channels/channel.js';

/** `X-Hub-Signature-256` of a WhatsApp Cloud API webhook body. */
export function signWhatsappCloud(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** `X-Twilio-Signature`: base64 HMAC-SHA1 of the URL followed by each POST parameter's name and value, sorted by name. */
export function signTwilio(url: string, params: Readonly<Record<string, string>>, authToken: string): string {
  const names = Object.keys(params).sort();
  let data = url;
  for (const name of names) data += name + params[name];
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** A WhatsApp Cloud API webhook body (object whatsapp_business_account, one entry, one change). */
export function whatsappCloudPayload(value: {
  statuses?: {
    id: string;
    status: string;
    timestamp?: string;
    recipient_id?: string;
    errors?: { code: number; title: string }[];
  }[];
  messages?: { from: string; id?: string; timestamp?: string; type?: string; text?: { body: string } }[];
}): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '6281100000000', phone_number_id: '106540352242922' },
              ...(value.messages
                ? {
                    contacts: value.messages.map((message) => ({ profile: { name: 'Pelanggan' }, wa_id: message.from })),
                    messages: value.messages.map((message, index) => ({
                      id: `wamid.in${index}`,
                      timestamp: '1767225600',
                      type: 'text',
                      ...message,
                    })),
                  }
                : {}),
              ...(value.statuses
                ? {
                    statuses: value.statuses.map((status) => ({
                      timestamp: '1767225600',
                      recipient_id: '6281234567890',
                      ...status,
                    })),
                  }
                : {}),
            },
          },
        ],
      },
    ],
  });
}

/** A WhatsApp Cloud API webhook POST, signed with `appSecret` (or with `signature` as given, or unsigned when null). */
export function whatsappCloudRequest(body: string, appSecret: string, signature?: string | null): WebhookRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const sig = signature === undefined ? signWhatsappCloud(body, appSecret) : signature;
  if (sig !== null) headers['X-Hub-Signature-256'] = sig;
  return { method: 'POST', url: 'https://shop.example.com/api/v1/webhooks/whatsapp_cloud', headers, rawBody: Buffer.from(body) };
}

/** A Twilio form POST to `url`, signed with `authToken` (or with `signature` as given, or unsigned when null). */
export function twilioRequest(
  url: string,
  params: Readonly<Record<string, string>>,
  authToken: string,
  signature?: string | null,
): WebhookRequest {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const sig = signature === undefined ? signTwilio(url, params, authToken) : signature;
  if (sig !== null) headers['X-Twilio-Signature'] = sig;
  return { method: 'POST', url, headers, rawBody: Buffer.from(new URLSearchParams(params).toString()) };
}

/** A Fonnte webhook POST (JSON, unsigned) to a URL carrying `?secret=`. */
export function fonnteRequest(body: Readonly<Record<string, unknown>>, secret: string | null): WebhookRequest {
  const url = `https://shop.example.com/api/v1/webhooks/fonnte${secret === null ? '' : `?secret=${encodeURIComponent(secret)}`}`;
  return { method: 'POST', url, headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify(body)) };
}
