/**
 * The one writer of effects (decision 0016): any list of effects a command
 * decided (core/effects.ts), written in the command's transaction, in the
 * order of the list, each run of effects of one kind in a few statements
 * (multi-row inserts chunked under SQLite's bound-parameter limit, CASE
 * updates for counters). Every command, the collection run and the import
 * write through it; writing a list batched writes what writing its effects one
 * by one would (test/effects-writer.test.ts).
 *
 * Events and messages are recorded once per key (unique in the database): an
 * existing key is skipped with the effects it guards (`then`), which are
 * written right after the run that recorded it.
 */
import { type Kysely, type Updateable, sql } from 'kysely';
import type { CustomerCollectionChange, Effect, TimelineEventDraft, OutboxMessageDraft, WriteOutcome } from '../core/effects.js';
import type { JournalEntryDraft } from '../core/ledger.js';
import { chunked } from './batches.js';
import type { DialectSeam } from './dialects/seam.js';
import {
  IMPORT_COLUMNS,
  type ImportTable,
  addToCustomerBalances,
  raiseSequence,
  refreshParentStatistics,
} from './import-repo.js';
import { insertInvoice } from './invoices-repo.js';
import { claimJournalRoom, entriesSize, notePosted, postEntries } from './journal-repo.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Who writes, when, and where: what every effect is stamped with. */
export interface WriteScope {
  readonly businessId: string;
  readonly actor: string;
  /** The command's instant, ISO 8601 UTC. */
  readonly now: string;
  newId(prefix: string): string;
  /** The command's idempotency key, noted on its audit lines. */
  readonly idempotencyKey?: string | undefined;
  /** The dialect's fastest insert, for records opened in bulk. */
  readonly seam: DialectSeam;
}

/** Ten columns a row: this many rows stay well under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT_MAX = 500;
/** Rows per CASE update of counters. */
const COUNTERS_PER_STATEMENT_MAX = 200;
/** A table this large gets fresh statistics on PostgreSQL before more rows point at it. */
const STATISTICS_AFTER_ROWS = 1_000;

/** Writes a list of effects; returns the keys of the events it recorded and the messages it queued. */
export async function writeEffects(db: Db, scope: WriteScope, effects: readonly Effect[]): Promise<WriteOutcome> {
  const outcome = { recorded: new Set<string>(), queued: new Set<string>() };
  await writeList(db, scope, effects, outcome);
  return outcome;
}

type Outcome = { recorded: Set<string>; queued: Set<string> };
type Of<K extends Effect['type']> = Extract<Effect, { type: K }>;

async function writeList(db: Db, scope: WriteScope, effects: readonly Effect[], outcome: Outcome): Promise<void> {
  let start = 0;
  while (start < effects.length) {
    const type = (effects[start] as Effect).type;
    let end = start + 1;
    while (
      end < effects.length &&
      (effects[end] as Effect).type === type &&
      sameRun(effects[start] as Effect, effects[end] as Effect)
    )
      end++;
    await writeRun(db, scope, effects.slice(start, end), outcome);
    start = end;
  }
}

/** Bulk records of one kind make one run; every other kind runs while the type stays the same. */
function sameRun(first: Effect, next: Effect): boolean {
  return first.type !== 'bulk_records' || (next as Of<'bulk_records'>).kind === first.kind;
}

async function writeRun(db: Db, scope: WriteScope, run: readonly Effect[], outcome: Outcome): Promise<void> {
  switch ((run[0] as Effect).type) {
    case 'entry':
      return postEntries(
        db,
        scope.businessId,
        (run as Of<'entry'>[]).map((effect) => ({ entryId: effect.entryId ?? scope.newId('jnl'), entry: effect.entry })),
        scope.now,
      );
    case 'event': {
      const fresh = firstOfEachKey(run as Of<'event'>[], (effect) => effect.event.key);
      const recorded = await recordEvents(
        db,
        scope,
        fresh.map((effect) => effect.event),
      );
      for (const key of recorded) outcome.recorded.add(key);
      return writeList(
        db,
        scope,
        byKind(fresh.flatMap((effect) => (recorded.has(effect.event.key) ? (effect.then ?? []) : []))),
        outcome,
      );
    }
    case 'message': {
      const fresh = firstOfEachKey(run as Of<'message'>[], (effect) => effect.message.key);
      const queued = await queueMessages(
        db,
        scope,
        fresh.map((effect) => effect.message),
      );
      for (const key of queued) outcome.queued.add(key);
      return writeList(
        db,
        scope,
        byKind(fresh.flatMap((effect) => (queued.has(effect.message.key) ? (effect.then ?? []) : []))),
        outcome,
      );
    }
    case 'invoice_opened':
      for (const effect of run as Of<'invoice_opened'>[]) await insertInvoice(db, effect.invoice, effect.lines, effect.counters);
      return;
    case 'payment_opened': {
      const payments = (run as Of<'payment_opened'>[]).map((effect) => effect.payment);
      for (const batch of chunked(payments, ROWS_PER_INSERT_MAX))
        await db
          .insertInto('payments')
          .values(
            batch.map((payment) => ({
              business_id: scope.businessId,
              id: payment.id,
              customer_id: payment.customerId,
              amount_minor: payment.amount,
              method: payment.method,
              provider: payment.provider,
              date: payment.date,
              reference: payment.reference,
              unapplied_minor: payment.unapplied,
              created_at: payment.createdAt,
            })),
          )
          .execute();
      const allocations = payments.flatMap((payment) =>
        payment.allocations.map((allocation) => ({
          business_id: scope.businessId,
          payment_id: payment.id,
          invoice_id: allocation.invoiceId,
          amount_minor: allocation.amount,
        })),
      );
      for (const batch of chunked(allocations, ROWS_PER_INSERT_MAX))
        await db.insertInto('payment_allocations').values(batch).execute();
      return;
    }
    case 'invoice_discount':
      for (const effect of run as Of<'invoice_discount'>[])
        await db
          .updateTable('invoices')
          .set((eb) => ({ discount_minor: eb('discount_minor', '+', effect.amount) }))
          .where('business_id', '=', scope.businessId)
          .where('id', '=', effect.invoiceId)
          .execute();
      return;
    case 'invoice_counters':
      return advanceInvoicesCounters(db, scope.businessId, run as Of<'invoice_counters'>[]);
    case 'instalment_counters':
      for (const effect of run as Of<'instalment_counters'>[])
        await db
          .updateTable('plan_instalments')
          .set({ reminder_steps_done: effect.reminderStepsDone })
          .where('business_id', '=', scope.businessId)
          .where('plan_id', '=', effect.planId)
          .where('seq', '=', effect.seq)
          .where('reminder_steps_done', '<', effect.reminderStepsDone)
          .execute();
      return;
    case 'customer_reminded':
      return markReminded(db, scope, run as Of<'customer_reminded'>[]);
    case 'customer_collection':
      for (const effect of run as Of<'customer_collection'>[])
        await updateCustomerCollection(db, scope.businessId, effect.customerId, effect.change, scope.now);
      return;
    case 'write_off_suggested':
      for (const [on, effects] of groupBy(run as Of<'write_off_suggested'>[], (effect) => effect.on))
        for (const batch of chunked(effects))
          await db
            .updateTable('invoices')
            .set({ write_off_suggested_on: on })
            .where('business_id', '=', scope.businessId)
            .where(
              'id',
              'in',
              batch.map((effect) => effect.invoiceId),
            )
            .execute();
      return;
    case 'plan_closed':
      for (const effect of run as Of<'plan_closed'>[]) {
        await db
          .updateTable('payment_plans')
          .set({ status: effect.status, closed_on: effect.on })
          .where('business_id', '=', scope.businessId)
          .where('id', '=', effect.planId)
          .execute();
        await db
          .updateTable('invoices')
          .set({ plan_id: null })
          .where('business_id', '=', scope.businessId)
          .where('plan_id', '=', effect.planId)
          .execute();
      }
      return;
    case 'promise_resolved':
      for (const effect of run as Of<'promise_resolved'>[])
        await db
          .updateTable('promises')
          .set({ status: effect.status, paid_minor: effect.paid, resolved_on: effect.on })
          .where('business_id', '=', scope.businessId)
          .where('id', '=', effect.promiseId)
          .where('status', '=', 'open')
          .execute();
      return;
    case 'bulk_records': {
      const kind = (run[0] as Of<'bulk_records'>).kind;
      return insertBulk(
        db,
        scope,
        kind,
        (run as Of<'bulk_records'>[]).flatMap((effect) => effect.rows),
      );
    }
    case 'entry_recorded': {
      const effects = run as Of<'entry_recorded'>[];
      // What is recorded must fit under the money bound before it is written (decision 0014).
      await claimJournalRoom(db, scope.businessId, entriesSize(effects.map((effect) => effect.entry)));
      await insertBulk(
        db,
        scope,
        'journal_entries',
        effects.map(({ entry, entryId }) => entryRow(scope, entryId, entry)),
      );
      return insertBulk(
        db,
        scope,
        'journal_lines',
        effects.flatMap(({ entry, entryId }) => entryLineRows(scope, entryId, entry)),
      );
    }
    case 'customer_balance': {
      const deltas = new Map<string, number>();
      for (const effect of run as Of<'customer_balance'>[])
        deltas.set(effect.customerId, (deltas.get(effect.customerId) ?? 0) + effect.delta);
      await addToCustomerBalances(db, scope.businessId, deltas, scope.now);
      // Customers whose receivable rose may hold credit: the command settles it against their new invoices.
      notePosted(
        db,
        scope.businessId,
        [...deltas].map(([customerId, delta]) => ({ customerId, balanceLowered: delta < 0 })),
      );
      return;
    }
    case 'sequence_floor':
      for (const effect of run as Of<'sequence_floor'>[])
        await raiseSequence(db, scope.businessId, effect.name, effect.year, effect.atLeast);
      return;
    case 'audit':
      for (const batch of chunked(run as Of<'audit'>[], ROWS_PER_INSERT_MAX))
        await db
          .insertInto('audit_log')
          .values(
            batch.map((effect) => ({
              business_id: scope.businessId,
              id: scope.newId('aud'),
              at: scope.now,
              actor: scope.actor,
              action: effect.action,
              object_type: effect.objectType,
              object_id: effect.objectId,
              details: JSON.stringify({
                ...(effect.details ?? {}),
                ...(scope.idempotencyKey === undefined ? {} : { idempotencyKey: scope.idempotencyKey }),
              }),
            })),
          )
          .execute();
      return;
  }
}

/**
 * The effects guarded by the keys of one run, grouped by kind (in the order kinds first appear),
 * so each kind is written in one run: a fee's entry and its charge, for every fee of the day, in
 * a few statements. Effects guarded by different keys name different records or commute
 * (counters merge), so grouping writes what writing each key's list in turn would.
 */
function byKind(effects: readonly Effect[]): Effect[] {
  return [...groupBy(effects, (effect) => effect.type).values()].flat();
}

/** Of effects sharing a key, the first: written one by one, the later ones would find the key taken. */
function firstOfEachKey<T>(effects: readonly T[], keyOf: (effect: T) => string): T[] {
  const seen = new Set<string>();
  return effects.filter((effect) => {
    const key = keyOf(effect);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Records the events whose key is new; returns the keys recorded. */
async function recordEvents(db: Db, scope: WriteScope, events: readonly TimelineEventDraft[]): Promise<Set<string>> {
  const recorded = new Set<string>();
  for (const batch of chunked(events, ROWS_PER_INSERT_MAX)) {
    const rows = await db
      .insertInto('collection_events')
      .values(
        batch.map((event) => ({
          business_id: scope.businessId,
          id: scope.newId('cev'),
          key: event.key,
          date: event.date,
          kind: event.kind,
          customer_id: event.customerId,
          invoice_id: event.invoiceId,
          details: JSON.stringify(event.details),
          actor: scope.actor,
          created_at: scope.now,
        })),
      )
      .onConflict((conflict) => conflict.columns(['business_id', 'key']).doNothing())
      .returning('key')
      .execute();
    for (const row of rows) recorded.add(row.key);
  }
  return recorded;
}

/** Queues the messages whose key is new; returns the keys queued. */
async function queueMessages(db: Db, scope: WriteScope, messages: readonly OutboxMessageDraft[]): Promise<Set<string>> {
  const queued = new Set<string>();
  for (const batch of chunked(messages, ROWS_PER_INSERT_MAX)) {
    const rows = await db
      .insertInto('outbox')
      .values(
        batch.map((message) => ({
          business_id: scope.businessId,
          id: scope.newId('msg'),
          key: message.key,
          customer_id: message.customerId,
          channel: message.channel,
          recipient: message.recipient,
          body: message.body,
          details: JSON.stringify(message.details),
          status: 'queued',
          attempts: 0,
          created_at: scope.now,
          purpose: message.purpose,
          subject: message.subject,
          not_before: message.notBefore ?? null,
          updated_at: scope.now,
        })),
      )
      .onConflict((conflict) => conflict.columns(['business_id', 'key']).doNothing())
      .returning('key')
      .execute();
    for (const row of rows) queued.add(row.key);
  }
  return queued;
}

/**
 * Moves invoices' counters, many per statement: fee periods passed and ladder
 * steps sent only move forward, fees charged add up. Several changes of one
 * invoice are merged first, as writing them one by one would leave it.
 */
async function advanceInvoicesCounters(db: Db, businessId: string, effects: readonly Of<'invoice_counters'>[]): Promise<void> {
  const merged = new Map<
    string,
    { invoiceId: string; feePeriodsDone?: number; feeCharged?: number; reminderStepsDone?: number }
  >();
  const later = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
  for (const effect of effects) {
    const was = merged.get(effect.invoiceId);
    if (!was) {
      merged.set(effect.invoiceId, { ...effect });
      continue;
    }
    const feePeriodsDone = later(was.feePeriodsDone, effect.feePeriodsDone);
    const reminderStepsDone = later(was.reminderStepsDone, effect.reminderStepsDone);
    const feeCharged =
      was.feeCharged === undefined && effect.feeCharged === undefined
        ? undefined
        : (was.feeCharged ?? 0) + (effect.feeCharged ?? 0);
    merged.set(effect.invoiceId, {
      invoiceId: effect.invoiceId,
      ...(feePeriodsDone === undefined ? {} : { feePeriodsDone }),
      ...(reminderStepsDone === undefined ? {} : { reminderStepsDone }),
      ...(feeCharged === undefined ? {} : { feeCharged }),
    });
  }
  const cast = (value: number) => sql<number>`cast(${value} as bigint)`;
  for (const batch of chunked([...merged.values()], COUNTERS_PER_STATEMENT_MAX)) {
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
    if (!periods && !charged && !steps) continue;
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

/** Notes the day of each customer's reminder and what it said (the last effect of a customer wins, as one by one). */
async function markReminded(db: Db, scope: WriteScope, effects: readonly Of<'customer_reminded'>[]): Promise<void> {
  const last = new Map(effects.map((effect) => [effect.customerId, effect]));
  for (const [on, reminders] of groupBy([...last.values()], (effect) => effect.on))
    for (const batch of chunked(reminders, COUNTERS_PER_STATEMENT_MAX))
      await db
        .updateTable('customers')
        .set({
          reminded_on: on,
          reminder_fingerprint: sql<string>`case id ${sql.join(
            batch.map((reminder) => sql`when ${reminder.customerId} then ${reminder.fingerprint}`),
            sql` `,
          )} else reminder_fingerprint end`,
          updated_at: scope.now,
        })
        .where('business_id', '=', scope.businessId)
        .where(
          'id',
          'in',
          batch.map((reminder) => reminder.customerId),
        )
        .execute();
}

/** A customer's collection state: status, hold and its reason, credit limit and what it was. */
export async function updateCustomerCollection(
  db: Db,
  businessId: string,
  customerId: string,
  change: CustomerCollectionChange,
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

/** The tables analysed in a transaction (PostgreSQL: a parent's statistics once it has rows), kept beside it. */
const analysedByTransaction = new WeakMap<object, Set<string>>();

async function insertBulk(db: Db, scope: WriteScope, table: ImportTable, rows: readonly (readonly unknown[])[]): Promise<void> {
  if (rows.length === 0) return;
  await scope.seam.insertRows(db, table, IMPORT_COLUMNS[table], rows);
  let analysed = analysedByTransaction.get(db);
  if (!analysed) analysedByTransaction.set(db, (analysed = new Set()));
  if (rows.length >= STATISTICS_AFTER_ROWS && !analysed.has(table)) {
    analysed.add(table);
    await refreshParentStatistics(scope.seam, db, table);
  }
}

function entryRow(scope: WriteScope, entryId: string, entry: JournalEntryDraft): readonly unknown[] {
  return [scope.businessId, entryId, entry.code, entry.date, entry.sourceType, entry.sourceId, entry.memo ?? null, scope.now];
}

function entryLineRows(scope: WriteScope, entryId: string, entry: JournalEntryDraft): (readonly unknown[])[] {
  return entry.lines.map((line, index) => [
    scope.businessId,
    entryId,
    index + 1,
    line.account,
    line.customerId ?? null,
    line.invoiceId ?? null,
    line.amount,
    entry.date,
  ]);
}
