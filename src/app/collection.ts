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
import {
  type ReminderItem,
  collectionEffects,
  planMiss,
  planSummary,
  reminderSummary,
  unreachableSummary,
} from '../core/collection-effects.js';
import { type CollectionDecision, type UnreachableReason, decideCollection } from '../core/collection-run.js';
import { type CalendarDate, addDays, dateInZone, daysBetween, hourInZone } from '../core/dates.js';
import { answerOf } from '../core/effects.js';
import { type Business, LOCALES, type Locale } from '../core/parties.js';
import { type MessageTemplate, REMINDER_PURPOSE } from '../core/messages.js';
import type { TemplatePurpose } from '../core/template-names.js';
import { templatesFor } from './templates.js';
import { type Result, invalid, ok } from '../core/result.js';
import { claimRunDay, lastRunDate, runEventsOn, saveRunSummary } from '../store/collection-effects-repo.js';
import { journalRoomLeft } from '../store/journal-repo.js';
import type { Database } from '../store/schema.js';
import { businessCreatedAt, customerNames } from '../store/parties-repo.js';
import { invoiceNumbersOf } from '../store/browse-repo.js';
import { todayOf } from './businesses.js';
import { type LoadedRun, loadRunInput } from './collection-input.js';
import { runCommand } from './command.js';
import type { AppContext } from './context.js';
import { requirePermission } from './permissions.js';
import { businessPolicyIn } from './policies.js';
import { calendarDateField, parseInput } from './validate.js';
import { type Text, render, storedText, t } from '../core/i18n/catalogue.js';

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

export type { ReminderItem } from '../core/collection-effects.js';

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
    const effects = collectionEffects(decision, {
      business,
      customers: loaded.customers,
      invoices: loaded.input.invoices,
      policies: loaded.policies,
      journalRoom: await journalRoomLeft(trx, business.id),
      templateOf: await reminderTemplates(trx, business),
    });
    const done = answerOf(effects, await tools.write(effects.effects));
    const report = withNames(reportOf(done, false, business), loaded);
    await saveRunSummary(trx, business.id, asOf, summaryOf(report));
    if (hasEffects(report)) await tools.audit('collection.run', 'business', business.id, { asOf, ...summaryOf(report) });
    return ok(report);
  });
}

/** The owner's wording of each reminder tone in both languages (customers may have their own), else the default. */
async function reminderTemplates(trx: Kysely<Database>, business: Business) {
  const purposes = Object.values(REMINDER_PURPOSE);
  const byLocale = new Map<Locale, Map<TemplatePurpose, MessageTemplate>>();
  for (const locale of LOCALES) byLocale.set(locale, await templatesFor(trx, business, purposes, locale));
  return (purpose: TemplatePurpose, locale: Locale) => byLocale.get(locale)?.get(purpose);
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
    ...lists.unreachable,
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
