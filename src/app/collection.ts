/**
 * The collection run as a use case: for one business-day, load (as of that
 * day), decide (core, pure), persist, in one transaction. Each effect is
 * guarded by its derived key, so running a day again adds nothing; days the
 * system missed are caught up in order first, without reminders (they would
 * be stale: the next live day sends the step that is due, once).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type CollectionDecision, decideCollection } from '../core/collection-run.js';
import { type CalendarDate, addDays, dateInZone, daysBetween, hourInZone } from '../core/dates.js';
import { lateFeeEntry } from '../core/fees.js';
import { reminderText } from '../core/messages.js';
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
  saveRunSummary,
  updateCustomerCollection,
} from '../store/collection-effects-repo.js';
import { advanceInstalmentSteps, closePlan, resolvePromise } from '../store/commitments-repo.js';
import { postEntries } from '../store/journal-repo.js';
import { businessCreatedAt } from '../store/parties-repo.js';
import type { Database } from '../store/schema.js';
import { todayOf } from './businesses.js';
import { type LoadedRun, loadRunInput } from './collection-input.js';
import { type WriteTools, runCommand } from './command.js';
import type { AppContext } from './context.js';
import { requirePermission } from './permissions.js';
import { timelineEvent } from './timeline.js';
import { businessPolicyIn } from './policies.js';
import { calendarDateField, parseInput } from './validate.js';
import { t } from '../core/i18n/catalogue.js';

/** A catch-up never replays more than this many missed days; older ones are left to `collect --as-of`. */
export const CATCH_UP_DAYS_MAX = 366;

/** What one business-day's run newly did (or, dry, would do): the CONTRACT's shape. */
export interface RunReport {
  readonly asOf: CalendarDate;
  readonly dryRun: boolean;
  /** False when another run (another worker) had already claimed the day. */
  readonly ran: boolean;
  readonly reminders: {
    customerId: string;
    step: number;
    tone: string;
    channel: string;
    invoiceIds: string[];
    amountDue: number;
  }[];
  readonly fees: { invoiceId: string; amount: number; period: number; date: string }[];
  readonly discounts: { invoiceId: string; amount: number }[];
  readonly holds: { customerId: string; action: string; reason: string }[];
  readonly limitChanges: { customerId: string; from: number | null; to: number | null; reason: string }[];
  readonly writeOffSuggestions: { invoiceId: string; customerId: string; daysOverdue: number }[];
  readonly plans: { planId: string; customerId: string; outcome: string }[];
  readonly promises: { promiseId: string; customerId: string; outcome: string; amount: number; paid: number }[];
  /** The name of each customer the lists mention, for people reading the report. */
  readonly customerNames: Record<string, string>;
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
  const caughtUp: RunReport[] = [];
  if (!dryRun)
    for (const day of await missedDays(ctx, business, asOf)) {
      const report = await runDay(ctx, business, day, { trigger: 'catch_up', sendReminders: false, claim: true });
      if (!report.ok) return report;
      caughtUp.push(report.value);
    }
  const report = dryRun
    ? await dryRunDay(ctx, business, asOf, asOf === today)
    : await runDay(ctx, business, asOf, { trigger: 'manual', sendReminders: asOf === today, claim: false });
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

async function dryRunDay(
  ctx: AppContext,
  business: Business,
  asOf: CalendarDate,
  sendReminders: boolean,
): Promise<Result<RunReport>> {
  const loaded = await loadRunInput(ctx.store.db, business, asOf);
  const decision = decideCollection({ ...loaded.input, sendReminders });
  return ok(withNames(reportOf(decision, true), loaded));
}

function withNames(report: RunReport, loaded: LoadedRun): RunReport {
  const ids = [
    report.reminders,
    report.holds,
    report.limitChanges,
    report.writeOffSuggestions,
    report.plans,
    report.promises,
  ].flatMap((list: readonly { customerId: string }[]) => list.map((item) => item.customerId));
  const customerNames: Record<string, string> = {};
  for (const id of ids) customerNames[id] = loaded.customers.get(id)?.name ?? id;
  return { ...report, customerNames };
}

function emptyReport(asOf: CalendarDate, dryRun: boolean): RunReport {
  return {
    asOf,
    dryRun,
    ran: true,
    reminders: [],
    fees: [],
    discounts: [],
    holds: [],
    limitChanges: [],
    writeOffSuggestions: [],
    plans: [],
    promises: [],
    customerNames: {},
  };
}

function reportOf(decision: CollectionDecision, dryRun: boolean): RunReport {
  return {
    ...emptyReport(decision.asOf, dryRun),
    reminders: decision.reminders.map(reminderSummary),
    fees: decision.fees.map((fee) => ({ invoiceId: fee.invoiceId, amount: fee.amount, period: fee.period, date: fee.date })),
    holds: decision.holds.map((hold) => ({ customerId: hold.customerId, action: hold.action, reason: hold.reason })),
    limitChanges: decision.limitChanges.map((c) => ({ customerId: c.customerId, from: c.from, to: c.to, reason: c.reason })),
    writeOffSuggestions: [...decision.writeOffSuggestions],
    plans: decision.plans.map((plan) => ({ planId: plan.planId, customerId: plan.customerId, outcome: plan.outcome })),
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
  report.reminders = await persistReminders(trx, tools, ctx, business, loaded, decision);
  report.holds = await persistHolds(trx, tools, business, decision, event);
  report.limitChanges = [];
  for (const change of decision.limitChanges) {
    if (
      !(await event(`limit_${change.kind}:${change.customerId}:${asOf}`, `limit_${change.kind}`, change.customerId, null, {
        ...change,
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
    report.limitChanges.push({ customerId: change.customerId, from: change.from, to: change.to, reason: change.reason });
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
    report.plans.push({ planId: plan.planId, customerId: plan.customerId, outcome: plan.outcome });
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
  const recorded = await recordEventsOnce(
    trx,
    decision.fees.map((fee) =>
      timelineEvent(ctx, tools, business.id, decision.asOf, {
        key: keyOf(fee),
        kind: 'late_fee',
        customerId: fee.customerId,
        invoiceId: fee.invoiceId,
        details: { period: fee.period, amount: fee.amount, date: fee.date },
      }),
    ),
  );
  const fees = decision.fees.filter((fee) => recorded.has(keyOf(fee)));
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
        memo: `late fee, period ${fee.period}`,
      }),
    })),
    tools.now,
  );
  return fees.map((fee) => ({ invoiceId: fee.invoiceId, amount: fee.amount, period: fee.period, date: fee.date }));
}

/** The day's reminders: one outbox message per customer (a key that exists means it was sent), then the ladder counters. */
async function persistReminders(
  trx: Kysely<Database>,
  tools: WriteTools,
  ctx: AppContext,
  business: Business,
  loaded: LoadedRun,
  decision: CollectionDecision,
): Promise<RunReport['reminders']> {
  const policyIds = new Map(loaded.input.customers.map((customer) => [customer.id, customer.policyId]));
  const keyOf = (customerId: string) => `reminder:${customerId}:${decision.asOf}`;
  const messages: OutboxMessage[] = [];
  for (const reminder of decision.reminders) {
    const customer = loaded.customers.get(reminder.customerId);
    if (!customer) continue;
    const policyId = policyIds.get(reminder.customerId);
    const body = reminderText({
      businessName: business.name,
      customerName: customer.name,
      currency: business.currency,
      locale: business.locale,
      tone: reminder.tone,
      asOf: decision.asOf,
      lines: reminder.lines,
      amountDue: reminder.amountDue,
      paymentInstructions: business.paymentInstructions,
      lateFee: (policyId && loaded.policies.get(policyId)?.lateFee) || { kind: 'none' },
    });
    messages.push({
      businessId: business.id,
      id: tools.newId('msg'),
      key: keyOf(reminder.customerId),
      customerId: reminder.customerId,
      channel: reminder.channel,
      recipient: (reminder.channel === 'email' ? customer.email : customer.phone) as string,
      body,
      details: { ...reminderSummary(reminder), lines: reminder.lines },
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
  const invoiceSteps: { invoiceId: string; reminderStepsDone: number }[] = [];
  for (const reminder of sent)
    for (const { itemKey, stepsDone } of reminder.advance) {
      const [planId, seq] = itemKey.split('#');
      if (seq === undefined) invoiceSteps.push({ invoiceId: itemKey, reminderStepsDone: stepsDone });
      else await advanceInstalmentSteps(trx, business.id, planId as string, Number(seq), stepsDone);
    }
  await advanceInvoicesCounters(trx, business.id, invoiceSteps);
  await markReminded(
    trx,
    business.id,
    sent.map((reminder) => reminder.customerId),
    decision.asOf,
    tools.now,
  );
  return sent.map(reminderSummary);
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
    if (!(await event(key, hold.action, hold.customerId, null, { from: hold.from, to: hold.to, reason: hold.reason }))) continue;
    await updateCustomerCollection(
      trx,
      business.id,
      hold.customerId,
      hold.action === 'release'
        ? { status: 'active', holdReason: null, holdSource: null }
        : { status: hold.to, holdReason: hold.reason, holdSource: 'policy' },
      tools.now,
    );
    holds.push({ customerId: hold.customerId, action: hold.action, reason: hold.reason });
  }
  return holds;
}
