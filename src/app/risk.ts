/**
 * Risk: each customer's score as of a date from what the book said that day,
 * the early-warning list of scores that rose, and the evaluation of how well
 * scores on a past date ranked the customers who then paid late.
 */
import { type CalendarDate, addDays, compareDates, parseCalendarDate } from '../core/dates.js';
import type { Business } from '../core/parties.js';
import { type Result, invalid, ok } from '../core/result.js';
import { type RiskFacts, type RiskLevel, type RiskScore, areaUnderCurve, lateShareBaseline, scoreRisk } from '../core/risk.js';
import { customerNames } from '../store/parties-repo.js';
import { openItemsOn, settledBetween } from '../store/report-repo.js';
import { invoicesDueBetween, riskSideFacts } from '../store/risk-repo.js';
import { todayOf } from './businesses.js';
import type { AppContext } from './context.js';
import { resolveCustomer } from './customers.js';
import { requirePermission } from './permissions.js';
import { t } from '../core/i18n/catalogue.js';

export const WARNING_DAYS_DEFAULT = 30;
export const WARNING_RISE_MIN = 10;
export const EVALUATION_HORIZON_DAYS_DEFAULT = 60;

/** Every customer's facts as the book stood at the end of `asOf`. */
async function factsAsOf(ctx: AppContext, business: Business, asOf: CalendarDate): Promise<RiskFacts[]> {
  const db = ctx.store.db;
  const [settled, open, side] = await Promise.all([
    settledBetween(db, business.id, addDays(asOf, -365), asOf),
    openItemsOn(db, business.id, asOf),
    riskSideFacts(db, business.id, asOf),
  ]);
  const facts = new Map<string, { settled: RiskFacts['settled'][number][]; open: RiskFacts['open'][number][] }>();
  const of = (customerId: string) => {
    let entry = facts.get(customerId);
    if (!entry) facts.set(customerId, (entry = { settled: [], open: [] }));
    return entry;
  };
  for (const row of settled.sort((a, b) => compareDates(a.settledOn, b.settledOn))) of(row.customerId).settled.push(row);
  for (const row of open) if (row.outstanding > 0) of(row.customerId).open.push(row);
  for (const customerId of [...side.brokenPromises.keys(), ...side.openDisputes.keys(), ...side.plansAgreed.keys()])
    of(customerId);
  return [...facts].map(([customerId, entry]) => ({
    customerId,
    settled: entry.settled,
    open: entry.open,
    brokenPromiseDates: side.brokenPromises.get(customerId) ?? [],
    reminderDates: side.reminders.get(customerId) ?? [],
    creditLimit: side.creditLimits.get(customerId) ?? business.defaultCreditLimit ?? null,
    openDisputes: side.openDisputes.get(customerId) ?? 0,
    defaultedPlanDates: side.defaultedPlans.get(customerId) ?? [],
    planAgreedDates: side.plansAgreed.get(customerId) ?? [],
  }));
}

function asOfOption(ctx: AppContext, business: Business, text: string | undefined): Result<CalendarDate> {
  const today = todayOf(ctx, business);
  if (text === undefined) return ok(today);
  const date = parseCalendarDate(text);
  if (date === undefined) return invalid({ asOf: t('field.date') });
  return ok(compareDates(date, today) > 0 ? today : date);
}

export interface RiskReport {
  readonly asOf: CalendarDate;
  readonly counts: Record<RiskLevel, number>;
  /** Customers with any history, riskiest first. */
  readonly customers: readonly (RiskScore & { name: string })[];
}

/** Every customer's score as of a date (default today; a later date is today). */
export async function riskReport(
  ctx: AppContext,
  business: Business,
  options: { asOf?: string | undefined; customer?: string | undefined } = {},
): Promise<Result<RiskReport>> {
  const allowed = requirePermission(ctx.actor, 'read');
  if (!allowed.ok) return allowed;
  const asOf = asOfOption(ctx, business, options.asOf);
  if (!asOf.ok) return asOf;
  let only: string | undefined;
  if (options.customer !== undefined) {
    const found = await resolveCustomer(ctx.store.db, business.id, options.customer);
    if (!found.ok) return found;
    only = found.value.id;
  }
  const names = await customerNames(ctx.store.db, business.id);
  const scores = (await factsAsOf(ctx, business, asOf.value))
    .filter((facts) => only === undefined || facts.customerId === only)
    .map((facts) => ({ ...scoreRisk(facts, asOf.value, business.locale), name: names.get(facts.customerId) ?? facts.customerId }))
    .sort((a, b) => b.score - a.score || (a.customerId < b.customerId ? -1 : 1));
  if (only !== undefined && scores.length === 0)
    scores.push({ ...scoreRisk(emptyFacts(only), asOf.value, business.locale), name: names.get(only) ?? only });
  const counts: Record<RiskLevel, number> = { low: 0, medium: 0, high: 0 };
  for (const score of scores) counts[score.level]++;
  return ok({ asOf: asOf.value, counts, customers: scores });
}

function emptyFacts(customerId: string): RiskFacts {
  return {
    customerId,
    settled: [],
    open: [],
    brokenPromiseDates: [],
    reminderDates: [],
    creditLimit: null,
    openDisputes: 0,
    defaultedPlanDates: [],
    planAgreedDates: [],
  };
}

export interface RiskWarnings {
  readonly asOf: CalendarDate;
  readonly since: CalendarDate;
  /** Customers whose score rose by at least WARNING_RISE_MIN, most first. */
  readonly customers: readonly {
    customerId: string;
    name: string;
    score: number;
    level: RiskLevel;
    previousScore: number;
    rise: number;
    reasons: RiskScore['reasons'];
  }[];
}

/** The early-warning list: whose score rose most over the last `days` days. */
export async function riskWarnings(
  ctx: AppContext,
  business: Business,
  options: { asOf?: string | undefined; days?: number | undefined } = {},
): Promise<Result<RiskWarnings>> {
  const allowed = requirePermission(ctx.actor, 'read');
  if (!allowed.ok) return allowed;
  const asOf = asOfOption(ctx, business, options.asOf);
  if (!asOf.ok) return asOf;
  const days = options.days ?? WARNING_DAYS_DEFAULT;
  if (!Number.isSafeInteger(days) || days < 1 || days > 365)
    return invalid({ days: t('field.days_range', { min: 1, max: 365 }) });
  const since = addDays(asOf.value, -days);
  const names = await customerNames(ctx.store.db, business.id);
  const before = new Map(
    (await factsAsOf(ctx, business, since)).map((facts) => [facts.customerId, scoreRisk(facts, since, business.locale).score]),
  );
  const customers = (await factsAsOf(ctx, business, asOf.value))
    .map((facts) => scoreRisk(facts, asOf.value, business.locale))
    .map((score) => ({ score, previous: before.get(score.customerId) ?? 0 }))
    .filter(({ score, previous }) => score.score - previous >= WARNING_RISE_MIN)
    .map(({ score, previous }) => ({
      customerId: score.customerId,
      name: names.get(score.customerId) ?? score.customerId,
      score: score.score,
      level: score.level,
      previousScore: previous,
      rise: score.score - previous,
      reasons: score.reasons,
    }))
    .sort((a, b) => b.rise - a.rise || b.score - a.score || (a.customerId < b.customerId ? -1 : 1));
  return ok({ asOf: asOf.value, since, customers });
}

export interface RiskEvaluation {
  readonly asOf: CalendarDate;
  readonly horizonDays: number;
  /** The outcome window ends here: asOf + horizon, or today if sooner. */
  readonly until: CalendarDate;
  /** Customers with an invoice falling due in the window. */
  readonly customers: number;
  /** Of those, how many paid one late (after its due date) or not by the end of the window. */
  readonly latePayers: number;
  /** How well the score ranked them (0.5 is chance, 1 perfect); null without both kinds. */
  readonly auc: number | null;
  /** The same for the baseline: each customer's past share of invoices paid late. */
  readonly baselineAuc: number | null;
  readonly scores: readonly { customerId: string; score: number; baseline: number; late: boolean }[];
}

/**
 * Scores as of `asOf`, checked against what happened next: for each customer with
 * an invoice falling due in the following `horizonDays`, did they pay one late?
 */
export async function evaluateRisk(
  ctx: AppContext,
  business: Business,
  options: { asOf?: string | undefined; horizonDays?: number | undefined },
): Promise<Result<RiskEvaluation>> {
  const allowed = requirePermission(ctx.actor, 'read');
  if (!allowed.ok) return allowed;
  const today = todayOf(ctx, business);
  if (options.asOf === undefined) return invalid({ asOf: t('risk.as_of_required') });
  const asOf = parseCalendarDate(options.asOf);
  if (asOf === undefined) return invalid({ asOf: t('field.date') });
  if (compareDates(asOf, today) >= 0) return invalid({ asOf: t('risk.as_of_past', { today }) });
  const horizonDays = options.horizonDays ?? EVALUATION_HORIZON_DAYS_DEFAULT;
  if (!Number.isSafeInteger(horizonDays) || horizonDays < 7 || horizonDays > 365)
    return invalid({ horizonDays: t('field.days_range', { min: 7, max: 365 }) });
  const horizonEnd = addDays(asOf, horizonDays);
  const until = compareDates(horizonEnd, today) > 0 ? today : horizonEnd;

  const due = await invoicesDueBetween(ctx.store.db, business.id, asOf, until);
  const late = new Map<string, boolean>();
  for (const invoice of due) {
    const paidLate =
      invoice.status === 'written_off' ||
      (invoice.settledOn === null ? compareDates(invoice.dueDate, until) < 0 : invoice.settledOn > invoice.dueDate);
    late.set(invoice.customerId, (late.get(invoice.customerId) ?? false) || paidLate);
  }
  const facts = new Map((await factsAsOf(ctx, business, asOf)).map((entry) => [entry.customerId, entry]));
  const scores = [...late].map(([customerId, wasLate]) => {
    const entry = facts.get(customerId) ?? emptyFacts(customerId);
    return { customerId, score: scoreRisk(entry, asOf).score, baseline: lateShareBaseline(entry), late: wasLate };
  });
  return ok({
    asOf,
    horizonDays,
    until,
    customers: scores.length,
    latePayers: scores.filter((entry) => entry.late).length,
    auc: areaUnderCurve(scores),
    baselineAuc: areaUnderCurve(scores.map((entry) => ({ score: entry.baseline, late: entry.late }))),
    scores: scores.sort((a, b) => b.score - a.score || (a.customerId < b.customerId ? -1 : 1)),
  });
}
