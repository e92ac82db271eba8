/**
 * The collection run as a use case: for one business-day, load (as of that
 * day), decide (core, pure), persist, in one transaction. Each effect is
 * guarded by its derived key, so running a day again adds nothing; days the
 * system missed are caught up in order first, without reminders (they would
 * be stale: the next live day sends the step that is due, once).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { NO_CARRY, carryForward, inputWithCarry } from '../core/collection-ahead.js';
import { type CollectionDecision, type UnreachableReason, decideCollection } from '../core/collection-run.js';
import { type CalendarDate, addDays, dateInZone, daysBetween, hourInZone } from '../core/dates.js';
import { feeForPeriod, lateFeeEntry } from '../core/fees.js';
import { minor } from '../core/money.js';
import { REMINDER_PURPOSE, quotedLateFee, reminderMessage } from '../core/messages.js';
import { templatesFor } from './templates.js';
import type { LateFee } from '../core/policy.js';
import type { Business } from '../core/parties.js';
import { type Result, invalid, ok } from '../core/result.js';
import {
  type OutboxMessage,
  advanceInvoicesCounters,
  claimRunDay,
  lastRunDate,
  markReminded,
  markWriteOffSuggested,
  queueMessagesOnce,
  recordEventOnce,
  recordEventsOnce,
  runEventsOn,
  saveRunSummary,
  updateCustomerCollection,
} from '../store/collection-effects-repo.js';
import { advanceInstalmentSteps, closePlan, resolvePromise } from '../store/commitments-repo.js';
import { journalRoomLeft, postEntries } from '../store/journal-repo.js';
import { businessCreatedAt, customerNames } from '../store/parties-repo.js';
import { invoiceNumbersOf } from '../store/browse-repo.js';
import type { Database } from '../store/schema.js';
import { todayOf } from './businesses.js';
import { type LoadedRun, loadRunInput } from './collection-input.js';
import { type WriteTools, runCommand } from './command.js';
import type { AppContext } from './context.js';
import { requirePermission } from './permissions.js';
import { timelineEvent } from './timeline.js';
import { businessPolicyIn } from './policies.js';
import { calendarDateField, parseInput } from './validate.js';
import { type Text, render, storeText, storedText, t } from '../core/i18n/catalogue.js';

/** A catch-up never replays more than this many missed days; older ones are left to `collect --as-of`. */
export const CATCH_UP_DAYS_MAX = 366;

/** What one business-day's run newly did (or, dry, would do): the CONTRACT's shape. */
export interface RunReport {
  readonly asOf: CalendarDate;
  readonly dryRun: boolean;
  /** False when another run (another worker) had already claimed the day, and for a look (a dry run, a day looked back at). */
  readonly ran: boolean;
  readonly reminders: {
    customerId: string;
    step: number;
    tone: string;
    channel: string;
    invoiceIds: string[];
    amountDue: number;
    /** What the message lists: invoices by number, instalments of a plan as `1/3` (absent on events recorded before). */
    items?: ReminderItem[];
  }[];
  readonly fees: { invoiceId: string; amount: number; period: number; date: string }[];
  readonly discounts: { invoiceId: string; amount: number }[];
  readonly holds: { customerId: string; action: string; reason: string }[];
  readonly limitChanges: { customerId: string; from: number | null; to: number | null; reason: string }[];
  readonly writeOffSuggestions: { invoiceId: string; customerId: string; daysOverdue: number }[];
  readonly plans: { planId: string; customerId: string; outcome: string; missedSeq?: number; shortfall?: number }[];
  readonly promises: { promiseId: string; customerId: string; outcome: string; amount: number; paid: number }[];
  /** Customers a reminder was due for but who cannot be reached on its channels: the owner calls them. */
  readonly unreachable: {
    customerId: string;
    reason: UnreachableReason;
    step: number;
    channels: string[];
    invoiceIds: string[];
    amountDue: number;
    items?: ReminderItem[];
  }[];
  /** The name of each customer the lists mention, for people reading the report. */
  readonly customerNames: Record<string, string>;
  /** The number of each invoice the lists mention, for people reading the report. */
  readonly invoiceNumbers: Record<string, string>;
  /**
   * Set when the date is before the latest run: nothing was run or changed,
   * and the lists are what the runs recorded on that day.
   */
  readonly lookBack?: { readonly latestRun: CalendarDate };
  /** A past day no run has done yet: what it would do if run now, written nowhere (the next run of today catches it up). */
  readonly lookPast?: { readonly today: CalendarDate };
}

/** An item a reminder lists: an invoice (by number) or an instalment of a plan (`seq` of `count`). */
export interface ReminderItem {
  readonly invoiceId: string | null;
  readonly number: string | null;
  readonly planId: string | null;
  readonly instalment: { readonly seq: number; readonly count: number } | null;
  readonly amount: number;
}

export interface CollectReport extends RunReport {
  /** Missed days replayed first, oldest first. */
  readonly caughtUp: RunReport[];
}

const collectSchema = z.object({ asOf: calendarDateField.optional(), dryRun: z.boolean().optional() }).strict();
export type CollectInput = z.input<typeof collectSchema>;

/** `lunas collect`: the run for a day (today unless named), after catching up the days missed before it. */
export async function collect(ctx: AppContext, business: Business, input: CollectInput): Promise<Result<CollectReport>> {
  const allowed = requirePermission(ctx.actor, 'collection.run');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(collectSchema, input);
  if (!parsed.ok) return parsed;
  const today = todayOf(ctx, business);
  const asOf = parsed.value.asOf ?? today;
  const dryRun = parsed.value.dryRun ?? false;
  if (asOf > today && !dryRun) return invalid({ asOf: t('collection.as_of_future', { asOf, today }) });
  // Only today is run for real (after catching up the days missed before it). A past day already
  // run is looked at, never run again: its run would decide from today's state (statuses, counters)
  // and undo what came after it, such as today's holds. A past day not run yet is a dry run: run
  // for real it would stop the book at that day (a customer who paid since held again until the
  // next run). Today may be re-run: the run is state-based, so that adds nothing.
  const latestRun = await lastRunDate(ctx.store.db, business.id);
  if (latestRun !== undefined && (asOf < latestRun || (asOf === latestRun && asOf < today)))
    return ok({ ...(await lookBack(ctx, business, asOf, latestRun)), caughtUp: [] });
  if (asOf < today) {
    const look = await lookAhead(ctx, business, asOf, today);
    return look.ok ? ok({ ...look.value, lookPast: { today } }) : look;
  }
  if (dryRun) return lookAhead(ctx, business, asOf, today);
  const caughtUp: RunReport[] = [];
  for (const day of await missedDays(ctx, business, asOf)) {
    const report = await runDay(ctx, business, day, { trigger: 'catch_up', sendReminders: false, claim: true });
    if (!report.ok) return report;
    caughtUp.push(report.value);
  }
  const report = await runDay(ctx, business, asOf, { trigger: 'manual', sendReminders: asOf === today, claim: false });
  if (!report.ok) return report;
  return ok({ ...report.value, caughtUp });
}

/** The hour (local to each business) the scheduler runs the day's collection at, unless configured. */
export const DEFAULT_COLLECTION_HOUR = 8;

/**
 * What the scheduler does for one business on each tick: catch up the days
 * missed (without reminders), then, from the business's local morning hour,
 * run today. Each day is claimed first, so of several workers exactly one runs it.
 */
export async function runDueCollection(
  ctx: AppContext,
  business: Business,
  morningHour: number,
): Promise<{ ran: CalendarDate[]; skipped: CalendarDate[]; reports: RunReport[] }> {
  const today = todayOf(ctx, business);
  const ran: CalendarDate[] = [];
  const skipped: CalendarDate[] = [];
  const reports: RunReport[] = [];
  const days = await missedDays(ctx, business, today);
  const isMorning = hourInZone(ctx.clock.now(), business.timeZone) >= morningHour;
  for (const day of isMorning ? [...days, today] : days) {
    const live = day === today;
    const result = await runDay(ctx, business, day, {
      trigger: live ? 'schedule' : 'catch_up',
      sendReminders: live,
      claim: true,
    });
    if (!result.ok) throw new Error(`collection run for ${business.id} on ${day} failed: ${result.message}`);
    (result.value.ran ? ran : skipped).push(day);
    if (result.value.ran) reports.push(result.value);
  }
  return { ran, skipped, reports };
}

/**
 * The days between the last run and a date (exclusive), at most
 * CATCH_UP_DAYS_MAX of the latest. A business that never ran counts from the
 * day it was created: its first run catches up the days since.
 */
export async function missedDays(ctx: AppContext, business: Business, until: CalendarDate): Promise<CalendarDate[]> {
  const last = (await lastRunDate(ctx.store.db, business.id)) ?? (await dayBeforeCreation(ctx, business));
  if (!last || last >= addDays(until, -1)) return [];
  const count = Math.min(daysBetween(last, until) - 1, CATCH_UP_DAYS_MAX);
  return Array.from({ length: count }, (_, i) => addDays(until, i - count));
}

async function dayBeforeCreation(ctx: AppContext, business: Business): Promise<CalendarDate | undefined> {
  const createdAt = await businessCreatedAt(ctx.store.db, business.id);
  return createdAt === undefined ? undefined : addDays(dateInZone(new Date(createdAt), business.timeZone), -1);
}

/**
 * Runs one business-day in one transaction. With `claim`, the day is taken
 * first in collection_runs and skipped if it was already taken: that is what
 * keeps several schedulers from doing a day twice.
 */
export async function runDay(
  ctx: AppContext,
  business: Business,
  asOf: CalendarDate,
  options: { trigger: string; sendReminders: boolean; claim: boolean },
): Promise<Result<RunReport>> {
  return runCommand(ctx, { scope: business.id, command: 'collection.run', request: { asOf } }, async (trx, tools) => {
    if (options.claim) {
      if (!(await claimRunDay(trx, business.id, asOf, options.trigger, tools.now)))
        return ok({ ...emptyReport(asOf, false), ran: false });
    } else await claimRunDay(trx, business.id, asOf, options.trigger, tools.now);
    await businessPolicyIn(trx, tools, business);
    const loaded = await loadRunInput(trx, business, asOf);
    const decision = decideCollection({ ...loaded.input, sendReminders: options.sendReminders });
    const report = withNames(await persistDecision(trx, tools, ctx, business, loaded, decision), loaded);
    await saveRunSummary(trx, business.id, asOf, summaryOf(report));
    if (hasEffects(report)) await tools.audit('collection.run', 'business', business.id, { asOf, ...summaryOf(report) });
    return ok(report);
  });
}

/**
 * The dry run: the days a real run would do first (the missed days and, for a
 * later date, every day until it) decided in memory, each seeing what the
 * days before it decided (fees, counters, holds, outcomes) and nothing else
 * happening; then the date itself. Reminders go out from today on, as the
 * scheduler would send them. Nothing is written.
 */
async function lookAhead(
  ctx: AppContext,
  business: Business,
  asOf: CalendarDate,
  today: CalendarDate,
): Promise<Result<CollectReport>> {
  if (daysBetween(today, asOf) > CATCH_UP_DAYS_MAX)
    return invalid({ asOf: t('collection.ahead_max', { days: CATCH_UP_DAYS_MAX, today }) });
  let carry = NO_CARRY;
  const reports: RunReport[] = [];
  for (const day of [...(await missedDays(ctx, business, asOf)), asOf]) {
    // The store answers as of each day (what is dated after today stays where it is dated).
    const loaded = await loadRunInput(ctx.store.db, business, day);
    const input = inputWithCarry(loaded.input, carry, day);
    const decision = decideCollection({ ...input, sendReminders: day >= today });
    carry = carryForward(carry, input, decision);
    reports.push(withNames(reportOf(decision, true, business), loaded));
  }
  const target = reports.pop() as RunReport;
  return ok({ ...target, caughtUp: reports });
}

/** A day before the latest run: what the runs recorded that day, read from its timeline events. */
async function lookBack(ctx: AppContext, business: Business, asOf: CalendarDate, latestRun: CalendarDate): Promise<RunReport> {
  const report = { ...emptyReport(asOf, true), ran: false, lookBack: { latestRun } } as {
    -readonly [K in keyof RunReport]: RunReport[K];
  };
  const lists = {
    reminders: [] as RunReport['reminders'][number][],
    unreachable: [] as RunReport['unreachable'][number][],
    fees: [] as RunReport['fees'][number][],
    holds: [] as RunReport['holds'][number][],
    limitChanges: [] as RunReport['limitChanges'][number][],
    writeOffSuggestions: [] as RunReport['writeOffSuggestions'][number][],
    plans: [] as RunReport['plans'][number][],
    promises: [] as RunReport['promises'][number][],
  };
  // Each event's details are what the run wrote for it (see persistDecision).
  for (const event of await runEventsOn(ctx.store.db, business.id, asOf)) {
    const { customerId, kind } = event;
    const details = event.details;
    if (kind === 'late_fee') {
      const fee = details as { amount: number; period: number; date: string };
      lists.fees.push({ invoiceId: event.invoiceId as string, amount: fee.amount, period: fee.period, date: fee.date });
    } else if (kind === 'reminder') lists.reminders.push({ ...(details as RunReport['reminders'][number]), customerId });
    else if (kind === 'unreachable') lists.unreachable.push({ ...(details as RunReport['unreachable'][number]), customerId });
    else if (kind === 'hold' || kind === 'release' || kind === 'in_collection')
      lists.holds.push({ customerId, action: kind, reason: readReason(business, (details as { reason: string }).reason) });
    else if (kind.startsWith('limit_')) {
      const change = details as RunReport['limitChanges'][number];
      lists.limitChanges.push({ customerId, from: change.from, to: change.to, reason: readReason(business, change.reason) });
    } else if (kind === 'write_off_suggested') {
      const { daysOverdue } = details as { daysOverdue: number };
      lists.writeOffSuggestions.push({ invoiceId: event.invoiceId as string, customerId, daysOverdue });
    } else if (kind.startsWith('plan_')) {
      const { planId, missedSeq, shortfall } = details as { planId: string; missedSeq?: number; shortfall?: number };
      lists.plans.push({ planId, customerId, outcome: kind.slice('plan_'.length), ...planMiss({ missedSeq, shortfall }) });
    } else if (kind.startsWith('promise_')) {
      const promise = details as RunReport['promises'][number];
      lists.promises.push({
        promiseId: promise.promiseId,
        customerId,
        outcome: promise.outcome,
        amount: promise.amount,
        paid: promise.paid,
      });
    }
  }
  Object.assign(report, lists);
  const names = await customerNames(ctx.store.db, business.id);
  const mentioned = [
    ...lists.reminders,
    ...lists.holds,
    ...lists.limitChanges,
    ...lists.writeOffSuggestions,
    ...lists.plans,
    ...lists.promises,
  ];
  for (const { customerId } of mentioned) report.customerNames[customerId] = names.get(customerId) ?? customerId;
  const numbers = await invoiceNumbersOf(ctx.store.db, business.id, mentionedInvoices(report));
  for (const [id, number] of numbers) report.invoiceNumbers[id] = number;
  return report;
}

/** The invoices a report's lists name. */
function mentionedInvoices(report: RunReport): string[] {
  return [
    ...report.reminders.flatMap((reminder) => reminder.invoiceIds),
    ...report.unreachable.flatMap((notice) => notice.invoiceIds),
    ...report.fees.map((fee) => fee.invoiceId),
    ...report.discounts.map((discount) => discount.invoiceId),
    ...report.writeOffSuggestions.map((suggestion) => suggestion.invoiceId),
  ];
}

/** A defaulted plan's missed instalment and shortfall, when known. */
function planMiss(outcome: { missedSeq?: number | undefined; shortfall?: number | undefined }) {
  return outcome.missedSeq === undefined || outcome.shortfall === undefined
    ? {}
    : { missedSeq: outcome.missedSeq, shortfall: outcome.shortfall };
}

function withNames(report: RunReport, loaded: LoadedRun): RunReport {
  const ids = [
    report.reminders,
    report.holds,
    report.limitChanges,
    report.writeOffSuggestions,
    report.plans,
    report.promises,
    report.unreachable,
  ].flatMap((list: readonly { customerId: string }[]) => list.map((item) => item.customerId));
  const customerNames: Record<string, string> = {};
  for (const id of ids) customerNames[id] = loaded.customers.get(id)?.name ?? id;
  const invoiceNumbers: Record<string, string> = {};
  for (const id of mentionedInvoices(report)) invoiceNumbers[id] = loaded.invoices.get(id)?.number ?? id;
  return { ...report, customerNames, invoiceNumbers };
}

function emptyReport(asOf: CalendarDate, dryRun: boolean): RunReport {
  return {
    asOf,
    dryRun,
    ran: !dryRun,
    reminders: [],
    fees: [],
    discounts: [],
    holds: [],
    limitChanges: [],
    writeOffSuggestions: [],
    plans: [],
    promises: [],
    unreachable: [],
    customerNames: {},
    invoiceNumbers: {},
  };
}

/**
 * A reason stored with an event or a customer (catalogue key and parameters, or English text
 * from before) in the business's language: reports are read by the owner.
 */
function readReason(business: Business, stored: string): string {
  return render(storedText(stored), { language: business.locale, currency: business.currency });
}

function sayReason(business: Business, reason: Text): string {
  return render(reason, { language: business.locale, currency: business.currency });
}

function reportOf(decision: CollectionDecision, dryRun: boolean, business: Business): RunReport {
  return {
    ...emptyReport(decision.asOf, dryRun),
    reminders: decision.reminders.map(reminderSummary),
    unreachable: decision.unreachable.map(unreachableSummary),
    fees: decision.fees.map((fee) => ({ invoiceId: fee.invoiceId, amount: fee.amount, period: fee.period, date: fee.date })),
    holds: decision.holds.map((hold) => ({
      customerId: hold.customerId,
      action: hold.action,
      reason: sayReason(business, hold.reason),
    })),
    limitChanges: decision.limitChanges.map((c) => ({
      customerId: c.customerId,
      from: c.from,
      to: c.to,
      reason: sayReason(business, c.reason),
    })),
    writeOffSuggestions: [...decision.writeOffSuggestions],
    plans: decision.plans.map(planSummary),
    promises: decision.promises.map((p) => ({
      promiseId: p.promiseId,
      customerId: p.customerId,
      outcome: p.outcome,
      amount: p.amount,
      paid: p.paid,
    })),
  };
}

function reminderSummary(reminder: CollectionDecision['reminders'][number]): RunReport['reminders'][number] {
  return {
    customerId: reminder.customerId,
    step: reminder.step,
    tone: reminder.tone,
    channel: reminder.channel,
    invoiceIds: reminder.lines.flatMap((line) => (line.invoiceId ? [line.invoiceId] : [])),
    amountDue: reminder.amountDue,
    items: reminder.lines.map(reminderItem),
  };
}

function reminderItem(line: CollectionDecision['reminders'][number]['lines'][number]): ReminderItem {
  const [seq, count] = line.label.split('/').map(Number);
  return {
    invoiceId: line.invoiceId,
    number: line.invoiceId ? line.label : null,
    planId: line.planId,
    instalment: line.instalmentSeq !== null && seq !== undefined && count !== undefined ? { seq, count } : null,
    amount: line.amount,
  };
}

function planSummary(plan: CollectionDecision['plans'][number]): RunReport['plans'][number] {
  return {
    planId: plan.planId,
    customerId: plan.customerId,
    outcome: plan.outcome,
    ...(plan.outcome === 'defaulted' ? planMiss(plan) : {}),
  };
}

function unreachableSummary(notice: CollectionDecision['unreachable'][number]): RunReport['unreachable'][number] {
  return {
    customerId: notice.customerId,
    reason: notice.reason,
    step: notice.step,
    channels: [...notice.channels],
    invoiceIds: notice.lines.flatMap((line) => (line.invoiceId ? [line.invoiceId] : [])),
    amountDue: notice.amountDue,
    items: notice.lines.map(reminderItem),
  };
}

function summaryOf(report: RunReport): Record<string, number> {
  return {
    reminders: report.reminders.length,
    fees: report.fees.length,
    feesTotal: report.fees.reduce((sum, fee) => sum + fee.amount, 0),
    holds: report.holds.length,
    limitChanges: report.limitChanges.length,
    writeOffSuggestions: report.writeOffSuggestions.length,
    plans: report.plans.length,
    promises: report.promises.length,
    unreachable: report.unreachable.length,
  };
}

function hasEffects(report: RunReport): boolean {
  return Object.values(summaryOf(report)).some((count) => count > 0);
}

/** Writes the decision; each effect only if its key is new. Returns what was newly done. */
async function persistDecision(
  trx: Kysely<Database>,
  tools: WriteTools,
  ctx: AppContext,
  business: Business,
  loaded: LoadedRun,
  decision: CollectionDecision,
): Promise<RunReport> {
  const asOf = decision.asOf;
  const event: RecordEvent = (key, kind, customerId, invoiceId, details) =>
    recordEventOnce(trx, timelineEvent(ctx, tools, business.id, asOf, { key, kind, customerId, invoiceId, details }));
  const report = { ...emptyReport(asOf, false) } as { -readonly [K in keyof RunReport]: RunReport[K] };
  report.fees = await persistFees(trx, tools, ctx, business, decision);
  // One batch moves every invoice's fee counter and what it has been charged.
  const charged = new Map<string, number>();
  for (const fee of report.fees) charged.set(fee.invoiceId, (charged.get(fee.invoiceId) ?? 0) + fee.amount);
  await advanceInvoicesCounters(
    trx,
    business.id,
    decision.feeProgress.map((progress) => ({
      invoiceId: progress.invoiceId,
      feePeriodsDone: progress.periodsDone,
      ...(charged.has(progress.invoiceId) ? { feeCharged: charged.get(progress.invoiceId) as number } : {}),
    })),
  );
  Object.assign(report, await persistReminders(trx, tools, ctx, business, loaded, decision));
  report.holds = await persistHolds(trx, tools, business, decision, event);
  report.limitChanges = [];
  for (const change of decision.limitChanges) {
    if (
      !(await event(`limit_${change.kind}:${change.customerId}:${asOf}`, `limit_${change.kind}`, change.customerId, null, {
        ...change,
        reason: storeText(change.reason),
      }))
    )
      continue;
    const own = loaded.customers.get(change.customerId)?.creditLimit ?? null;
    await updateCustomerCollection(
      trx,
      business.id,
      change.customerId,
      change.kind === 'lower'
        ? { creditLimit: change.to, limitLoweredOn: asOf, limitBeforeLowering: own }
        : { creditLimit: change.to, limitLoweredOn: null, limitBeforeLowering: null, limitRestoredOn: asOf },
      tools.now,
    );
    report.limitChanges.push({
      customerId: change.customerId,
      from: change.from,
      to: change.to,
      reason: sayReason(business, change.reason),
    });
  }
  report.writeOffSuggestions = [];
  for (const suggestion of decision.writeOffSuggestions) {
    if (
      !(await event(
        `write_off_suggested:${suggestion.invoiceId}`,
        'write_off_suggested',
        suggestion.customerId,
        suggestion.invoiceId,
        { daysOverdue: suggestion.daysOverdue },
      ))
    )
      continue;
    await markWriteOffSuggested(trx, business.id, suggestion.invoiceId, asOf);
    report.writeOffSuggestions.push(suggestion);
  }
  report.plans = [];
  for (const plan of decision.plans) {
    if (!(await event(`plan:${plan.planId}`, `plan_${plan.outcome}`, plan.customerId, null, { ...plan }))) continue;
    await closePlan(trx, business.id, plan.planId, plan.outcome, asOf);
    report.plans.push(planSummary(plan));
  }
  report.promises = [];
  for (const promise of decision.promises) {
    if (!(await event(`promise:${promise.promiseId}`, `promise_${promise.outcome}`, promise.customerId, null, { ...promise })))
      continue;
    await resolvePromise(trx, business.id, promise.promiseId, { status: promise.outcome, paid: promise.paid, resolvedOn: asOf });
    report.promises.push({ ...promise });
  }
  return report;
}

type RecordEvent = (
  key: string,
  kind: string,
  customerId: string,
  invoiceId: string | null,
  details: Record<string, unknown>,
) => Promise<boolean>;

/** The day's fees: their events first (a key that exists means the fee was charged), then their entries, in batches. */
async function persistFees(
  trx: Kysely<Database>,
  tools: WriteTools,
  ctx: AppContext,
  business: Business,
  decision: CollectionDecision,
): Promise<RunReport['fees']> {
  const keyOf = (fee: CollectionDecision['fees'][number]) => `late_fee:${fee.invoiceId}:${fee.period}`;
  // A fee that would take the journal total past the money bound is not charged (decision 0014): the day still runs.
  let room = await journalRoomLeft(trx, business.id);
  const fitting = decision.fees.filter((fee) => {
    if (BigInt(fee.amount) > room) return false;
    room -= BigInt(fee.amount);
    return true;
  });
  const recorded = await recordEventsOnce(
    trx,
    fitting.map((fee) =>
      timelineEvent(ctx, tools, business.id, decision.asOf, {
        key: keyOf(fee),
        kind: 'late_fee',
        customerId: fee.customerId,
        invoiceId: fee.invoiceId,
        details: { period: fee.period, amount: fee.amount, date: fee.date },
      }),
    ),
  );
  const fees = fitting.filter((fee) => recorded.has(keyOf(fee)));
  await postEntries(
    trx,
    business.id,
    fees.map((fee) => ({
      entryId: tools.newId('jnl'),
      entry: lateFeeEntry({
        feeId: keyOf(fee),
        invoiceId: fee.invoiceId,
        customerId: fee.customerId,
        date: fee.date,
        amount: fee.amount,
        // A catalogue entry: the statement reads it in the business's language.
        memo: storeText(t('fee.memo', { period: fee.period })),
      }),
    })),
    tools.now,
  );
  return fees.map((fee) => ({ invoiceId: fee.invoiceId, amount: fee.amount, period: fee.period, date: fee.date }));
}

/**
 * The day's reminders: one outbox message per customer (a key that exists
 * means it was sent), the unreachable customers on their timelines, then the
 * ladder counters (of held-back steps too) and what each customer was last told.
 */
async function persistReminders(
  trx: Kysely<Database>,
  tools: WriteTools,
  ctx: AppContext,
  business: Business,
  loaded: LoadedRun,
  decision: CollectionDecision,
): Promise<Pick<RunReport, 'reminders' | 'unreachable'>> {
  // Each invoice keeps the version it was issued under: that is the fee it can be charged. One whose fees have
  // reached the cap will be charged no more, so the message does not say it will (counting today's fees).
  const invoices = new Map(loaded.input.invoices.map((invoice) => [invoice.id, invoice]));
  const chargedToday = new Map<string, number>();
  for (const fee of decision.fees) chargedToday.set(fee.invoiceId, (chargedToday.get(fee.invoiceId) ?? 0) + fee.amount);
  const feeOf = (invoiceId: string): LateFee => {
    const invoice = invoices.get(invoiceId);
    const fee = (invoice && loaded.policies.get(invoice.policyId)?.lateFee) || { kind: 'none' };
    if (!invoice || fee.kind === 'none') return fee;
    const today = chargedToday.get(invoiceId) ?? 0;
    const next = feeForPeriod(fee, {
      total: invoice.total,
      outstanding: minor(invoice.outstanding + today),
      feesCharged: minor(invoice.feesCharged + today),
    });
    return next > 0 ? fee : { kind: 'none' };
  };
  const keyOf = (customerId: string) => `reminder:${customerId}:${decision.asOf}`;
  // The owner's wording of each tone, else the default (decision 0019).
  const templates = await templatesFor(trx, business, Object.values(REMINDER_PURPOSE), business.locale);
  const messages: OutboxMessage[] = [];
  for (const reminder of decision.reminders) {
    const customer = loaded.customers.get(reminder.customerId);
    if (!customer) continue;
    const { subject, body } = reminderMessage(
      {
        businessName: business.name,
        customerName: customer.name,
        currency: business.currency,
        locale: business.locale,
        tone: reminder.tone,
        asOf: decision.asOf,
        lines: reminder.lines,
        amountDue: reminder.amountDue,
        paymentInstructions: business.paymentInstructions,
        lateFee: quotedLateFee(
          reminder.lines.flatMap((line) => (line.invoiceId && line.instalmentSeq === null ? [feeOf(line.invoiceId)] : [])),
        ),
      },
      templates.get(REMINDER_PURPOSE[reminder.tone]),
    );
    messages.push({
      businessId: business.id,
      id: tools.newId('msg'),
      key: keyOf(reminder.customerId),
      customerId: reminder.customerId,
      channel: reminder.channel,
      recipient: reminder.recipient,
      body,
      purpose: 'reminder',
      subject,
      details: { ...reminderSummary(reminder), lines: reminder.lines, lead: reminder.lead },
      createdAt: tools.now,
    });
  }
  const queued = await queueMessagesOnce(trx, messages);
  const sent = decision.reminders.filter((reminder) => queued.has(keyOf(reminder.customerId)));
  await recordEventsOnce(
    trx,
    sent.map((reminder) =>
      timelineEvent(ctx, tools, business.id, decision.asOf, {
        key: keyOf(reminder.customerId),
        kind: 'reminder',
        customerId: reminder.customerId,
        invoiceId: null,
        details: { ...reminderSummary(reminder) },
      }),
    ),
  );
  const unreachableKey = (customerId: string) => `unreachable:${customerId}:${decision.asOf}`;
  const recorded = await recordEventsOnce(
    trx,
    decision.unreachable.map((notice) =>
      timelineEvent(ctx, tools, business.id, decision.asOf, {
        key: unreachableKey(notice.customerId),
        kind: 'unreachable',
        customerId: notice.customerId,
        invoiceId: null,
        details: { ...unreachableSummary(notice) },
      }),
    ),
  );
  const told = decision.unreachable.filter((notice) => recorded.has(unreachableKey(notice.customerId)));
  await advanceLadders(trx, business.id, [...sent, ...told, ...decision.suppressedReminders]);
  await markReminded(
    trx,
    business.id,
    [...sent, ...told].map((r) => ({ customerId: r.customerId, fingerprint: r.fingerprint })),
    decision.asOf,
    tools.now,
  );
  return { reminders: sent.map(reminderSummary), unreachable: told.map(unreachableSummary) };
}

/** Moves the ladder counters of every step that came due: sent, handed to the owner, or held back. */
async function advanceLadders(
  trx: Kysely<Database>,
  businessId: string,
  decided: readonly { advance: readonly { itemKey: string; stepsDone: number }[] }[],
): Promise<void> {
  const invoiceSteps: { invoiceId: string; reminderStepsDone: number }[] = [];
  for (const { advance } of decided)
    for (const { itemKey, stepsDone } of advance) {
      const [planId, seq] = itemKey.split('#');
      if (seq === undefined) invoiceSteps.push({ invoiceId: itemKey, reminderStepsDone: stepsDone });
      else await advanceInstalmentSteps(trx, businessId, planId as string, Number(seq), stepsDone);
    }
  await advanceInvoicesCounters(trx, businessId, invoiceSteps);
}

async function persistHolds(
  trx: Kysely<Database>,
  tools: WriteTools,
  business: Business,
  decision: CollectionDecision,
  event: RecordEvent,
): Promise<RunReport['holds']> {
  const holds: RunReport['holds'] = [];
  for (const hold of decision.holds) {
    const key = `${hold.action}:${hold.customerId}:${decision.asOf}`;
    const reason = storeText(hold.reason);
    if (!(await event(key, hold.action, hold.customerId, null, { from: hold.from, to: hold.to, reason }))) continue;
    await updateCustomerCollection(
      trx,
      business.id,
      hold.customerId,
      hold.action === 'release'
        ? { status: 'active', holdReason: null, holdSource: null }
        : // The customer keeps the reason with the day it was decided: the figures in it are that day's.
          {
            status: hold.to,
            holdReason: storeText(t('hold.since', { date: decision.asOf, reason: hold.reason })),
            holdSource: 'policy',
          },
      tools.now,
    );
    holds.push({ customerId: hold.customerId, action: hold.action, reason: sayReason(business, hold.reason) });
  }
  return holds;
}
