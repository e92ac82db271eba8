/**
 * 0006: how far back a person may date an entry without saying so
 * (`businesses.backdate_days_max`, default 366 days), and an index of payments
 * by their reference, so a payment can be found by the reference a person sees;
 * and each journal entry's place in its business's book (`journal_entries.seq`,
 * one more than the latest), so entries made at the same instant (a fixed clock,
 * two processes) keep the order they were posted in. Entries from before this
 * migration and imported ones have none and fall back to their id. Sessions
 * are indexed by expiry, for the worker's purge.
 */
import type { Kysely } from 'kysely';

// Untyped on purpose, as in 0001: today's types must not shape this migration.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('businesses')
    .addColumn('backdate_days_max', 'integer', (c) => c.notNull().defaultTo(366))
    .execute();
  await db.schema.createIndex('payments_reference_ix').on('payments').columns(['business_id', 'reference']).execute();
  await db.schema.alterTable('journal_entries').addColumn('seq', 'bigint').execute();
  await db.schema.createIndex('journal_entries_seq_ix').on('journal_entries').columns(['business_id', 'seq']).execute();
  // The worker purges expired sessions on every tick; the index keeps that a range read.
  await db.schema.createIndex('sessions_expires_ix').on('sessions').columns(['expires_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('sessions_expires_ix').execute();
  await db.schema.dropIndex('journal_entries_seq_ix').execute();
  await db.schema.alterTable('journal_entries').dropColumn('seq').execute();
  await db.schema.dropIndex('payments_reference_ix').execute();
  await db.schema.alterTable('businesses').dropColumn('backdate_days_max').execute();
}
