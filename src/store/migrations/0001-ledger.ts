/**
 * The first schema: tenants, customers, invoices, payments, the journal, audit
 * and idempotency records. Column types are the portable subset both SQLite and
 * PostgreSQL understand (text, integer, bigint).
 */
import { type Kysely, sql } from 'kysely';

// Kysely's migrator hands migrations an untyped database on purpose: the types of
// today's code must not shape yesterday's migration.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('businesses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('default_terms_days', 'integer', (c) => c.notNull())
    .addColumn('default_credit_limit_minor', 'bigint')
    .addColumn('overdue_block_days', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('ref', 'text')
    .addColumn('credit_limit_minor', 'bigint')
    .addColumn('terms_days', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('hold_reason', 'text')
    .addColumn('balance_minor', 'bigint', (c) => c.notNull())
    .addColumn('credit_minor', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customers_pk', ['business_id', 'id'])
    .addUniqueConstraint('customers_ref_uq', ['business_id', 'ref'])
    .execute();
  await db.schema.createIndex('customers_name_ix').on('customers').columns(['business_id', 'name']).execute();

  await db.schema
    .createTable('invoices')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal_minor', 'bigint', (c) => c.notNull())
    .addColumn('tax_minor', 'bigint', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('outstanding_minor', 'bigint', (c) => c.notNull().check(sqlCheck('outstanding_minor >= 0')))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_quick_sale', 'integer', (c) => c.notNull())
    .addColumn('override_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoices_pk', ['business_id', 'id'])
    .addUniqueConstraint('invoices_number_uq', ['business_id', 'number'])
    .addForeignKeyConstraint('invoices_customer_fk', ['business_id', 'customer_id'], 'customers', ['business_id', 'id'])
    .execute();
  await db.schema.createIndex('invoices_status_due_ix').on('invoices').columns(['business_id', 'status', 'due_date']).execute();
  await db.schema.createIndex('invoices_customer_ix').on('invoices').columns(['business_id', 'customer_id', 'status']).execute();

  await db.schema
    .createTable('invoice_lines')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity_milli', 'bigint', (c) => c.notNull())
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
    .addColumn('discount_minor', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate_bps', 'integer')
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('tax_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_lines_pk', ['business_id', 'invoice_id', 'line_no'])
    .addForeignKeyConstraint('invoice_lines_invoice_fk', ['business_id', 'invoice_id'], 'invoices', ['business_id', 'id'])
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('unapplied_minor', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('payments_pk', ['business_id', 'id'])
    .addForeignKeyConstraint('payments_customer_fk', ['business_id', 'customer_id'], 'customers', ['business_id', 'id'])
    .execute();
  await db.schema.createIndex('payments_customer_ix').on('payments').columns(['business_id', 'customer_id', 'date']).execute();

  await db.schema
    .createTable('payment_allocations')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull().check(sqlCheck('amount_minor > 0')))
    .addPrimaryKeyConstraint('payment_allocations_pk', ['business_id', 'payment_id', 'invoice_id'])
    .execute();
  await db.schema
    .createIndex('payment_allocations_invoice_ix')
    .on('payment_allocations')
    .columns(['business_id', 'invoice_id'])
    .execute();

  await db.schema
    .createTable('credit_notes')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('credit_notes_pk', ['business_id', 'id'])
    .addUniqueConstraint('credit_notes_number_uq', ['business_id', 'number'])
    .execute();

  await db.schema
    .createTable('journal_entries')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('reverses_entry_id', 'text')
    .addColumn('memo', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('journal_entries_pk', ['business_id', 'id'])
    .execute();
  await db.schema
    .createIndex('journal_entries_source_ix')
    .on('journal_entries')
    .columns(['business_id', 'source_type', 'source_id'])
    .execute();
  await db.schema.createIndex('journal_entries_date_ix').on('journal_entries').columns(['business_id', 'date']).execute();

  await db.schema
    .createTable('journal_lines')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('invoice_id', 'text')
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('journal_lines_pk', ['business_id', 'entry_id', 'line_no'])
    .addForeignKeyConstraint('journal_lines_entry_fk', ['business_id', 'entry_id'], 'journal_entries', ['business_id', 'id'])
    .execute();
  await db.schema
    .createIndex('journal_lines_invoice_ix')
    .on('journal_lines')
    .columns(['business_id', 'invoice_id', 'date'])
    .execute();
  await db.schema
    .createIndex('journal_lines_account_ix')
    .on('journal_lines')
    .columns(['business_id', 'account', 'customer_id'])
    .execute();

  await db.schema
    .createTable('sequences')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sequences_pk', ['business_id', 'name', 'year'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_log_pk', ['business_id', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_log_object_ix')
    .on('audit_log')
    .columns(['business_id', 'object_type', 'object_id'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('command', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'idempotency_keys',
    'audit_log',
    'sequences',
    'journal_lines',
    'journal_entries',
    'credit_notes',
    'payment_allocations',
    'payments',
    'invoice_lines',
    'invoices',
    'customers',
    'businesses',
  ])
    await db.schema.dropTable(table).execute();
}

function sqlCheck(expression: string) {
  return sql.raw(expression);
}
