/**
 * 0012: messages that leave the system (issue 13).
 * - `outbox` gains what delivery needs: the purpose of the message, a subject
 *   (email), the provider and its message id, when it may go (`not_before`:
 *   quiet hours, backoff), the lease of the dispatcher sending it, the last
 *   error, the click-to-chat link, and when it last changed.
 * - `outbox_events`: the history of each message (queued, claimed, sent,
 *   delivered, read, failed, retried, cancelled), one row per change.
 * - `channel_settings`: per business and channel, the provider and its
 *   configuration (secrets included: never printed back, never logged) and its
 *   rate limit.
 * - `customers` gain their channel preferences: preferred channel, fallback
 *   order, the channels they opted out of, and their language.
 * - `businesses` gain quiet hours and the details an invoice shows (address,
 *   NPWP, phone, email).
 * - `customer_notes`: the communication log (calls, visits, notes, replies).
 * - `message_templates`: the owner's own wording per purpose and language.
 */
import type { Kysely } from 'kysely';

// Untyped on purpose, as in 0001: today's types must not shape this migration.
type AnyDb = Kysely<any>;

const OUTBOX_COLUMNS: readonly [string, 'text' | 'integer'][] = [
  ['purpose', 'text'],
  ['subject', 'text'],
  ['provider', 'text'],
  ['provider_message_id', 'text'],
  ['not_before', 'text'],
  ['lease_owner', 'text'],
  ['lease_until', 'text'],
  ['last_error', 'text'],
  ['link', 'text'],
  ['updated_at', 'text'],
];

export async function up(db: AnyDb): Promise<void> {
  for (const [name, type] of OUTBOX_COLUMNS) await db.schema.alterTable('outbox').addColumn(name, type).execute();
  await db.updateTable('outbox').set({ purpose: 'reminder' }).execute();
  await db.schema.createIndex('outbox_due_ix').on('outbox').columns(['status', 'not_before']).execute();
  await db.schema.createIndex('outbox_customer_ix').on('outbox').columns(['business_id', 'customer_id', 'created_at']).execute();
  await db.schema.createIndex('outbox_provider_id_ix').on('outbox').columns(['provider', 'provider_message_id']).execute();

  await db.schema
    .createTable('outbox_events')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('outbox_events_pk', ['business_id', 'id'])
    .execute();
  await db.schema
    .createIndex('outbox_events_message_ix')
    .on('outbox_events')
    .columns(['business_id', 'outbox_id', 'at'])
    .execute();

  await db.schema
    .createTable('channel_settings')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('rate_per_minute', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_settings_pk', ['business_id', 'channel'])
    .execute();

  await db.schema.alterTable('customers').addColumn('preferred_channel', 'text').execute();
  await db.schema.alterTable('customers').addColumn('channel_order', 'text').execute();
  await db.schema
    .alterTable('customers')
    .addColumn('opted_out', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('customers').addColumn('locale', 'text').execute();

  await db.schema
    .alterTable('businesses')
    .addColumn('quiet_start', 'text', (c) => c.notNull().defaultTo('21:00'))
    .execute();
  await db.schema
    .alterTable('businesses')
    .addColumn('quiet_end', 'text', (c) => c.notNull().defaultTo('07:00'))
    .execute();
  for (const name of ['address', 'npwp', 'phone', 'email'])
    await db.schema.alterTable('businesses').addColumn(name, 'text').execute();

  await db.schema
    .createTable('customer_notes')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_notes_pk', ['business_id', 'id'])
    .execute();
  await db.schema
    .createIndex('customer_notes_customer_ix')
    .on('customer_notes')
    .columns(['business_id', 'customer_id', 'date'])
    .execute();

  await db.schema
    .createTable('message_templates')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_templates_pk', ['business_id', 'purpose', 'locale'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['message_templates', 'customer_notes', 'channel_settings', 'outbox_events'])
    await db.schema.dropTable(table).execute();
  for (const name of ['email', 'phone', 'npwp', 'address', 'quiet_end', 'quiet_start'])
    await db.schema.alterTable('businesses').dropColumn(name).execute();
  for (const name of ['locale', 'opted_out', 'channel_order', 'preferred_channel'])
    await db.schema.alterTable('customers').dropColumn(name).execute();
  await db.schema.dropIndex('outbox_provider_id_ix').execute();
  await db.schema.dropIndex('outbox_customer_ix').execute();
  await db.schema.dropIndex('outbox_due_ix').execute();
  for (const [name] of [...OUTBOX_COLUMNS].reverse()) await db.schema.alterTable('outbox').dropColumn(name).execute();
}
