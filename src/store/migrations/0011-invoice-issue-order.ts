/**
 * 0009: invoices listed by issue date, then number (`invoice list`, `GET /invoices`): an index
 * in that order, so a page is read in order rather than sorted.
 */
import type { Kysely } from 'kysely';

// Untyped on purpose, as in 0001: today's types must not shape this migration.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('invoices_issue_order_ix')
    .on('invoices')
    .columns(['business_id', 'issue_date', 'number'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('invoices_issue_order_ix').execute();
}
