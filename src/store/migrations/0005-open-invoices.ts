/**
 * 0005: a partial index of the open invoices that holds everything today's
 * aging reads (customer, due date, outstanding), so the report reads the index
 * alone. Only open invoices are in it: paid history does not grow it.
 */
import { type Kysely, sql } from 'kysely';

// Untyped on purpose, as in 0001: today's types must not shape this migration.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('invoices_open_cover_ix')
    .on('invoices')
    .columns(['business_id', 'customer_id', 'due_date', 'outstanding_minor'])
    .where(sql.ref('status'), '=', sql.lit('open'))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('invoices_open_cover_ix').execute();
}
