/**
 * Consequences that follow the policy: holds, hand-over to collection, and the
 * credit evaluation that lowers a late payer's limit and restores it after a
 * run of on-time payments. Each decision carries the reason a person reads.
 */
import { type CalendarDate, addDays, daysBetween } from './dates.js';
import { type Minor, applyRateBps, minor } from './money.js';
import type { CustomerStatus } from './parties.js';
import type { CreditEvaluation, Escalation } from './policy.js';
import { type Text, t } from './i18n/catalogue.js';

export type HoldSource = 'policy' | 'owner';

export interface EscalationState {
  readonly status: CustomerStatus;
  /** Who put the customer where they are: the policy (the run may lift it) or the owner (only the owner may). */
  readonly holdSource: HoldSource | null;
  /** The owner reversed an escalation: the run leaves the customer alone until after this date. */
  readonly escalationPausedUntil: CalendarDate | null;
}

export interface StatusChange {
  readonly action: 'hold' | 'release' | 'in_collection';
  readonly from: CustomerStatus;
  readonly to: CustomerStatus;
  /** Why, as a catalogue entry: stored with the hold as key and parameters, read in the reader's language. */
  readonly reason: Text;
}

/** What the policy says the customer's status should be, given how overdue they are; undefined: no change. */
export function escalationChange(
  escalation: Escalation,
  state: EscalationState,
  overdue: { overdueDays: number; overdueAmount: Minor },
  asOf: CalendarDate,
): StatusChange | undefined {
  if (state.status === 'written_off') return undefined;
  if (state.escalationPausedUntil !== null && asOf <= state.escalationPausedUntil) return undefined;
  // Only the owner lifts what the owner (or, before policies, a manual hold) put in place.
  if (state.status !== 'active' && state.holdSource !== 'policy') return undefined;
  const { overdueDays, overdueAmount } = overdue;
  const collectAfter = escalation.inCollectionAfterDays;
  if (collectAfter !== null && overdueDays > collectAfter && state.status !== 'in_collection')
    return {
      action: 'in_collection',
      from: state.status,
      to: 'in_collection',
      reason: t('hold.collection_after', { days: overdueDays, after: collectAfter }),
    };
  const holdReason = holdReasonFor(escalation, overdueDays, overdueAmount);
  if (holdReason && state.status === 'active') return { action: 'hold', from: 'active', to: 'on_hold', reason: holdReason };
  const stillEscalated = holdReason !== undefined || (collectAfter !== null && overdueDays > collectAfter);
  if (!stillEscalated && state.status !== 'active')
    return { action: 'release', from: state.status, to: 'active', reason: t('hold.released') };
  return undefined;
}

/**
 * A hold the policy made, lifted as soon as what caused it is paid (in the
 * payment's own transaction, not at the next run): only ever a release, and
 * never of the owner's own hold.
 */
export function releaseAfterSettlement(
  escalation: Escalation,
  state: EscalationState,
  overdue: { overdueDays: number; overdueAmount: Minor },
  asOf: CalendarDate,
): StatusChange | undefined {
  const change = escalationChange(escalation, state, overdue, asOf);
  return change?.action === 'release' ? change : undefined;
}

function holdReasonFor(escalation: Escalation, overdueDays: number, overdueAmount: Minor): Text | undefined {
  const days = escalation.holdAfterDaysOverdue;
  if (days !== null && overdueDays > days) return t('hold.overdue_days', { days: overdueDays, after: days });
  const amount = escalation.holdAboveOverdue;
  if (amount !== null && overdueAmount > amount) return t('hold.overdue_amount', { amount: overdueAmount, above: amount });
  return undefined;
}

export interface Settlement {
  /** The date the invoice was paid in full. */
  readonly settledOn: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly graceDays: number;
}

export function isLate(settlement: Settlement): boolean {
  return daysBetween(settlement.dueDate, settlement.settledOn) > settlement.graceDays;
}

export interface LimitState {
  /** The limit in force (the customer's own, else the business default); null: no limit. */
  readonly effectiveLimit: Minor | null;
  /** Set while the evaluation has lowered the limit: the date it did. */
  readonly limitLoweredOn: CalendarDate | null;
  /** The customer's own limit before the lowering (null: they inherited the default). */
  readonly limitBeforeLowering: Minor | null;
  /** The last restore: settlements on or before it were already judged and do not count again. */
  readonly limitRestoredOn: CalendarDate | null;
}

export type LimitChange =
  | { readonly kind: 'lower'; readonly from: Minor | null; readonly to: Minor; readonly reason: Text }
  | { readonly kind: 'restore'; readonly from: Minor | null; readonly to: Minor | null; readonly reason: Text };

/**
 * The credit evaluation on a day the customer settled something: too many late
 * settlements in the window lower the limit; enough on-time ones in a row after
 * a lowering restore it. `settlements` are the customer's, newest last.
 */
export function evaluateLimit(
  evaluation: CreditEvaluation,
  state: LimitState,
  settlements: readonly Settlement[],
  asOf: CalendarDate,
): LimitChange | undefined {
  if (!settlements.some((s) => s.settledOn === asOf)) return undefined;
  if (state.limitLoweredOn === null) {
    const windowStart = addDays(asOf, -evaluation.windowDays);
    const countFrom = state.limitRestoredOn !== null && state.limitRestoredOn > windowStart ? state.limitRestoredOn : windowStart;
    const late = settlements.filter((s) => s.settledOn > countFrom && s.settledOn <= asOf && isLate(s)).length;
    if (late < evaluation.latePaymentsMax) return undefined;
    const from = state.effectiveLimit;
    const to =
      from === null ? (evaluation.lowerToBps === 0 ? minor(0) : undefined) : applyRateBps(from, evaluation.lowerToBps, 'down');
    if (to === undefined || (from !== null && to >= from)) return undefined;
    return { kind: 'lower', from, to, reason: t('limit.lowered', { late, days: evaluation.windowDays }) };
  }
  const since = settlements.filter((s) => s.settledOn > (state.limitLoweredOn as CalendarDate) && s.settledOn <= asOf);
  const recent = since.slice(-evaluation.restoreAfterOnTimePayments);
  if (recent.length < evaluation.restoreAfterOnTimePayments || recent.some(isLate)) return undefined;
  return {
    kind: 'restore',
    from: state.effectiveLimit,
    to: state.limitBeforeLowering,
    reason: t('limit.restored', { count: recent.length }),
  };
}
