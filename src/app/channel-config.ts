/**
 * What each provider's configuration holds and which of its fields are secret.
 *
 * ADAPTER, to be replaced at merge: the providers (branch i13-providers) export
 * `PROVIDER_CONFIG: Record<ProviderName, { schema, secretFields }>` from
 * `src/channels/index.ts`; until that lands this local map stands in for it with
 * the fields their documentation names. Only `channels.ts` reads it.
 */
import { z } from 'zod';
import type { ProviderName } from '../channels/channel.js';

export interface ProviderConfigSpec {
  readonly schema: z.ZodType<Record<string, unknown>>;
  /** Fields never printed back, never logged, never in an error or audit detail. */
  readonly secretFields: readonly string[];
}

const text = z.string().trim().min(1).max(500);
const url = z.url({ protocol: /^https?$/ }).max(500);
const secret = z.string().min(1).max(2000);

export const PROVIDER_CONFIG: Readonly<Record<ProviderName, ProviderConfigSpec>> = {
  wa_link: { schema: z.object({}).strict(), secretFields: [] },
  whatsapp_cloud: {
    schema: z
      .object({
        phoneNumberId: z.string().regex(/^\d{5,20}$/),
        accessToken: secret,
        appSecret: secret,
        verifyToken: secret,
        apiBase: url.optional(),
        templateName: text.optional(),
      })
      .strict(),
    secretFields: ['accessToken', 'appSecret', 'verifyToken'],
  },
  fonnte: {
    schema: z.object({ token: secret, apiBase: url.optional(), webhookSecret: secret.optional() }).strict(),
    secretFields: ['token', 'webhookSecret'],
  },
  sms_http: {
    schema: z
      .object({
        url,
        method: z.enum(['GET', 'POST']).default('POST'),
        toField: text.default('to'),
        textField: text.default('text'),
        apiKey: secret.optional(),
        apiKeyHeader: text.optional(),
        webhookSecret: secret.optional(),
      })
      .strict(),
    secretFields: ['apiKey', 'webhookSecret'],
  },
  twilio: {
    schema: z
      .object({
        accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
        authToken: secret,
        from: text,
        apiBase: url.optional(),
      })
      .strict(),
    secretFields: ['authToken'],
  },
  smtp: {
    schema: z
      .object({
        host: text,
        port: z.number().int().min(1).max(65535),
        secure: z.boolean().default(false),
        user: text.optional(),
        password: secret.optional(),
        from: z.email().max(254),
      })
      .strict(),
    secretFields: ['password'],
  },
};
