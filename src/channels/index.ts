/**
 * The channels' public face: each provider's configuration schema and secret fields, the one
 * way to make a provider (`createProvider`) and a webhook parser (`createWebhookParser`), and
 * the phone helpers. See README.md in this folder.
 */
import type { Provider, ProviderName, WebhookParser } from './channel.js';
import { PROVIDER_CONFIG, type ProviderConfigs, secretValues } from './config.js';
import { fonnteProvider, fonnteWebhook } from './fonnte.js';
import { type ProviderDeps, reason } from './outcome.js';
import { smsHttpProvider } from './sms-http.js';
import { smtpProvider } from './smtp.js';
import { twilioProvider, twilioWebhook } from './twilio.js';
import { waLinkProvider } from './wa-link.js';
import type { WebhookOptions } from './webhook.js';
import { whatsappCloudProvider, whatsappCloudWebhook } from './whatsapp-cloud.js';
import { PROVIDER_CHANNEL } from './channel.js';

export * from './channel.js';
export { PROVIDER_CONFIG, maskSecrets, secretValues } from './config.js';
export type {
  FonnteConfig,
  ProviderConfigs,
  SmsHttpConfig,
  SmtpConfig,
  TwilioConfig,
  WaLinkConfig,
  WhatsappCloudConfig,
} from './config.js';
export { DEFAULT_TIMEOUT_MS, type ProviderDeps } from './outcome.js';
export {
  RECIPIENT_FORMATS,
  type RecipientFormat,
  formatRecipient,
  fromProviderNumber,
  isMobile,
  phoneDigits,
  toE164,
} from './phone.js';
export { isOptOutText, type WebhookOptions } from './webhook.js';
export { waLink } from './wa-link.js';
export { messageIdFor } from './smtp.js';
export { twilioSignature } from './twilio.js';

/** A configuration checked against the provider's schema (defaults filled in), or the paths of the fields that are wrong. */
export function parseProviderConfig<P extends ProviderName>(
  name: P,
  config: unknown,
): { ok: true; config: ProviderConfigs[P] } | { ok: false; fields: string[] } {
  const parsed = PROVIDER_CONFIG[name].schema.safeParse(config ?? {});
  if (parsed.success) return { ok: true, config: parsed.data as ProviderConfigs[P] };
  return { ok: false, fields: [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(config)'))] };
}

/**
 * The provider for a stored configuration. A configuration that does not pass its schema (it
 * was checked when saved, so only an old or hand-edited row) gives a provider whose every send
 * is a permanent failure naming the wrong fields: nothing throws at the dispatcher.
 */
export function createProvider(name: ProviderName, config: unknown, deps: ProviderDeps = {}): Provider {
  const parsed = parseProviderConfig(name, config);
  if (!parsed.ok) {
    const why = reason('channel.config_invalid', { fields: parsed.fields });
    return {
      name,
      channel: PROVIDER_CHANNEL[name],
      deduplicates: name === 'wa_link',
      send: () => Promise.resolve({ kind: 'permanent', reason: why }),
    };
  }
  switch (name) {
    case 'wa_link':
      return waLinkProvider();
    case 'whatsapp_cloud':
      return whatsappCloudProvider(parsed.config as ProviderConfigs['whatsapp_cloud'], deps);
    case 'fonnte':
      return fonnteProvider(parsed.config as ProviderConfigs['fonnte'], deps);
    case 'sms_http':
      return smsHttpProvider(parsed.config as ProviderConfigs['sms_http'], deps);
    case 'twilio':
      return twilioProvider(parsed.config as ProviderConfigs['twilio'], deps);
    case 'smtp':
      return smtpProvider(parsed.config as ProviderConfigs['smtp'], deps);
  }
}

/** Providers that post statuses or replies to us. */
export const WEBHOOK_PROVIDERS = ['whatsapp_cloud', 'fonnte', 'twilio'] as const satisfies readonly ProviderName[];

/**
 * The webhook parser of a provider that has webhooks (WhatsApp Cloud API, Fonnte, Twilio), or
 * undefined (click-to-chat, the generic SMS gateway, SMTP, or a configuration that does not
 * pass its schema). `options.now` gives the instant for updates that carry no time of their own.
 */
export function createWebhookParser(name: ProviderName, config: unknown, options?: WebhookOptions): WebhookParser | undefined {
  const parsed = parseProviderConfig(name, config);
  if (!parsed.ok) return undefined;
  switch (name) {
    case 'whatsapp_cloud':
      return whatsappCloudWebhook(parsed.config as ProviderConfigs['whatsapp_cloud'], options);
    case 'fonnte':
      return fonnteWebhook(parsed.config as ProviderConfigs['fonnte'], options);
    case 'twilio':
      return twilioWebhook(parsed.config as ProviderConfigs['twilio'], options);
    default:
      return undefined;
  }
}

/** Every secret value of a configuration (to scrub from logs). */
export const secretsOf = (name: ProviderName, config: unknown): string[] => secretValues(name, config);
