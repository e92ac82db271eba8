/**
 * The channels a business sends on (`channel_settings`, migration 0012): per
 * channel, the provider and its configuration (secrets included: whoever
 * prints these masks the provider's secret fields).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface ChannelSettingRow {
  readonly channel: string;
  readonly provider: string;
  readonly config: Record<string, unknown>;
  readonly enabled: boolean;
  readonly ratePerMinute: number | null;
  readonly updatedAt: string;
}

/** Every channel the business configured, enabled or not. */
export async function channelSettingsOf(db: Kysely<Database>, businessId: string): Promise<ChannelSettingRow[]> {
  const rows = await db
    .selectFrom('channel_settings')
    .selectAll()
    .where('business_id', '=', businessId)
    .orderBy('channel')
    .execute();
  return rows.map((row) => ({
    channel: row.channel,
    provider: row.provider,
    config: JSON.parse(row.config) as Record<string, unknown>,
    enabled: row.enabled === 1,
    ratePerMinute: row.rate_per_minute,
    updatedAt: row.updated_at,
  }));
}

/** Sets a channel's provider, configuration, rate and whether it is on (one row per business and channel). */
export async function saveChannelSetting(
  db: Kysely<Database>,
  businessId: string,
  setting: Omit<ChannelSettingRow, 'updatedAt'>,
  updatedAt: string,
): Promise<void> {
  const values = {
    provider: setting.provider,
    config: JSON.stringify(setting.config),
    enabled: setting.enabled ? 1 : 0,
    rate_per_minute: setting.ratePerMinute,
    updated_at: updatedAt,
  };
  await db
    .insertInto('channel_settings')
    .values({ business_id: businessId, channel: setting.channel, ...values })
    .onConflict((conflict) => conflict.columns(['business_id', 'channel']).doUpdateSet(values))
    .execute();
}

/** Removes a channel's settings; true when there were some. */
export async function removeChannelSetting(db: Kysely<Database>, businessId: string, channel: string): Promise<boolean> {
  const result = await db
    .deleteFrom('channel_settings')
    .where('business_id', '=', businessId)
    .where('channel', '=', channel)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
