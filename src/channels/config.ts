/**
 * Each provider's configuration as the owner sets it (`lunas channel set`, `PATCH
 * /api/v1/channels`): its zod schema, and which of its fields are secrets (never printed back,
 * never logged, masked when shown). Every HTTP provider takes a `baseUrl` (SMTP a `host`) so
 * tests and the benchmark point it at a local stub on 127.0.0.1.
 */
import { z } from 'zod';
import type { ProviderName } from './channel.js';
import { RECIPIENT_FORMATS } from './phone.js';

const secret = z.string().min(1).max(1000);
const httpUrl = z.url({ protocol: /^https?$/ });
/** An http(s) base URL without a trailing slash. */
const baseUrl = httpUrl.transform((url) => url.replace(/\/+$/, ''));

export const waLinkConfig = z.strictObject({});

export const whatsappCloudConfig = z.strictObject({
  /** The WhatsApp Business phone number id (not the phone number itself). */
  phoneNumberId: z.string().regex(/^\d{5,30}$/),
  /** A system user access token. Secret. */
  accessToken: secret,
  /** The app secret, to check `X-Hub-Signature-256` on webhooks. Secret. */
  appSecret: secret,
  /** The token the owner typed in Meta's webhook settings, echoed in the verification request. Secret. */
  verifyToken: secret,
  /** Graph API version, e.g. `v21.0`. */
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default('v21.0'),
  baseUrl: baseUrl.default('https://graph.facebook.com'),
});

export const fonnteConfig = z.strictObject({
  /** The device token from Fonnte's device list. Secret. */
  token: secret,
  baseUrl: baseUrl.default('https://api.fonnte.com'),
  /** Fonnte's `countryCode` field (digits, default 62). */
  countryCode: z
    .string()
    .regex(/^\d{1,4}$/)
    .default('62'),
  /**
   * Fonnte's webhooks are not signed: the owner adds `?secret=<this>` to the webhook URL set in
   * Fonnte's dashboard, and the parser refuses any request without it. Secret.
   */
  webhookSecret: z.string().min(16).max(200).optional(),
});

const fieldName = z.string().regex(/^[A-Za-z0-9_.[\]-]{1,64}$/);

export const smsHttpConfig = z
  .strictObject({
    /** The gateway's send URL (put API keys in `extra` or `headers`, which are secret, not in the URL). */
    url: httpUrl,
    method: z.enum(['GET', 'POST']).default('POST'),
    /** POST bodies: `form` (application/x-www-form-urlencoded) or `json`. GET sends everything in the query. */
    bodyFormat: z.enum(['form', 'json']).default('form'),
    /** The names the gateway gives the recipient, the text and (optionally) the sender. */
    fields: z.strictObject({ recipient: fieldName, text: fieldName, sender: fieldName.optional() }),
    /** The sender id or number, sent in `fields.sender`. */
    sender: z.string().max(30).optional(),
    /** How the recipient is written: `+6281…` (e164), `6281…` (e164_digits) or `081…` (national). */
    recipientFormat: z.enum(RECIPIENT_FORMATS).default('e164_digits'),
    /** Fixed fields sent with every message (an API key, a route). Secret values. */
    extra: z.record(fieldName, z.string().max(1000)).default({}),
    /** Extra request headers (`Authorization`, `X-Api-Key`). Secret values. */
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(2000)).default({}),
    /** How success is recognised besides HTTP 2xx: a regular expression the body must match … */
    successPattern: z.string().max(200).optional(),
    /** … and/or a dotted path in a JSON answer (`status`, `data.0.ok`) that must equal `successValue`. */
    successPath: z.string().max(100).optional(),
    successValue: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** A dotted path in a JSON answer holding the gateway's message id. */
    messageIdPath: z.string().max(100).optional(),
    baseUrl: baseUrl.optional(),
  })
  .refine((config) => config.successPattern === undefined || isRegex(config.successPattern), {
    path: ['successPattern'],
  })
  .refine((config) => (config.successPath === undefined) === (config.successValue === undefined), {
    path: ['successValue'],
  });

export const twilioConfig = z
  .strictObject({
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
    /** The account's auth token: HTTP Basic password and the key of `X-Twilio-Signature`. Secret. */
    authToken: secret,
    /** A Twilio number in E.164 or an alphanumeric sender id … */
    from: z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11})$/)
      .optional(),
    /** … or a Messaging Service (`MG…`). One of the two is required. */
    messagingServiceSid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/)
      .optional(),
    /** Where Twilio posts delivery statuses (our webhook URL), sent as `StatusCallback`. */
    statusCallback: httpUrl.optional(),
    /**
     * The public origin Twilio calls webhooks on (`https://shop.example.com`), when Lunas runs
     * behind a proxy: signatures are computed over the URL Twilio used, not the one we see.
     */
    webhookBaseUrl: baseUrl.optional(),
    baseUrl: baseUrl.default('https://api.twilio.com'),
  })
  .refine((config) => config.from !== undefined || config.messagingServiceSid !== undefined, { path: ['from'] });

/** A mailbox: `shop@example.com` or `Toko Makmur <shop@example.com>`. */
const address = z
  .string()
  .trim()
  .max(320)
  .regex(/^(?:[^<>@]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/);

export const smtpConfig = z
  .strictObject({
    host: z.string().trim().min(1).max(255),
    port: z.coerce.number().int().min(1).max(65535).default(587),
    /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    user: z.string().max(320).optional(),
    /** Secret. */
    password: z.string().max(1000).optional(),
    /** `shop@example.com` or `Toko Makmur <shop@example.com>`. */
    from: address,
    replyTo: address.optional(),
    /** Accept a server certificate that does not verify (self-signed, local relays only). */
    allowInvalidCertificate: z.boolean().default(false),
  })
  // A user without a password would fail at every send (EAUTH): refused when set.
  .refine((config) => config.user === undefined || config.password !== undefined, { path: ['password'] });

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export type WaLinkConfig = z.output<typeof waLinkConfig>;
export type WhatsappCloudConfig = z.output<typeof whatsappCloudConfig>;
export type FonnteConfig = z.output<typeof fonnteConfig>;
export type SmsHttpConfig = z.output<typeof smsHttpConfig>;
export type TwilioConfig = z.output<typeof twilioConfig>;
export type SmtpConfig = z.output<typeof smtpConfig>;

export interface ProviderConfigs {
  wa_link: WaLinkConfig;
  whatsapp_cloud: WhatsappCloudConfig;
  fonnte: FonnteConfig;
  sms_http: SmsHttpConfig;
  twilio: TwilioConfig;
  smtp: SmtpConfig;
}

/**
 * Each provider's schema and its secret fields (top-level keys; for `headers` and `extra`
 * every value is secret). Mask them when showing a configuration; never log them.
 */
export const PROVIDER_CONFIG: {
  readonly [P in ProviderName]: { readonly schema: z.ZodType<ProviderConfigs[P]>; readonly secretFields: readonly string[] };
} = {
  wa_link: { schema: waLinkConfig, secretFields: [] },
  whatsapp_cloud: { schema: whatsappCloudConfig, secretFields: ['accessToken', 'appSecret', 'verifyToken'] },
  fonnte: { schema: fonnteConfig, secretFields: ['token', 'webhookSecret'] },
  sms_http: { schema: smsHttpConfig, secretFields: ['extra', 'headers'] },
  twilio: { schema: twilioConfig, secretFields: ['authToken'] },
  smtp: { schema: smtpConfig, secretFields: ['password'] },
};

/** Every secret string in a configuration (values of secret fields, and of secret records), for scrubbing. */
export function secretValues(name: ProviderName, config: unknown): string[] {
  const out: string[] = [];
  const record = (config ?? {}) as Record<string, unknown>;
  for (const key of PROVIDER_CONFIG[name].secretFields) {
    const value = record[key];
    if (typeof value === 'string') out.push(value);
    else if (value && typeof value === 'object')
      for (const inner of Object.values(value)) if (typeof inner === 'string') out.push(inner);
  }
  return out;
}

/** A configuration with every secret value replaced by `***` (what `channel show` may print). */
export function maskSecrets(name: ProviderName, config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const masked: Record<string, unknown> = { ...config };
  for (const key of PROVIDER_CONFIG[name].secretFields) {
    const value = masked[key];
    if (typeof value === 'string') masked[key] = '***';
    else if (value && typeof value === 'object')
      masked[key] = Object.fromEntries(Object.keys(value).map((inner) => [inner, '***']));
  }
  return masked;
}
