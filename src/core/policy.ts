/**
 * The collection policy: the written rules a business collects by (payment
 * terms, grace, late fee, early-payment discount, the reminder ladder,
 * escalations and credit evaluation). A business has one, a customer may have
 * their own, and every version is kept: an invoice is collected under the
 * version it was issued under.
 */
import { type CalendarDate, addDays, daysInMonth, endOfMonthPlus } from './dates.js';
import { type Bps, BPS_PER_UNIT, type Minor } from './money.js';
import { type Text, t } from './i18n/catalogue.js';

export const CHANNELS = ['whatsapp', 'sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TONES = ['friendly', 'firm', 'final'] as const;
export type Tone = (typeof TONES)[number];

export const FEE_PERIODS = ['week', 'month'] as const;
export type FeePeriod = (typeof FEE_PERIODS)[number];

export interface PaymentTerms {
  /** `net`: due N days after issue; `end_of_month`: N days after the end of the issue month. */
  readonly basis: 'net' | 'end_of_month';
  readonly days: number;
}

export type LateFee =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'flat' | 'rate';
      /** Flat: the amount charged per period. */
      readonly amount: Minor | null;
      /** Rate: basis points of the overdue principal per period. */
      readonly rateBps: Bps | null;
      readonly period: FeePeriod;
      /** Most that fees may add up to on one invoice, in minor units; null: no absolute cap. */
      readonly capAmount: Minor | null;
      /** Most that fees may add up to on one invoice as a share of its total; null: no share cap. */
      readonly capShareBps: Bps | null;
    };

export interface EarlyDiscount {
  readonly rateBps: Bps;
  /** Paid in full within this many days of the issue date. */
  readonly withinDays: number;
}

export interface LadderStep {
  /** Days relative to the due date: -3 is three days before, 7 a week after. */
  readonly offsetDays: number;
  readonly tone: Tone;
  /** Tried in this order; the first the customer can be reached on is used. */
  readonly channels: readonly Channel[];
}

export interface ReminderLadder {
  readonly steps: readonly LadderStep[];
  /** After the last step, remind again every this many days while unpaid... */
  readonly repeatEveryDays: number;
  /** ...at most this many times (0: never repeat). */
  readonly repeatsMax: number;
  /**
   * Days that must pass between two reminders to one customer; the due-date
   * reminder (the step at offset 0, when the customer first reaches it) is exempt.
   */
  readonly minGapDays: number;
}

/** The gap a policy written before `minGapDays` existed is read with. */
export const DEFAULT_MIN_GAP_DAYS = 3;

export interface Escalation {
  /** Hold (no new credit) once anything is more than this many days overdue; null: never. */
  readonly holdAfterDaysOverdue: number | null;
  /** Hold once the overdue amount is above this; null: never. */
  readonly holdAboveOverdue: Minor | null;
  /** Mark the customer in collection after this many days overdue; null: never. */
  readonly inCollectionAfterDays: number | null;
  /** Suggest writing an invoice off after this many days overdue; null: never. */
  readonly suggestWriteOffAfterDays: number | null;
}

export interface CreditEvaluation {
  /** This many late payments within the window lower the limit... */
  readonly latePaymentsMax: number;
  readonly windowDays: number;
  /** ...to this share of the limit (0: no new credit). */
  readonly lowerToBps: Bps;
  /** This many on-time payments in a row after the lowering restore the limit. */
  readonly restoreAfterOnTimePayments: number;
}

/**
 * Which records send the customer a confirmation (a receipt for a payment; a promise, a plan,
 * a dispute received), queued in the same transaction to the customer's first reachable channel.
 */
export interface Receipts {
  readonly payment: boolean;
  readonly promise: boolean;
  readonly plan: boolean;
  readonly dispute: boolean;
}

/** On by default: with WhatsApp click-to-chat each is a link the owner taps to send. */
export const DEFAULT_RECEIPTS: Receipts = { payment: true, promise: true, plan: true, dispute: true };

export interface CollectionPolicy {
  readonly terms: PaymentTerms;
  /** Days after the due date before a payment counts as late and fees start. */
  readonly graceDays: number;
  readonly lateFee: LateFee;
  readonly earlyDiscount: EarlyDiscount | null;
  readonly reminders: ReminderLadder;
  readonly escalation: Escalation;
  readonly creditEvaluation: CreditEvaluation | null;
  readonly receipts: Receipts;
}

const ALL_CHANNELS: readonly Channel[] = CHANNELS;

/**
 * The policy a business starts with: the practice the source articles describe
 * (remind 3 days before, on the day, then firmer at +3 and +7 and weekly until
 * paid; no fee or discount until the owner writes one down).
 */
export function defaultPolicy(settings: { defaultTermsDays: number; overdueBlockDays: number | null }): CollectionPolicy {
  return {
    terms: { basis: 'net', days: settings.defaultTermsDays },
    graceDays: 3,
    lateFee: { kind: 'none' },
    earlyDiscount: null,
    reminders: {
      steps: [
        { offsetDays: -3, tone: 'friendly', channels: ALL_CHANNELS },
        { offsetDays: 0, tone: 'friendly', channels: ALL_CHANNELS },
        { offsetDays: 3, tone: 'firm', channels: ALL_CHANNELS },
        { offsetDays: 7, tone: 'firm', channels: ALL_CHANNELS },
      ],
      repeatEveryDays: 7,
      repeatsMax: 8,
      minGapDays: DEFAULT_MIN_GAP_DAYS,
    },
    escalation: {
      holdAfterDaysOverdue: settings.overdueBlockDays,
      holdAboveOverdue: null,
      inCollectionAfterDays: null,
      suggestWriteOffAfterDays: null,
    },
    creditEvaluation: { latePaymentsMax: 3, windowDays: 90, lowerToBps: 5000, restoreAfterOnTimePayments: 3 },
    receipts: DEFAULT_RECEIPTS,
  };
}

export const POLICY_DAYS_MAX = 3650;
export const LADDER_STEPS_MAX = 20;
export const REPEATS_MAX = 52;
/** A longer gap would silence the ladder's weekly repeats; a month is already more than any ladder asks. */
export const MIN_GAP_DAYS_MAX = 31;

/**
 * A policy as stored: versions are kept as written, so one written before a
 * setting existed is read with that setting's default (`reminders.minGapDays`, `receipts`).
 */
export function policyFromStored(stored: CollectionPolicy): CollectionPolicy {
  const reminders = stored.reminders as Omit<ReminderLadder, 'minGapDays'> & { minGapDays?: number };
  const receipts = (stored as { receipts?: Partial<Receipts> }).receipts;
  if (reminders.minGapDays !== undefined && receipts !== undefined) return stored;
  return {
    ...stored,
    reminders: { ...reminders, minGapDays: reminders.minGapDays ?? DEFAULT_MIN_GAP_DAYS },
    receipts: { ...DEFAULT_RECEIPTS, ...receipts },
  };
}

function isDays(value: number, min = 0): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= POLICY_DAYS_MAX;
}

function isBps(value: number, min = 0): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= BPS_PER_UNIT;
}

/** Checks a policy as a whole; returns the reason per offending field (empty when valid). */
export function policyErrors(policy: CollectionPolicy): Record<string, Text> {
  const errors: Record<string, Text> = {};
  if (!isDays(policy.terms.days)) errors['terms.days'] = t('field.days_range', { min: 0, max: POLICY_DAYS_MAX });
  if (!isDays(policy.graceDays)) errors.graceDays = t('field.days_range', { min: 0, max: POLICY_DAYS_MAX });
  Object.assign(errors, lateFeeErrors(policy.lateFee));
  const discount = policy.earlyDiscount;
  if (discount) {
    if (!isBps(discount.rateBps, 1)) errors['earlyDiscount.rateBps'] = t('field.bps_range', { min: 1, max: 10000 });
    if (!isDays(discount.withinDays)) errors['earlyDiscount.withinDays'] = t('field.days');
  }
  Object.assign(errors, ladderErrors(policy.reminders));
  Object.assign(errors, escalationErrors(policy.escalation));
  const evaluation = policy.creditEvaluation;
  if (evaluation) {
    if (!isDays(evaluation.latePaymentsMax, 1)) errors['creditEvaluation.latePaymentsMax'] = t('field.at_least', { min: 1 });
    if (!isDays(evaluation.windowDays, 1)) errors['creditEvaluation.windowDays'] = t('field.at_least_days', { min: 1 });
    if (!isBps(evaluation.lowerToBps)) errors['creditEvaluation.lowerToBps'] = t('field.bps_range', { min: 0, max: 10000 });
    if (!isDays(evaluation.restoreAfterOnTimePayments, 1))
      errors['creditEvaluation.restoreAfterOnTimePayments'] = t('field.at_least', { min: 1 });
  }
  return errors;
}

function lateFeeErrors(fee: LateFee): Record<string, Text> {
  const errors: Record<string, Text> = {};
  if (fee.kind === 'none') return errors;
  if (fee.kind === 'flat' && !(fee.amount !== null && Number.isSafeInteger(fee.amount) && fee.amount > 0))
    errors['lateFee.amount'] = t('policy.flat_needs_amount');
  if (fee.kind === 'flat' && fee.rateBps !== null) errors['lateFee.rateBps'] = t('policy.flat_no_rate');
  if (fee.kind === 'rate' && !(fee.rateBps !== null && isBps(fee.rateBps, 1)))
    errors['lateFee.rateBps'] = t('policy.rate_needs_bps');
  if (fee.kind === 'rate' && fee.amount !== null) errors['lateFee.amount'] = t('policy.rate_no_amount');
  if (fee.capAmount !== null && !(Number.isSafeInteger(fee.capAmount) && fee.capAmount > 0))
    errors['lateFee.capAmount'] = t('field.amount_or_null');
  if (fee.capShareBps !== null && !isBps(fee.capShareBps, 1))
    errors['lateFee.capShareBps'] = t('field.bps_range_or_null', { min: 1, max: 10000 });
  if (fee.kind === 'flat' && fee.amount !== null && fee.capAmount !== null && fee.capAmount < fee.amount)
    errors['lateFee.capAmount'] = t('policy.cap_below_fee');
  return errors;
}

function ladderErrors(ladder: ReminderLadder): Record<string, Text> {
  const errors: Record<string, Text> = {};
  if (ladder.steps.length === 0 && ladder.repeatsMax > 0) errors['reminders.steps'] = t('policy.repeats_need_step');
  if (ladder.steps.length > LADDER_STEPS_MAX) errors['reminders.steps'] = t('policy.steps_max', { max: LADDER_STEPS_MAX });
  ladder.steps.forEach((step, index) => {
    const at = `reminders.steps[${index}]`;
    if (!Number.isSafeInteger(step.offsetDays) || Math.abs(step.offsetDays) > POLICY_DAYS_MAX)
      errors[`${at}.offsetDays`] = t('field.days');
    const previous = ladder.steps[index - 1];
    if (previous && step.offsetDays <= previous.offsetDays)
      errors[`${at}.offsetDays`] = t('policy.steps_order', { offset: step.offsetDays, previous: previous.offsetDays });
    if (step.channels.length === 0) errors[`${at}.channels`] = t('policy.step_channel');
    if (new Set(step.channels).size !== step.channels.length) errors[`${at}.channels`] = t('policy.step_channel_twice');
  });
  if (!isDays(ladder.repeatsMax) || ladder.repeatsMax > REPEATS_MAX)
    errors['reminders.repeatsMax'] = t('field.number_range', { min: 0, max: REPEATS_MAX });
  if (!isDays(ladder.repeatEveryDays, 1)) errors['reminders.repeatEveryDays'] = t('field.at_least_days', { min: 1 });
  // At least a day: one message a day is the floor whatever the policy says.
  if (!isDays(ladder.minGapDays, 1) || ladder.minGapDays > MIN_GAP_DAYS_MAX)
    errors['reminders.minGapDays'] = t('field.days_range', { min: 1, max: MIN_GAP_DAYS_MAX });
  return errors;
}

function escalationErrors(escalation: Escalation): Record<string, Text> {
  const errors: Record<string, Text> = {};
  const days = ['holdAfterDaysOverdue', 'inCollectionAfterDays', 'suggestWriteOffAfterDays'] as const;
  for (const name of days) {
    const value = escalation[name];
    if (value !== null && !isDays(value)) errors[`escalation.${name}`] = t('field.days_or_null');
  }
  const amount = escalation.holdAboveOverdue;
  if (amount !== null && !(Number.isSafeInteger(amount) && amount >= 0))
    errors['escalation.holdAboveOverdue'] = t('field.non_negative_amount_or_null');
  const { holdAfterDaysOverdue: hold, inCollectionAfterDays: collection, suggestWriteOffAfterDays: writeOff } = escalation;
  if (hold !== null && collection !== null && collection < hold)
    errors['escalation.inCollectionAfterDays'] = t('policy.collection_before_hold', { days: hold });
  if (collection !== null && writeOff !== null && writeOff < collection)
    errors['escalation.suggestWriteOffAfterDays'] = t('policy.write_off_before_collection', { days: collection });
  return errors;
}

/** The due date of an invoice issued on a date under the terms. */
export function dueDateUnder(terms: PaymentTerms, issueDate: CalendarDate): CalendarDate {
  return terms.basis === 'net' ? addDays(issueDate, terms.days) : endOfMonthPlus(issueDate, terms.days);
}

/** The same day `months` calendar months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsClamped(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}` as CalendarDate;
}
