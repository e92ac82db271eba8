/**
 * The collection run's records besides its effects: the claim of a business-day
 * and its summary, and the timeline events as recorded (read back). Its effects
 * (events, messages, counters) are written by the one writer, store/effects-writer.ts.
 */
import type { Kysely, Selectable } from 'kysely';
import type { CalendarDate } from '../core/dates.js';
import type { CollectionEventsTable, Database } from './schema.js';

type Db = Kysely<Database>;

export interface CollectionEvent {
  readonly businessId: string;
  readonly id: string;
  readonly key: string;
  readonly date: string;
  readonly kind: string;
  readonly customerId: string;
  readonly invoiceId: string | null;
  readonly details: Record<string, unknown>;
  readonly actor: string;
  readonly createdAt: string;
}

export async function eventsOfCustomer(
  db: Db,
  businessId: string,
  customerId: string,
  limit: number,
): Promise<CollectionEvent[]> {
  const rows = await db
    .selectFrom('collection_events')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('customer_id', '=', customerId)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(eventOf);
}

function eventOf(row: Selectable<CollectionEventsTable>): CollectionEvent {
  return {
    businessId: row.business_id,
    id: row.id,
    key: row.key,
    date: row.date,
    kind: row.kind,
    customerId: row.customer_id,
    invoiceId: row.invoice_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
    actor: row.actor,
    createdAt: row.created_at,
  };
}

/** Claims a business-day for the scheduler; false when it already ran (or another worker holds it). */
export async function claimRunDay(
  db: Db,
  businessId: string,
  date: string,
  trigger: string,
  createdAt: string,
): Promise<boolean> {
  const result = await db
    .insertInto('collection_runs')
    .values({ business_id: businessId, date, trigger, summary: '{}', created_at: createdAt })
    .onConflict((conflict) => conflict.columns(['business_id', 'date']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function saveRunSummary(db: Db, businessId: string, date: string, summary: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('collection_runs')
    .set({ summary: JSON.stringify(summary) })
    .where('business_id', '=', businessId)
    .where('date', '=', date)
    .execute();
}

/** The latest business-day the run has done, if any. */
export async function lastRunDate(db: Db, businessId: string): Promise<CalendarDate | undefined> {
  const row = await db
    .selectFrom('collection_runs')
    .select((eb) => eb.fn.max('date').as('latest'))
    .where('business_id', '=', businessId)
    .executeTakeFirst();
  return (row?.latest as CalendarDate | null | undefined) ?? undefined;
}

/** The kinds of event the collection run records (the timeline also holds the owner's and the customer's). */
export const RUN_EVENT_KINDS = [
  'late_fee',
  'reminder',
  'unreachable',
  'hold',
  'release',
  'in_collection',
  'limit_lower',
  'limit_restore',
  'write_off_suggested',
  'plan_completed',
  'plan_defaulted',
  'promise_kept',
  'promise_partly_kept',
  'promise_broken',
] as const;

/** What the runs recorded for one business-day, oldest first (through the (business, date) index). */
export async function runEventsOn(db: Db, businessId: string, date: CalendarDate): Promise<CollectionEvent[]> {
  const rows = await db
    .selectFrom('collection_events')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('date', '=', date)
    .where('kind', 'in', RUN_EVENT_KINDS)
    .orderBy('id')
    .execute();
  return rows.map(eventOf);
}
