/**
 * The import's reads (what of a file is already in the book) and its bulk
 * writes: rows go in through the dialect's fastest insert, projections are
 * written as computed, not replayed line by line.
 */
import { type Kysely, sql } from 'kysely';
import { chunked } from './batches.js';
import type { BulkColumn, DialectSeam } from './dialects/seam.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Past this many keys, reading every key of the business beats asking for each. */
const KEYS_ASKED_ONE_BY_ONE_MAX = 5_000;
const KEYS_PER_QUERY = 500;

/** The invoice numbers of `numbers` the business already has. */
export async function existingInvoiceNumbers(db: Db, businessId: string, numbers: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (numbers.length > KEYS_ASKED_ONE_BY_ONE_MAX) {
    const rows = await db.selectFrom('invoices').select('number').where('business_id', '=', businessId).execute();
    const wanted = new Set(numbers);
    for (const row of rows) if (wanted.has(row.number)) found.add(row.number);
    return found;
  }
  for (const batch of chunked(numbers, KEYS_PER_QUERY)) {
    const rows = await db
      .selectFrom('invoices')
      .select('number')
      .where('business_id', '=', businessId)
      .where('number', 'in', batch)
      .execute();
    for (const row of rows) found.add(row.number);
  }
  return found;
}

/** Customer ids by ref, for the refs of `refs` the business already has. */
export async function customerIdsByRef(db: Db, businessId: string, refs: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (refs.length > KEYS_ASKED_ONE_BY_ONE_MAX) {
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'ref'])
      .where('business_id', '=', businessId)
      .where('ref', 'is not', null)
      .execute();
    const wanted = new Set(refs);
    for (const row of rows) if (row.ref !== null && wanted.has(row.ref)) found.set(row.ref, row.id);
    return found;
  }
  for (const batch of chunked(refs, KEYS_PER_QUERY)) {
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'ref'])
      .where('business_id', '=', businessId)
      .where('ref', 'in', batch)
      .execute();
    for (const row of rows) if (row.ref !== null) found.set(row.ref, row.id);
  }
  return found;
}

const text = (name: string): BulkColumn => ({ name, type: 'text' });
const bigint = (name: string): BulkColumn => ({ name, type: 'bigint' });
const integer = (name: string): BulkColumn => ({ name, type: 'integer' });

/** The columns of each table the import fills, in the order of the rows it passes. */
export const IMPORT_COLUMNS = {
  customers: [
    text('business_id'),
    text('id'),
    text('name'),
    text('phone'),
    text('email'),
    text('ref'),
    bigint('credit_limit_minor'),
    integer('terms_days'),
    text('status'),
    bigint('balance_minor'),
    bigint('credit_minor'),
    text('created_at'),
    text('updated_at'),
    text('tags'),
  ],
  invoices: [
    text('business_id'),
    text('id'),
    text('number'),
    text('customer_id'),
    text('issue_date'),
    text('due_date'),
    text('currency'),
    bigint('subtotal_minor'),
    bigint('tax_minor'),
    bigint('total_minor'),
    bigint('outstanding_minor'),
    text('status'),
    integer('is_quick_sale'),
    text('created_at'),
    text('policy_id'),
    integer('fee_periods_done'),
    integer('reminder_steps_done'),
    text('settled_on'),
    text('dispute_id'),
  ],
  invoice_lines: [
    text('business_id'),
    text('invoice_id'),
    integer('line_no'),
    text('description'),
    bigint('quantity_milli'),
    bigint('unit_price_minor'),
    bigint('discount_minor'),
    bigint('amount_minor'),
    bigint('tax_minor'),
  ],
  journal_entries: [
    text('business_id'),
    text('id'),
    text('code'),
    text('date'),
    text('source_type'),
    text('source_id'),
    text('memo'),
    text('created_at'),
  ],
  journal_lines: [
    text('business_id'),
    text('entry_id'),
    integer('line_no'),
    text('account'),
    text('customer_id'),
    text('invoice_id'),
    bigint('amount_minor'),
    text('date'),
  ],
  payments: [
    text('business_id'),
    text('id'),
    text('customer_id'),
    bigint('amount_minor'),
    text('method'),
    text('date'),
    text('reference'),
    bigint('unapplied_minor'),
    text('created_at'),
  ],
  payment_allocations: [text('business_id'), text('payment_id'), text('invoice_id'), bigint('amount_minor')],
  disputes: [
    text('business_id'),
    text('id'),
    text('invoice_id'),
    text('customer_id'),
    text('reason'),
    text('status'),
    text('opened_on'),
    text('created_at'),
    text('closed_on'),
    text('resolution'),
  ],
} as const satisfies Record<string, readonly BulkColumn[]>;

export type ImportTable = keyof typeof IMPORT_COLUMNS;

/** Tables other tables of the import point at by foreign key. */
const FOREIGN_KEY_PARENTS = new Set<string>(['customers', 'invoices', 'journal_entries']);

/**
 * PostgreSQL checks each foreign key with a planned lookup of the parent; planned
 * on the statistics of an empty table, the lookup is a scan, and checking n rows
 * costs n scans. A parent is analysed (inside the transaction) once it has rows.
 */
export async function refreshParentStatistics(seam: DialectSeam, trx: Db, table: string): Promise<void> {
  if (seam.name === 'postgres' && FOREIGN_KEY_PARENTS.has(table)) await sql`analyze ${sql.table(table)}`.execute(trx);
}

/** Adds imported receivables to customers who were already in the book. */
export async function addToCustomerBalances(db: Db, businessId: string, deltas: ReadonlyMap<string, number>, now: string) {
  const ids = [...deltas.keys()].filter((id) => deltas.get(id) !== 0);
  for (const batch of chunked(ids, 200)) {
    const delta = sql<number>`(case id ${sql.join(
      batch.map((id) => sql`when ${id} then cast(${deltas.get(id) as number} as bigint)`),
      sql` `,
    )} end)`;
    await db
      .updateTable('customers')
      .set({ balance_minor: sql`balance_minor + ${delta}`, updated_at: now })
      .where('business_id', '=', businessId)
      .where('id', 'in', batch)
      .execute();
  }
}

/** Moves a document sequence past numbers an import brought in, so new numbers never collide. */
export async function raiseSequence(db: Db, businessId: string, name: string, year: number, atLeast: number): Promise<void> {
  await db
    .insertInto('sequences')
    .values({ business_id: businessId, name, year, last_value: atLeast })
    .onConflict((conflict) =>
      conflict.columns(['business_id', 'name', 'year']).doUpdateSet({
        last_value: sql`case when sequences.last_value > ${atLeast} then sequences.last_value else ${atLeast} end`,
      }),
    )
    .execute();
}

/** Fresh planner statistics after a large import (PostgreSQL would otherwise plan for empty tables). */
export async function refreshStatistics(db: Db, seam: DialectSeam): Promise<void> {
  if (seam.name === 'postgres')
    await sql`analyze invoices, invoice_lines, journal_entries, journal_lines, payments, payment_allocations, customers`.execute(
      db,
    );
  else await sql`analyze`.execute(db);
}
