/**
 * Posting to the journal (`postEntry`, or `postEntries` for many at once). Posting is the only code that moves the projections
 * (invoice outstanding, customer balance and credit): it applies each entry's
 * receivable and customer-credit lines in the same transaction, so the
 * projections cannot drift from the journal except through a bug that
 * `verify` reports.
 */
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { assert } from '../core/assert.js';
import { type JournalEntryDraft, type JournalLine, assertPostable } from '../core/ledger.js';
import { INVOICE_STATUSES, invoiceStatusFor } from '../core/invoices.js';
import { MONEY_MAX } from '../core/money.js';
import { chunked } from './batches.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Appends an entry and its lines, and applies them to the projections. */
export async function postEntry(
  db: Db,
  businessId: string,
  entryId: string,
  entry: JournalEntryDraft,
  createdAt: string,
): Promise<void> {
  await postEntries(db, businessId, [{ entryId, entry }], createdAt);
}

/**
 * The invoice's status once its outstanding is `outstanding`, as SQL: core's one rule
 * (`invoiceStatusFor`) tabulated over every status and both kinds of outstanding (none, some),
 * so the database applies exactly the rule core states, inside the update that moves the amount.
 */
export function statusFollowingSql(outstanding: RawBuilder<number>): RawBuilder<string> {
  return sql<string>`case status ${sql.join(
    INVOICE_STATUSES.map(
      (status) =>
        sql`when ${status} then (case when ${outstanding} = 0 then ${invoiceStatusFor(status, 0)} else ${invoiceStatusFor(status, 1)} end)`,
    ),
    sql` `,
  )} else status end`;
}

/** Entries per insert statement in `postEntries` (lines: the same count of statements, chunked alike). */
const ENTRIES_PER_STATEMENT_MAX = 400;
/** Rows per CASE update of the projections. */
const PROJECTION_ROWS_PER_STATEMENT_MAX = 200;

/**
 * Posts many entries at once (the collection run's fees): the same rows and
 * projection changes as posting them one by one, in a few statements per
 * few hundred entries instead of five per entry.
 */
export async function postEntries(
  db: Db,
  businessId: string,
  entries: readonly { entryId: string; entry: JournalEntryDraft }[],
  createdAt: string,
): Promise<void> {
  for (const { entry } of entries) assertPostable(entry);
  // Before anything moves: the business's journal total stays within the money bound, so every balance does too.
  await claimJournalRoom(db, businessId, entriesSize(entries.map(({ entry }) => entry)));
  for (const batch of chunked(entries, ENTRIES_PER_STATEMENT_MAX)) {
    await db
      .insertInto('journal_entries')
      .values(
        batch.map(({ entryId, entry }) => ({
          business_id: businessId,
          id: entryId,
          code: entry.code,
          date: entry.date,
          source_type: entry.sourceType,
          source_id: entry.sourceId,
          reverses_entry_id: entry.reversesEntryId ?? null,
          memo: entry.memo ?? null,
          created_at: createdAt,
          // The order of posting, whatever the clock says: entries of one statement share the number and keep their id order.
          seq: sql<number>`(select coalesce(max(seq), 0) + 1 from journal_entries where business_id = ${businessId})`,
        })),
      )
      .execute();
    await db
      .insertInto('journal_lines')
      .values(
        batch.flatMap(({ entryId, entry }) =>
          entry.lines.map((line, index) => ({
            business_id: businessId,
            entry_id: entryId,
            line_no: index + 1,
            account: line.account,
            customer_id: line.customerId ?? null,
            invoice_id: line.invoiceId ?? null,
            amount_minor: line.amount,
            date: entry.date,
          })),
        ),
      )
      .execute();
  }
  const invoiceDeltas = new Map<string, { delta: number; date: string }>();
  const customerDeltas = new Map<string, { balance: number; credit: number }>();
  for (const { entry } of entries)
    for (const line of entry.lines) {
      if (line.account !== 'receivable' && line.account !== 'customer_credit') continue;
      const customer = customerDeltas.get(line.customerId as string) ?? { balance: 0, credit: 0 };
      if (line.account === 'receivable') {
        customer.balance += line.amount;
        if (line.invoiceId) {
          const invoice = invoiceDeltas.get(line.invoiceId) ?? { delta: 0, date: entry.date };
          invoice.delta += line.amount;
          if (entry.date > invoice.date) invoice.date = entry.date;
          invoiceDeltas.set(line.invoiceId, invoice);
        }
      } else customer.credit -= line.amount;
      customerDeltas.set(line.customerId as string, customer);
    }
  const cast = (value: number) => sql<number>`cast(${value} as bigint)`;
  for (const ids of chunked(
    [...invoiceDeltas.keys()].filter((id) => invoiceDeltas.get(id)?.delta !== 0),
    PROJECTION_ROWS_PER_STATEMENT_MAX,
  )) {
    const delta = sql<number>`(case id ${sql.join(
      ids.map((id) => sql`when ${id} then ${cast((invoiceDeltas.get(id) as { delta: number }).delta)}`),
      sql` `,
    )} end)`;
    const date = sql<string>`(case id ${sql.join(
      ids.map((id) => sql`when ${id} then ${(invoiceDeltas.get(id) as { date: string }).date}`),
      sql` `,
    )} end)`;
    const updated = await db
      .updateTable('invoices')
      .set({
        outstanding_minor: sql`outstanding_minor + ${delta}`,
        status: statusFollowingSql(sql`outstanding_minor + ${delta}`),
        settled_on: sql`case when outstanding_minor + ${delta} = 0 then ${date} else null end`,
      })
      .where('business_id', '=', businessId)
      .where('id', 'in', ids)
      .executeTakeFirst();
    assert(Number(updated.numUpdatedRows) === ids.length, 'posting to unknown invoices');
  }
  const changed = [...customerDeltas.entries()].filter(([, d]) => d.balance !== 0 || d.credit !== 0);
  notePosted(
    db,
    businessId,
    changed.map(([customerId, d]) => ({ customerId, balanceLowered: d.balance < 0 })),
  );
  for (const batch of chunked(changed, PROJECTION_ROWS_PER_STATEMENT_MAX)) {
    const ids = batch.map(([id]) => id);
    const byId = new Map(batch);
    const balance = sql`(case id ${sql.join(
      ids.map((id) => sql`when ${id} then ${cast((byId.get(id) as { balance: number }).balance)}`),
      sql` `,
    )} end)`;
    const credit = sql`(case id ${sql.join(
      ids.map((id) => sql`when ${id} then ${cast((byId.get(id) as { credit: number }).credit)}`),
      sql` `,
    )} end)`;
    const updated = await db
      .updateTable('customers')
      .set({ balance_minor: sql`balance_minor + ${balance}`, credit_minor: sql`credit_minor + ${credit}`, updated_at: createdAt })
      .where('business_id', '=', businessId)
      .where('id', 'in', ids)
      .executeTakeFirst();
    assert(Number(updated.numUpdatedRows) === ids.length, 'posting to unknown customers');
  }
}

/**
 * A write would take a business's journal total past the money bound (decision 0014). The
 * command wrapper turns it into `validation_failed` naming the command's money field.
 */
export class MoneyBoundExceeded extends Error {
  constructor(readonly businessId: string) {
    super(`the journal total of business ${businessId} would pass ${MONEY_MAX}`);
  }
}

/** What entries add to the journal total: the sum of their positive lines, each entry counted once by its size. */
export function entriesSize(entries: readonly JournalEntryDraft[]): bigint {
  let size = 0n;
  for (const entry of entries) for (const line of entry.lines) if (line.amount > 0) size += BigInt(line.amount);
  return size;
}

/**
 * The journal total as this transaction sees it, by business: what the row said when first read
 * (`recorded`) and what the transaction has posted since (`pending`). Kept beside the transaction
 * object, like the customers it posted to; `flushJournalTotals` writes `pending` before commit.
 */
const roomByTransaction = new WeakMap<object, Map<string, { recorded: bigint; pending: bigint }>>();

async function journalRoom(db: Db, businessId: string): Promise<{ recorded: bigint; pending: bigint }> {
  let byBusiness = roomByTransaction.get(db);
  if (!byBusiness) roomByTransaction.set(db, (byBusiness = new Map()));
  let room = byBusiness.get(businessId);
  if (!room) {
    // As text: a store filled before the bound existed may hold more than a safe integer.
    const row = await db
      .selectFrom('businesses')
      .select(sql<string>`cast(journal_total_minor as text)`.as('total'))
      .where('id', '=', businessId)
      .executeTakeFirstOrThrow();
    room = { recorded: BigInt(row.total), pending: 0n };
    byBusiness.set(businessId, room);
  }
  return room;
}

/** How much more the business may record in this transaction before its journal total passes the bound. */
export async function journalRoomLeft(db: Db, businessId: string): Promise<bigint> {
  const room = await journalRoom(db, businessId);
  const left = BigInt(MONEY_MAX) - room.recorded - room.pending;
  return left > 0n ? left : 0n;
}

/** Takes `size` of the business's room under the bound in this transaction, or throws MoneyBoundExceeded. */
export async function claimJournalRoom(db: Db, businessId: string, size: bigint): Promise<void> {
  if (size === 0n) return;
  const room = await journalRoom(db, businessId);
  if (room.recorded + room.pending + size > BigInt(MONEY_MAX)) throw new MoneyBoundExceeded(businessId);
  room.pending += size;
}

/**
 * Adds what this transaction posted to each business's journal total, as the last write before
 * commit (so the business row is locked only at the very end). A concurrent transaction that took
 * the room since it was read makes this one throw MoneyBoundExceeded: nothing passes the bound.
 */
export async function flushJournalTotals(db: Db): Promise<void> {
  const byBusiness = roomByTransaction.get(db);
  roomByTransaction.delete(db);
  for (const [businessId, room] of byBusiness ?? []) {
    if (room.pending === 0n) continue;
    const pending = sql<number>`cast(${String(room.pending)} as bigint)`;
    const updated = await db
      .updateTable('businesses')
      .set({ journal_total_minor: sql`journal_total_minor + ${pending}` })
      .where('id', '=', businessId)
      .where(sql<number>`journal_total_minor + ${pending}`, '<=', sql<number>`cast(${String(MONEY_MAX)} as bigint)`)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new MoneyBoundExceeded(businessId);
  }
}

/**
 * The customers whose receivable or credit moved in a transaction, by business,
 * and whether their balance went down: the command wrapper reads them before it
 * commits, to apply credit to open invoices and lift the holds that payments
 * cleared (app/settlement.ts). Kept beside the transaction object, so nothing
 * outlives it.
 */
const postedByTransaction = new WeakMap<object, Map<string, Map<string, boolean>>>();

/** Notes customers whose balances moved in this transaction (postEntries does; so does the import's bulk writer). */
export function notePosted(db: Db, businessId: string, changes: Iterable<{ customerId: string; balanceLowered: boolean }>): void {
  let byBusiness = postedByTransaction.get(db);
  if (!byBusiness) postedByTransaction.set(db, (byBusiness = new Map()));
  const noted = byBusiness.get(businessId) ?? new Map<string, boolean>();
  for (const { customerId, balanceLowered } of changes) noted.set(customerId, (noted.get(customerId) ?? false) || balanceLowered);
  if (noted.size > 0) byBusiness.set(businessId, noted);
}

/** The customers noted since the last call, by business, each with whether their balance went down; the note is cleared. */
export function takePosted(db: Db): Map<string, Map<string, boolean>> {
  const byBusiness = postedByTransaction.get(db) ?? new Map<string, Map<string, boolean>>();
  postedByTransaction.delete(db);
  return byBusiness;
}

/** The latest date of a customer's credit lines: the credit they hold now was all there on that day. */
export async function creditSince(db: Db, businessId: string, customerId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('journal_lines')
    .select((eb) => eb.fn.max('date').as('latest'))
    .where('business_id', '=', businessId)
    .where('account', '=', 'customer_credit')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return (row?.latest as string | null | undefined) ?? undefined;
}

/** The latest date each invoice's receivable moved: what it owes now, it owed on that day. */
export async function lastMovedOn(db: Db, businessId: string, invoiceIds: readonly string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const ids of chunked(invoiceIds, PROJECTION_ROWS_PER_STATEMENT_MAX)) {
    const rows = await db
      .selectFrom('journal_lines')
      .select(['invoice_id', (eb) => eb.fn.max('date').as('latest')])
      .where('business_id', '=', businessId)
      .where('invoice_id', 'in', ids)
      .groupBy('invoice_id')
      .execute();
    for (const row of rows) if (row.invoice_id) result.set(row.invoice_id, row.latest as string);
  }
  return result;
}

/** A page of the journal in id order (ids are time-ordered), with each entry's lines: for exports. */
export async function journalPage(
  db: Db,
  businessId: string,
  afterId: string | undefined,
  limit: number,
): Promise<
  { id: string; date: string; code: string; sourceType: string; sourceId: string; memo: string | null; lines: JournalLine[] }[]
> {
  let query = db.selectFrom('journal_entries').selectAll().where('business_id', '=', businessId);
  if (afterId !== undefined) query = query.where('id', '>', afterId);
  const entries = await query.orderBy('id').limit(limit).execute();
  if (entries.length === 0) return [];
  const lines = await db
    .selectFrom('journal_lines')
    .selectAll()
    .where('business_id', '=', businessId)
    .where(
      'entry_id',
      'in',
      entries.map((entry) => entry.id),
    )
    .orderBy('entry_id')
    .orderBy('line_no')
    .execute();
  const byEntry = new Map<string, JournalLine[]>();
  for (const line of lines) {
    const list = byEntry.get(line.entry_id) ?? [];
    list.push({
      account: line.account as JournalLine['account'],
      amount: line.amount_minor as JournalLine['amount'],
      customerId: line.customer_id ?? undefined,
      invoiceId: line.invoice_id ?? undefined,
    });
    byEntry.set(line.entry_id, list);
  }
  return entries.map((entry) => ({
    id: entry.id,
    date: entry.date,
    code: entry.code,
    sourceType: entry.source_type,
    sourceId: entry.source_id,
    memo: entry.memo,
    lines: byEntry.get(entry.id) ?? [],
  }));
}

/** The lines of the entries a source document posted, in order. */
export async function entriesOfSource(
  db: Db,
  businessId: string,
  sourceType: string,
  sourceId: string,
): Promise<{ id: string; code: string; lines: JournalLine[] }[]> {
  const entries = await db
    .selectFrom('journal_entries')
    .select(['id', 'code'])
    .where('business_id', '=', businessId)
    .where('source_type', '=', sourceType)
    .where('source_id', '=', sourceId)
    .orderBy('id')
    .execute();
  const result = [];
  for (const entry of entries) {
    const lines = await db
      .selectFrom('journal_lines')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('entry_id', '=', entry.id)
      .orderBy('line_no')
      .execute();
    result.push({
      id: entry.id,
      code: entry.code,
      lines: lines.map((line) => ({
        account: line.account as JournalLine['account'],
        amount: line.amount_minor as JournalLine['amount'],
        customerId: line.customer_id ?? undefined,
        invoiceId: line.invoice_id ?? undefined,
      })),
    });
  }
  return result;
}

/** A late fee still standing: its entry, the invoice, the period key it was charged under, its date and amount. */
export interface StandingFee {
  readonly entryId: string;
  readonly invoiceId: string;
  /** `late_fee:<invoice>:<period>`, the fee's key. */
  readonly key: string;
  readonly date: string;
  readonly amount: number;
}

/** The late fees on some invoices dated after a day (and on or before `until`), not waived since; oldest first. */
export async function lateFeesAfter(
  db: Db,
  businessId: string,
  invoiceIds: readonly string[],
  after: string,
  until?: string,
): Promise<StandingFee[]> {
  const fees: StandingFee[] = [];
  for (const ids of chunked(invoiceIds, PROJECTION_ROWS_PER_STATEMENT_MAX)) {
    let query = db
      .selectFrom('journal_lines as l')
      .innerJoin('journal_entries as e', (join) =>
        join.onRef('e.business_id', '=', 'l.business_id').onRef('e.id', '=', 'l.entry_id'),
      )
      .select([
        'e.id as entryId',
        'e.source_id as key',
        'e.date as date',
        'l.invoice_id as invoiceId',
        'l.amount_minor as amount',
      ])
      .where('l.business_id', '=', businessId)
      .where('l.invoice_id', 'in', ids)
      .where('l.account', '=', 'receivable')
      .where('l.date', '>', after)
      .where('e.code', '=', 'late_fee')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('journal_entries as r')
              .select('r.id')
              .where('r.business_id', '=', businessId)
              .where('r.source_type', '=', 'fee_waiver')
              .whereRef('r.source_id', '=', 'e.source_id'),
          ),
        ),
      );
    if (until !== undefined) query = query.where('l.date', '<=', until);
    const rows = await query.orderBy('e.date').orderBy('e.id').execute();
    for (const row of rows)
      fees.push({
        entryId: row.entryId,
        invoiceId: row.invoiceId as string,
        key: row.key,
        date: row.date,
        amount: Number(row.amount),
      });
  }
  return fees;
}

/** The latest date any entry of the business is dated, or undefined for an empty journal. */
export async function latestEntryDate(db: Db, businessId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('journal_entries')
    .select((eb) => eb.fn.max('date').as('latest'))
    .where('business_id', '=', businessId)
    .executeTakeFirst();
  return (row?.latest as string | null | undefined) ?? undefined;
}

/**
 * A void says the invoice never existed: the lines of a voided invoice (its issue
 * and the void's reversal, the only ones an untouched invoice has) are left out of
 * every view of a day. `lines` is the journal_lines table's name or alias.
 */
export function notOfVoidedInvoice(lines: string) {
  return sql<SqlBool>`not exists (select 1 from invoices v where v.business_id = ${sql.ref(`${lines}.business_id`)} and v.id = ${sql.ref(`${lines}.invoice_id`)} and v.status = 'void')`;
}

/** The earliest date any entry of the business is dated (a voided invoice's entries aside), or undefined for an empty journal. */
export async function earliestEntryDate(db: Db, businessId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('journal_entries as e')
    .select((eb) => eb.fn.min('e.date').as('earliest'))
    .where('e.business_id', '=', businessId)
    .where(
      sql<SqlBool>`not (e.source_type = 'invoice' and exists (select 1 from invoices v where v.business_id = e.business_id and v.id = e.source_id and v.status = 'void'))`,
    )
    .executeTakeFirst();
  return (row?.earliest as string | null | undefined) ?? undefined;
}

/** The next number of a gap-free sequence: the row lock and the transaction make it gap-free. */
export async function nextSequenceValue(db: Db, businessId: string, name: string, year: number): Promise<number> {
  await db
    .insertInto('sequences')
    .values({ business_id: businessId, name, year, last_value: 0 })
    .onConflict((conflict) => conflict.columns(['business_id', 'name', 'year']).doNothing())
    .execute();
  const row = await db
    .updateTable('sequences')
    .set({ last_value: sql`last_value + 1` })
    .where('business_id', '=', businessId)
    .where('name', '=', name)
    .where('year', '=', year)
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}
