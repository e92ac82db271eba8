/**
 * What the collection run writes besides journal entries: timeline events and
 * outbox messages (each once per derived key, unique in the database), the
 * counters it moves on invoices and customers, and the claim of a business-day.
 */
import { type Kysely, type Selectable, type Updateable, sql } from 'kysely';
import type { CalendarDate } from '../core/dates.js';
import type { Minor } from '../core/money.js';
import { chunked } from './batches.js';
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

/** Records an event unless one with its key exists; true when this call recorded it. */
export async function recordEventOnce(db: Db, event: CollectionEvent): Promise<boolean> {
  return (await recordEventsOnce(db, [event])).has(event.key);
}

function eventRow(event: CollectionEvent) {
  return {
    business_id: event.businessId,
    id: event.id,
    key: event.key,
    date: event.date,
    kind: event.kind,
    customer_id: event.customerId,
    invoice_id: event.invoiceId,
    details: JSON.stringify(event.details),
    actor: event.actor,
    created_at: event.createdAt,
  };
}

/** Records many events, skipping those whose key exists; returns the keys this call recorded. */
export async function recordEventsOnce(db: Db, events: readonly CollectionEvent[]): Promise<Set<string>> {
  const recorded = new Set<string>();
  for (const batch of chunked(events, EVENTS_PER_STATEMENT_MAX)) {
    const rows = await db
      .insertInto('collection_events')
      .values(batch.map(eventRow))
      .onConflict((conflict) => conflict.columns(['business_id', 'key']).doNothing())
      .returning('key')
      .execute();
    for (const row of rows) recorded.add(row.key);
  }
  return recorded;
}

/** Ten columns a row: this many rows stay well under SQLite's bound-parameter limit. */
const EVENTS_PER_STATEMENT_MAX = 500;

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

export interface OutboxMessage {
  readonly businessId: string;
  readonly id: string;
  readonly key: string;
  readonly customerId: string;
  readonly channel: string;
  readonly recipient: string;
  readonly body: string;
  /** What the message is for (`reminder`, `receipt`, …) and its email subject (migration 0012). */
  readonly purpose?: string;
  readonly subject?: string | null;
  readonly details: Record<string, unknown>;
  readonly createdAt: string;
}

/** Queues many messages, skipping those whose key exists; returns the keys this call queued. */
export async function queueMessagesOnce(db: Db, messages: readonly OutboxMessage[]): Promise<Set<string>> {
  const queued = new Set<string>();
  for (const batch of chunked(messages, EVENTS_PER_STATEMENT_MAX)) {
    const rows = await db
      .insertInto('outbox')
      .values(
        batch.map((message) => ({
          business_id: message.businessId,
          id: message.id,
          key: message.key,
          customer_id: message.customerId,
          channel: message.channel,
          recipient: message.recipient,
          body: message.body,
          purpose: message.purpose ?? null,
          subject: message.subject ?? null,
          details: JSON.stringify(message.details),
          status: 'queued',
          attempts: 0,
          created_at: message.createdAt,
        })),
      )
      .onConflict((conflict) => conflict.columns(['business_id', 'key']).doNothing())
      .returning('key')
      .execute();
    for (const row of rows) queued.add(row.key);
  }
  return queued;
}

/** Rows per CASE update of the counters. */
const COUNTERS_PER_STATEMENT_MAX = 200;

/**
 * Moves many invoices' counters forward at once: fee periods passed, fees
 * charged, ladder steps sent. A counter only moves forward.
 */
export async function advanceInvoicesCounters(
  db: Db,
  businessId: string,
  changes: readonly { invoiceId: string; feePeriodsDone?: number; feeCharged?: number; reminderStepsDone?: number }[],
): Promise<void> {
  const cast = (value: number) => sql<number>`cast(${value} as bigint)`;
  for (const batch of chunked(changes, COUNTERS_PER_STATEMENT_MAX)) {
    const column = (pick: (change: (typeof batch)[number]) => number | undefined, name: string) => {
      const rows = batch.filter((change) => pick(change) !== undefined);
      if (rows.length === 0) return undefined;
      return sql<number>`case id ${sql.join(
        rows.map((change) => sql`when ${change.invoiceId} then ${cast(pick(change) as number)}`),
        sql` `,
      )} else ${sql.ref(name)} end`;
    };
    const periods = column((c) => c.feePeriodsDone, 'fee_periods_done');
    const charged = batch.some((c) => c.feeCharged !== undefined)
      ? sql<number>`fees_charged_minor + case id ${sql.join(
          batch
            .filter((c) => c.feeCharged !== undefined)
            .map((c) => sql`when ${c.invoiceId} then ${cast(c.feeCharged as number)}`),
          sql` `,
        )} else 0 end`
      : undefined;
    const steps = column((c) => c.reminderStepsDone, 'reminder_steps_done');
    await db
      .updateTable('invoices')
      .set({
        ...(periods
          ? { fee_periods_done: sql<number>`case when fee_periods_done < ${periods} then ${periods} else fee_periods_done end` }
          : {}),
        ...(charged ? { fees_charged_minor: charged } : {}),
        ...(steps
          ? {
              reminder_steps_done: sql<number>`case when reminder_steps_done < ${steps} then ${steps} else reminder_steps_done end`,
            }
          : {}),
      })
      .where('business_id', '=', businessId)
      .where(
        'id',
        'in',
        batch.map((change) => change.invoiceId),
      )
      .execute();
  }
}

/** Notes the day of each customer's reminder and what it said: the next one must say something new, after the gap. */
export async function markReminded(
  db: Db,
  businessId: string,
  reminders: readonly { customerId: string; fingerprint: string }[],
  date: string,
  updatedAt: string,
): Promise<void> {
  for (const batch of chunked(reminders, COUNTERS_PER_STATEMENT_MAX))
    await db
      .updateTable('customers')
      .set({
        reminded_on: date,
        reminder_fingerprint: sql<string>`case id ${sql.join(
          batch.map((reminder) => sql`when ${reminder.customerId} then ${reminder.fingerprint}`),
          sql` `,
        )} else reminder_fingerprint end`,
        updated_at: updatedAt,
      })
      .where('business_id', '=', businessId)
      .where(
        'id',
        'in',
        batch.map((reminder) => reminder.customerId),
      )
      .execute();
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

/** Notes the day the run suggested writing an invoice off (it suggests once). */
export async function markWriteOffSuggested(db: Db, businessId: string, invoiceId: string, date: string): Promise<void> {
  await db
    .updateTable('invoices')
    .set({ write_off_suggested_on: date })
    .where('business_id', '=', businessId)
    .where('id', '=', invoiceId)
    .execute();
}

export async function updateCustomerCollection(
  db: Db,
  businessId: string,
  customerId: string,
  change: Partial<{
    status: string;
    holdReason: string | null;
    holdSource: string | null;
    escalationPausedUntil: string | null;
    creditLimit: Minor | null;
    limitLoweredOn: string | null;
    limitRestoredOn: string | null;
    limitBeforeLowering: Minor | null;
    remindedOn: string;
  }>,
  updatedAt: string,
): Promise<void> {
  const set: Updateable<Database['customers']> = { updated_at: updatedAt };
  if (change.status !== undefined) set.status = change.status;
  if (change.holdReason !== undefined) set.hold_reason = change.holdReason;
  if (change.holdSource !== undefined) set.hold_source = change.holdSource;
  if (change.escalationPausedUntil !== undefined) set.escalation_paused_until = change.escalationPausedUntil;
  if (change.creditLimit !== undefined) set.credit_limit_minor = change.creditLimit;
  if (change.limitLoweredOn !== undefined) set.limit_lowered_on = change.limitLoweredOn;
  if (change.limitRestoredOn !== undefined) set.limit_restored_on = change.limitRestoredOn;
  if (change.limitBeforeLowering !== undefined) set.limit_before_lowering_minor = change.limitBeforeLowering;
  if (change.remindedOn !== undefined) set.reminded_on = change.remindedOn;
  await db.updateTable('customers').set(set).where('business_id', '=', businessId).where('id', '=', customerId).execute();
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
