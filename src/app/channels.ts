/**
 * The channels a business sends on (issue 13): per channel, the provider, its
 * configuration, a rate limit and whether it is on. Owner only. Secrets (the
 * provider's secret fields) are stored, handed to the provider, and otherwise
 * never shown again: listings mask them (`••••1234`, or `set`), and neither an
 * error nor the audit log carries a value (the audit names the fields changed).
 * WhatsApp without settings is click-to-chat (`wa_link`): it needs no account.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { PROVIDERS, PROVIDER_CHANNEL, type ProviderName } from '../channels/channel.js';
import { CHANNELS, type Channel } from '../core/policy.js';
import { type Business } from '../core/parties.js';
import { type Result, invalid, notFound, ok } from '../core/result.js';
import { type Text, t } from '../core/i18n/catalogue.js';
import { cleanText, hasVisibleCharacter } from '../core/text.js';
import {
  type ChannelSettingRow,
  channelSettingsOf,
  removeChannelSetting,
  saveChannelSetting,
} from '../store/channel-settings-repo.js';
import type { Database } from '../store/schema.js';
import { PROVIDER_CONFIG } from './channel-config.js';
import { runCommand } from './command.js';
import type { AppContext } from './context.js';
import { requirePermission } from './permissions.js';
import { parseInput, zodErrorFields } from './validate.js';

/** Messages a minute a channel may be limited to at most. */
export const CHANNEL_RATE_MAX = 6000;
export { PROVIDERS };
/** The provider of a channel without settings: WhatsApp goes by click-to-chat links. */
const DEFAULT_PROVIDER: Partial<Record<Channel, ProviderName>> = { whatsapp: 'wa_link' };

export interface ChannelView {
  channel: Channel;
  provider: ProviderName;
  enabled: boolean;
  ratePerMinute: number | null;
  /** The configuration, every secret field masked (`••••1234`, or `set`). */
  config: Record<string, unknown>;
  /** The provider's secret fields (masked in `config` when set). */
  secretFields: string[];
  /** `default`: nothing set (WhatsApp click-to-chat); `set`: the owner's settings. */
  source: 'default' | 'set';
  updatedAt: string | null;
}

/** A secret as it may be shown: its last four characters when long enough to keep the rest hidden, else only that it is set. */
export function maskSecret(value: unknown): string {
  return typeof value === 'string' && value.length >= 12 ? `••••${value.slice(-4)}` : 'set';
}

function view(row: ChannelSettingRow): ChannelView {
  const provider = row.provider as ProviderName;
  const secretFields = [...(PROVIDER_CONFIG[provider]?.secretFields ?? [])];
  const config = Object.fromEntries(
    Object.entries(row.config).map(([field, value]) => [field, secretFields.includes(field) ? maskSecret(value) : value]),
  );
  return {
    channel: row.channel as Channel,
    provider,
    enabled: row.enabled,
    ratePerMinute: row.ratePerMinute,
    config,
    secretFields,
    source: 'set',
    updatedAt: row.updatedAt,
  };
}

function defaultView(channel: Channel, provider: ProviderName): ChannelView {
  return {
    channel,
    provider,
    enabled: true,
    ratePerMinute: null,
    config: {},
    secretFields: [],
    source: 'default',
    updatedAt: null,
  };
}

/** Every channel as the owner reads it: set ones with secrets masked, WhatsApp click-to-chat when unset. */
export async function listChannels(ctx: AppContext, business: Business): Promise<Result<{ channels: ChannelView[] }>> {
  const allowed = requirePermission(ctx.actor, 'business.settings');
  if (!allowed.ok) return allowed;
  const rows = await channelSettingsOf(ctx.store.db, business.id);
  const channels: ChannelView[] = [];
  for (const channel of CHANNELS) {
    const row = rows.find((candidate) => candidate.channel === channel);
    const fallback = DEFAULT_PROVIDER[channel];
    if (row) channels.push(view(row));
    else if (fallback) channels.push(defaultView(channel, fallback));
  }
  return ok({ channels });
}

/** The channels the business sends on: WhatsApp unless turned off (click-to-chat needs no account), others once set and on. */
export function configuredChannels(rows: readonly Pick<ChannelSettingRow, 'channel' | 'enabled'>[]): Set<Channel> {
  const set = new Set<Channel>();
  for (const channel of CHANNELS) {
    const row = rows.find((candidate) => candidate.channel === channel);
    if (row ? row.enabled : DEFAULT_PROVIDER[channel] !== undefined) set.add(channel);
  }
  return set;
}

export async function loadConfiguredChannels(db: Kysely<Database>, businessId: string): Promise<Set<Channel>> {
  return configuredChannels(await channelSettingsOf(db, businessId));
}

const setSchema = z
  .object({
    channel: z.enum(CHANNELS),
    provider: z.enum(PROVIDERS).optional(),
    /** Fields to set; null removes one. The rest of the stored configuration stays (secrets need not be typed again). */
    config: z.record(z.string().max(100), z.unknown()).optional(),
    ratePerMinute: z.number().int().min(1).max(CHANNEL_RATE_MAX).nullable().optional(),
    enabled: z.boolean().optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type SetChannelInput = z.input<typeof setSchema>;

/**
 * Sets a channel: its provider (which must serve the channel), configuration checked against the provider's schema,
 * rate and whether it is on. Changing the provider starts its configuration afresh.
 */
export async function setChannel(ctx: AppContext, business: Business, input: SetChannelInput): Promise<Result<ChannelView>> {
  const allowed = requirePermission(ctx.actor, 'business.settings');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(setSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  return runCommand(ctx, { scope: business.id, command: 'channel.set', idempotencyKey, request }, async (trx, tools) => {
    const before = (await channelSettingsOf(trx, business.id)).find((row) => row.channel === request.channel);
    const provider = request.provider ?? (before?.provider as ProviderName | undefined) ?? DEFAULT_PROVIDER[request.channel];
    if (provider === undefined) return invalid({ provider: t('channel.provider_needed', { channel: request.channel }) });
    if (PROVIDER_CHANNEL[provider] !== request.channel)
      return invalid({ provider: t('channel.provider_wrong', { provider, channel: request.channel }) });
    const kept = before && before.provider === provider ? before.config : {};
    const merged: Record<string, unknown> = { ...kept };
    for (const [field, value] of Object.entries(request.config ?? {}))
      if (value === null) delete merged[field];
      else merged[field] = value;
    // The text rule's last step (parseInput refused control characters already): a value must show something.
    const blank: Record<string, Text> = {};
    for (const [field, value] of Object.entries(request.config ?? {}))
      if (typeof value === 'string' && !hasVisibleCharacter(cleanText(value))) blank[`config.${field}`] = t('text.no_visible');
    if (Object.keys(blank).length > 0) return invalid(blank);
    const spec = PROVIDER_CONFIG[provider];
    const checked = spec.schema.safeParse(merged);
    if (!checked.success) {
      // Named by field, with the reason only: the value given (a secret, perhaps) is never repeated.
      const fields: Record<string, Text> = {};
      for (const [field, reason] of Object.entries(zodErrorFields(checked.error, 'config'))) fields[`config.${field}`] = reason;
      return invalid(fields);
    }
    const config = checked.data as Record<string, unknown>;
    const setting = {
      channel: request.channel,
      provider,
      config,
      enabled: request.enabled ?? before?.enabled ?? true,
      ratePerMinute: request.ratePerMinute === undefined ? (before?.ratePerMinute ?? null) : request.ratePerMinute,
    };
    await saveChannelSetting(trx, business.id, setting, tools.now);
    const previous = before && before.provider === provider ? before.config : {};
    const changedFields = [...new Set([...Object.keys(previous), ...Object.keys(config)])]
      .filter((field) => JSON.stringify(previous[field]) !== JSON.stringify(config[field]))
      .sort();
    // Which fields changed, never their values: a secret must not reach the audit log.
    await tools.audit('channel.set', 'channel', request.channel, {
      provider: { from: before?.provider ?? null, to: provider },
      enabled: setting.enabled,
      ratePerMinute: setting.ratePerMinute,
      configFieldsChanged: changedFields,
    });
    return ok(view({ ...setting, updatedAt: tools.now }));
  });
}

const removeSchema = z.object({ channel: z.enum(CHANNELS), idempotencyKey: z.string().optional() }).strict();

/** Removes a channel's settings (WhatsApp goes back to click-to-chat). */
export async function removeChannel(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof removeSchema>,
): Promise<Result<{ channel: Channel; removed: true }>> {
  const allowed = requirePermission(ctx.actor, 'business.settings');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(removeSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, channel } = parsed.value;
  return runCommand(
    ctx,
    { scope: business.id, command: 'channel.remove', idempotencyKey, request: { channel } },
    async (trx, tools) => {
      if (!(await removeChannelSetting(trx, business.id, channel))) return notFound('channel', channel);
      await tools.audit('channel.remove', 'channel', channel, {});
      return ok({ channel, removed: true as const });
    },
  );
}
