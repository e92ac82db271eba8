/**
 * The collection engine: policy versions, the state the daily run moves on
 * invoices and customers (fee periods, ladder steps, holds, limit changes),
 * the commitments customers make (plans, promises, disputes, reported
 * payments), the timeline of collection events, the outbox of messages and
 * the record of which business-days have run.
 */
import type { Kysely } from 'kysely';

// Untyped on purpose, as in 0001: today's types must not shape this migration.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await alterInvoicesAndCustomers(db);
  await db.schema
    .createTable('collection_policies')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    // Null: the business's policy; else the customer's own.
    .addColumn('customer_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('collection_policies_pk', ['business_id', 'id'])
    .execute();
  await db.schema
    .createIndex('collection_policies_customer_ix')
    .on('collection_policies')
    .columns(['business_id', 'customer_id', 'version'])
    .execute();

  await db.schema
    .createTable('collection_events')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    // Derived from what the event is (`late_fee:<invoice>:<period>`): the final guard against doing it twice.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('collection_events_pk', ['business_id', 'id'])
    .addUniqueConstraint('collection_events_key_uq', ['business_id', 'key'])
    .execute();
  await db.schema
    .createIndex('collection_events_customer_ix')
    .on('collection_events')
    .columns(['business_id', 'customer_id', 'date'])
    .execute();
  await db.schema.createIndex('collection_events_date_ix').on('collection_events').columns(['business_id', 'date']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('outbox_pk', ['business_id', 'id'])
    .addUniqueConstraint('outbox_key_uq', ['business_id', 'key'])
    .execute();
  await db.schema.createIndex('outbox_status_ix').on('outbox').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('collection_runs')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('collection_runs_pk', ['business_id', 'date'])
    .execute();

  await createCommitments(db);
}

async function alterInvoicesAndCustomers(db: AnyDb): Promise<void> {
  const invoiceColumns: [string, 'text' | 'integer' | 'bigint', boolean][] = [
    ['policy_id', 'text', false],
    ['fee_periods_done', 'integer', true],
    ['fees_charged_minor', 'bigint', true],
    ['discount_minor', 'bigint', true],
    ['reminder_steps_done', 'integer', true],
    ['settled_on', 'text', false],
    ['plan_id', 'text', false],
    ['dispute_id', 'text', false],
    ['write_off_suggested_on', 'text', false],
  ];
  for (const [name, type, counter] of invoiceColumns)
    await db.schema
      .alterTable('invoices')
      .addColumn(name, type, (c) => (counter ? c.notNull().defaultTo(0) : c))
      .execute();
  await db.schema.createIndex('invoices_settled_ix').on('invoices').columns(['business_id', 'settled_on']).execute();
  await db.schema.createIndex('invoices_plan_ix').on('invoices').columns(['business_id', 'plan_id']).execute();
  // As-of reads subtract what was posted after a date; this finds those lines without a scan.
  await db.schema.createIndex('journal_lines_date_ix').on('journal_lines').columns(['business_id', 'date']).execute();
  for (const name of ['hold_source', 'escalation_paused_until', 'limit_lowered_on', 'limit_restored_on', 'reminded_on'])
    await db.schema.alterTable('customers').addColumn(name, 'text').execute();
  await db.schema.alterTable('customers').addColumn('limit_before_lowering_minor', 'bigint').execute();
}

async function createCommitments(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('promises')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('promised_date', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('paid_minor', 'bigint', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('resolved_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('promises_pk', ['business_id', 'id'])
    .execute();
  await db.schema.createIndex('promises_status_ix').on('promises').columns(['business_id', 'status', 'customer_id']).execute();

  await db.schema
    .createTable('disputes')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('resolution', 'text')
    .addColumn('credit_note_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disputes_pk', ['business_id', 'id'])
    .execute();
  await db.schema.createIndex('disputes_invoice_ix').on('disputes').columns(['business_id', 'invoice_id']).execute();

  await db.schema
    .createTable('pending_payments')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text')
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('reference', 'text')
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reported_on', 'text', (c) => c.notNull())
    .addColumn('resolved_on', 'text')
    .addColumn('payment_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pending_payments_pk', ['business_id', 'id'])
    .execute();
  await db.schema
    .createIndex('pending_payments_status_ix')
    .on('pending_payments')
    .columns(['business_id', 'status', 'customer_id'])
    .execute();

  await db.schema
    .createTable('payment_plans')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('invoice_ids', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_plans_pk', ['business_id', 'id'])
    .execute();
  await db.schema.createIndex('payment_plans_status_ix').on('payment_plans').columns(['business_id', 'status']).execute();

  await db.schema
    .createTable('plan_instalments')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('reminder_steps_done', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_instalments_pk', ['business_id', 'plan_id', 'seq'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'plan_instalments',
    'payment_plans',
    'pending_payments',
    'disputes',
    'promises',
    'collection_runs',
    'outbox',
    'collection_events',
    'collection_policies',
  ])
    await db.schema.dropTable(table).execute();
}
