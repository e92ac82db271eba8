/**
 * The risk score: 0 (safe) to 100 (risky), the sum of points for signs seen
 * in the book as of a date, each sign a reason in words. A scorecard, not a
 * fitted model: every point can be explained to the owner and to the
 * customer. The signs and their points (docs/risk-model.md tells why):
 *
 * | sign                                                    | points        |
 * |---------------------------------------------------------|---------------|
 * | overdue now: oldest unpaid item past due by > 7/30/60 d | 8 / 16 / 25   |
 * | usually late: recent invoices paid > 7/30 days late     | 8 / 16        |
 * | paying later and later: last 3 vs the 3 before, >= 5 d  | 12            |
 * | share of invoices paid late in the last year            | up to 15      |
 * | broken promises in the last 180 days                    | 10 each, <=20 |
 * | reminders ignored: >= 2 in 60 days, still overdue       | 10            |
 * | limit nearly used: >= 90% / over                        | 8 / 12        |
 * | open dispute                                            | 8             |
 * | a payment plan defaulted in the last year               | 20            |
 * | asked for a payment plan (new terms) in the last 180 d  | 8             |
 *
 * Levels: low below 25, medium below 50, high from 50.
 */
import { type CalendarDate, addDays, daysBetween } from './dates.js';
import type { Minor } from './money.js';
import type { Locale } from './parties.js';

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const MEDIUM_FROM = 25;
export const HIGH_FROM = 50;

/** What the book said about one customer on the date. */
export interface RiskFacts {
  readonly customerId: string;
  /** Invoices paid in the year up to the date: due and settled dates, oldest first. */
  readonly settled: readonly { dueDate: CalendarDate; settledOn: CalendarDate }[];
  /** Open items on the date: due date and outstanding. */
  readonly open: readonly { dueDate: CalendarDate; outstanding: Minor }[];
  readonly brokenPromiseDates: readonly CalendarDate[];
  readonly reminderDates: readonly CalendarDate[];
  readonly creditLimit: Minor | null;
  readonly openDisputes: number;
  readonly defaultedPlanDates: readonly CalendarDate[];
  readonly planAgreedDates: readonly CalendarDate[];
}

export const RISK_SIGNS = [
  'overdue_now',
  'usually_late',
  'paying_later',
  'late_share',
  'broken_promises',
  'ignored_reminders',
  'limit_nearly_used',
  'open_dispute',
  'defaulted_plan',
  'asked_new_terms',
] as const;
export type RiskSign = (typeof RISK_SIGNS)[number];

export interface RiskReason {
  readonly sign: RiskSign;
  readonly points: number;
  readonly text: string;
}

export interface RiskScore {
  readonly customerId: string;
  readonly score: number;
  readonly level: RiskLevel;
  readonly reasons: readonly RiskReason[];
}

export function riskLevel(score: number): RiskLevel {
  return score >= HIGH_FROM ? 'high' : score >= MEDIUM_FROM ? 'medium' : 'low';
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const round = (value: number) => Math.round(value);

type Words = Record<RiskSign, (n: Record<string, number>) => string>;

const WORDS: Record<Locale, Words> = {
  en: {
    overdue_now: (n) => `an invoice is ${n.days} days overdue`,
    usually_late: (n) => `pays ${n.days} days late on average (last ${n.count} invoices)`,
    paying_later: (n) => `paying later and later: ${n.recent} days late lately, ${n.before} before`,
    late_share: (n) => `${n.share}% of invoices paid late in the last year`,
    broken_promises: (n) => `${n.count} broken promise${n.count === 1 ? '' : 's'} to pay in 180 days`,
    ignored_reminders: (n) => `${n.count} reminders in 60 days, still overdue`,
    limit_nearly_used: (n) => `${n.share}% of the credit limit used`,
    open_dispute: (n) => `${n.count} open dispute${n.count === 1 ? '' : 's'}`,
    defaulted_plan: () => 'a payment plan defaulted in the last year',
    asked_new_terms: () => 'asked for a payment plan in the last 180 days',
  },
  id: {
    overdue_now: (n) => `ada tagihan terlambat ${n.days} hari`,
    usually_late: (n) => `rata-rata membayar ${n.days} hari terlambat (${n.count} tagihan terakhir)`,
    paying_later: (n) => `makin lama makin terlambat: ${n.recent} hari akhir-akhir ini, sebelumnya ${n.before}`,
    late_share: (n) => `${n.share}% tagihan dibayar terlambat dalam setahun`,
    broken_promises: (n) => `${n.count} janji bayar tidak ditepati dalam 180 hari`,
    ignored_reminders: (n) => `${n.count} pengingat dalam 60 hari, masih menunggak`,
    limit_nearly_used: (n) => `${n.share}% limit kredit terpakai`,
    open_dispute: (n) => `${n.count} sengketa terbuka`,
    defaulted_plan: () => 'rencana cicilan gagal dalam setahun terakhir',
    asked_new_terms: () => 'meminta rencana cicilan dalam 180 hari terakhir',
  },
};

/** The score of one customer on `asOf`, from what the book said that day. */
export function scoreRisk(facts: RiskFacts, asOf: CalendarDate, locale: Locale = 'en'): RiskScore {
  const words = WORDS[locale];
  const reasons: RiskReason[] = [];
  const add = (sign: RiskSign, points: number, numbers: Record<string, number> = {}) => {
    if (points > 0) reasons.push({ sign, points, text: words[sign](numbers) });
  };

  const overdueDays = Math.max(0, ...facts.open.map((item) => daysBetween(item.dueDate, asOf)));
  add('overdue_now', overdueDays > 60 ? 25 : overdueDays > 30 ? 16 : overdueDays > 7 ? 8 : 0, { days: overdueDays });

  const lateness = facts.settled.map((invoice) => Math.max(0, daysBetween(invoice.dueDate, invoice.settledOn)));
  const recent = lateness.slice(-5);
  if (recent.length >= 2) {
    const days = round(mean(recent));
    add('usually_late', days > 30 ? 16 : days > 7 ? 8 : 0, { days, count: recent.length });
  }
  if (lateness.length >= 4) {
    const last = lateness.slice(-3);
    const before = lateness.slice(-6, -3);
    const gap = mean(last) - mean(before);
    if (gap >= 5 && mean(last) > 0) add('paying_later', 12, { recent: round(mean(last)), before: round(mean(before)) });
  }
  if (lateness.length >= 3) {
    const share = lateness.filter((days) => days > 0).length / lateness.length;
    add('late_share', round(share * 15), { share: round(share * 100) });
  }

  const broken = facts.brokenPromiseDates.filter((date) => date > addDays(asOf, -180)).length;
  add('broken_promises', Math.min(20, broken * 10), { count: broken });

  const reminders = facts.reminderDates.filter((date) => date > addDays(asOf, -60)).length;
  if (overdueDays > 0 && reminders >= 2) add('ignored_reminders', 10, { count: reminders });

  const owed = facts.open.reduce((sum, item) => sum + item.outstanding, 0);
  if (facts.creditLimit !== null && facts.creditLimit > 0) {
    const share = owed / facts.creditLimit;
    add('limit_nearly_used', share > 1 ? 12 : share >= 0.9 ? 8 : 0, { share: round(share * 100) });
  }

  add('open_dispute', facts.openDisputes > 0 ? 8 : 0, { count: facts.openDisputes });
  add('defaulted_plan', facts.defaultedPlanDates.some((date) => date > addDays(asOf, -365)) ? 20 : 0);
  add('asked_new_terms', facts.planAgreedDates.some((date) => date > addDays(asOf, -180)) ? 8 : 0);

  const score = Math.min(
    100,
    reasons.reduce((sum, reason) => sum + reason.points, 0),
  );
  return {
    customerId: facts.customerId,
    score,
    level: riskLevel(score),
    reasons: reasons.sort((a, b) => b.points - a.points),
  };
}

/** The baseline the score is measured against: the share of invoices paid late (0 to 100). */
export function lateShareBaseline(facts: RiskFacts): number {
  if (facts.settled.length === 0) return 0;
  return round((facts.settled.filter((invoice) => invoice.settledOn > invoice.dueDate).length / facts.settled.length) * 100);
}

/**
 * The area under the ROC curve: the chance that a customer who then paid late
 * scores higher than one who did not (ties count half). Null without both kinds.
 */
export function areaUnderCurve(scored: readonly { score: number; late: boolean }[]): number | null {
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  const positives = sorted.filter((item) => item.late).length;
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return null;
  // Rank sum with ties given their mean rank (Mann-Whitney U).
  let rankSum = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && (sorted[end + 1] as { score: number }).score === (sorted[start] as { score: number }).score)
      end++;
    const meanRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index++) if ((sorted[index] as { late: boolean }).late) rankSum += meanRank;
    start = end + 1;
  }
  const u = rankSum - (positives * (positives + 1)) / 2;
  return Math.round((u / (positives * negatives)) * 1000) / 1000;
}
