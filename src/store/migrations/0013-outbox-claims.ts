/**
 * 0013: the dispatcher's per-channel rate limit (issue 13, decision 0020).
 * `outbox.claimed_at` is the instant a dispatcher last took the message to
 * hand it to its provider; the messages of a business and channel claimed in
 * the last minute are what `channel_settings.rate_per_minute` counts against.
 */
import type { Kysely } from 'kysely';

// Untyped on purpose, as in 0001: today's types must not shape this migration.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('claimed_at', 'text').execute();
  await db.schema.createIndex('outbox_claimed_ix').on('outbox').columns(['business_id', 'channel', 'claimed_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('outbox_claimed_ix').execute();
  await db.schema.alterTable('outbox').dropColumn('claimed_at').execute();
}
