/**
 * The credit check at the point of sale. It runs inside the writing
 * transaction, after the customer row is locked, so its answer holds when the
 * sale is written.
 */
import type { CalendarDate } from './dates.js';
import { daysBetween } from './dates.js';
import { type Minor, minor } from './money.js';
import type { CustomerStatus } from './parties.js';
import { type Text, storedText, t } from './i18n/catalogue.js';

export interface CreditCheckInput {
  readonly status: CustomerStatus;
  /** As stored with the customer: a catalogue entry's key and parameters, or text as written. */
  readonly holdReason: string | null;
  /** Null: no limit applies. */
  readonly creditLimit: Minor | null;
  readonly balance: Minor;
  /** Unapplied credit: it will pay part of the new sale, so it lowers the exposure. */
  readonly credit: Minor;
  readonly openItems: readonly { dueDate: CalendarDate; outstanding: Minor }[];
  readonly saleAmount: Minor;
  readonly today: CalendarDate;
  /** Block new credit while anything is more than this many days overdue; null: never. */
  readonly overdueBlockDays: number | null;
  readonly overrideReason?: string | undefined;
}

export interface CreditFigures {
  readonly limit: Minor | null;
  readonly exposure: Minor;
  readonly exposureAfterSale: Minor;
  readonly overdueAmount: Minor;
  readonly overdueDays: number;
}

export type CreditDecision =
  | { readonly decision: 'allow'; readonly figures: CreditFigures }
  | { readonly decision: 'override'; readonly refusal: CreditRefusal; readonly reason: string; readonly figures: CreditFigures }
  | CreditRefusal;

export interface CreditRefusal {
  readonly decision: 'refuse';
  readonly code: 'credit_limit_exceeded' | 'customer_on_hold';
  /** Why, as a catalogue entry. */
  readonly text: Text;
  readonly figures: CreditFigures;
  readonly shortfall?: Minor;
  /** Why the customer is held, as a catalogue entry (its English goes in the failure's details). */
  readonly holdReason?: Text;
}

/** Days the oldest overdue item is past due, and the amount overdue, on a date. */
export function overdueFigures(
  openItems: readonly { dueDate: CalendarDate; outstanding: Minor }[],
  today: CalendarDate,
): { overdueAmount: Minor; overdueDays: number } {
  let overdueAmount = 0;
  let overdueDays = 0;
  for (const item of openItems) {
    const late = daysBetween(item.dueDate, today);
    if (late > 0 && item.outstanding > 0) {
      overdueAmount += item.outstanding;
      overdueDays = Math.max(overdueDays, late);
    }
  }
  return { overdueAmount: minor(overdueAmount), overdueDays };
}

/** Decides whether a sale on credit may go ahead: allow, refuse with the numbers, or allow by the owner's override. */
export function checkCredit(input: CreditCheckInput): CreditDecision {
  // Credit the customer holds pays the new sale first, so it offsets the sale too, not only the balance.
  const exposure = minor(Math.max(0, input.balance - input.credit));
  const exposureAfterSale = minor(Math.max(0, input.balance - input.credit + input.saleAmount));
  const overdue = overdueFigures(input.openItems, input.today);
  const figures: CreditFigures = { limit: input.creditLimit, exposure, exposureAfterSale, ...overdue };
  const refusal = refusalFor(input, figures);
  if (!refusal) return { decision: 'allow', figures };
  const reason = input.overrideReason?.trim();
  if (reason) return { decision: 'override', refusal, reason, figures };
  return refusal;
}

function refusalFor(input: CreditCheckInput, figures: CreditFigures): CreditRefusal | undefined {
  if (input.status !== 'active') {
    const stored = input.holdReason === null ? null : storedText(input.holdReason);
    const holdReason = stored ?? t('hold.customer_status', { status: input.status });
    return {
      decision: 'refuse',
      code: 'customer_on_hold',
      text: t('credit.on_hold', { status: input.status, reason: stored }),
      figures,
      holdReason,
    };
  }
  if (input.overdueBlockDays !== null && figures.overdueDays > input.overdueBlockDays) {
    const holdReason = t('hold.overdue_block', { days: figures.overdueDays, maxDays: input.overdueBlockDays });
    const text = t('credit.overdue_block', { days: figures.overdueDays, maxDays: input.overdueBlockDays });
    return { decision: 'refuse', code: 'customer_on_hold', text, figures, holdReason };
  }
  if (input.creditLimit !== null && figures.exposureAfterSale > input.creditLimit) {
    const shortfall = minor(figures.exposureAfterSale - input.creditLimit);
    return {
      decision: 'refuse',
      code: 'credit_limit_exceeded',
      text: t('credit.limit_exceeded', { shortfall }),
      figures,
      shortfall,
    };
  }
  return undefined;
}
