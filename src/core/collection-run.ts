/**
 * The collection run: a pure function of the policies, the customers, their
 * open items, plans, promises, disputes and reported payments, and the date.
 * It decides what that day brings (fees, reminders, holds, limit changes, plan
 * and promise outcomes) and nothing else: the caller persists the decision in
 * one transaction, and the counters it moves (fee periods, ladder steps) are
 * what make a second run of the same day decide nothing new.
 */
import {
  type PlanOutcome,
  type PromiseOutcome,
  type Instalment,
  planOutcome,
  promiseOutcome,
  unpaidInstalments,
} from './commitments.js';
import { overdueFigures } from './credit-check.js';
import { type CalendarDate, daysBetween } from './dates.js';
import {
  type EscalationState,
  type LimitChange,
  type LimitState,
  type Settlement,
  type StatusChange,
  escalationChange,
  evaluateLimit,
} from './escalation.js';
import { FEE_PERIODS_PER_RUN_MAX, feeForPeriod, feePeriodDate, feePeriodsStarted } from './fees.js';
import {
  type LadderPoint,
  type LastReminder,
  type UnreachableReason,
  reminderChannel,
  dueStep,
  ladderPointAt,
  reminderFingerprint,
  reminderVerdict,
  toneRank,
} from './ladder.js';
import { type Minor, minor } from './money.js';
import type { Channel, CollectionPolicy, Tone } from './policy.js';
import type { ContactPoints } from './channel-choice.js';

export type { UnreachableReason } from './ladder.js';

export interface RunCustomer extends EscalationState {
  readonly id: string;
  /** The policy in force for the customer now (their own, else the business's). */
  readonly policyId: string;
  /** Where and how the customer may be reached (phone, email, preferred channel, own order, opted out). */
  readonly contact: ContactPoints;
  /** The last reminder decided for the customer (sent, or handed to the owner as unreachable); null: none yet. */
  readonly lastReminder: LastReminder | null;
  readonly limit: LimitState;
  /** Settlements from the evaluation window (or the lowering, if earlier) to the run's date, oldest first. */
  readonly settlements: readonly Settlement[];
}

export interface RunInvoice {
  readonly id: string;
  readonly number: string;
  readonly customerId: string;
  readonly issueDate: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly total: Minor;
  /** Outstanding at the end of the run's date. */
  readonly outstanding: Minor;
  /** The policy version the invoice was issued under. */
  readonly policyId: string;
  readonly feePeriodsDone: number;
  readonly feesCharged: Minor;
  readonly reminderStepsDone: number;
  readonly planId: string | null;
  readonly isDisputed: boolean;
  readonly writeOffSuggested: boolean;
}

export interface RunPlan {
  readonly id: string;
  readonly customerId: string;
  readonly createdOn: CalendarDate;
  readonly total: Minor;
  /** Paid on the covered invoices since the plan was agreed, as of the run's date. */
  readonly paid: Minor;
  readonly instalments: readonly (Instalment & { stepsDone: number })[];
}

export interface RunPromise {
  readonly id: string;
  readonly customerId: string;
  readonly promisedDate: CalendarDate;
  readonly amount: Minor;
  /** Paid since the promise was made, as of the run's date. */
  readonly paid: Minor;
}

export interface RunInput {
  readonly asOf: CalendarDate;
  /** False on the days a catch-up replays: reminders for a past day would be stale. */
  readonly sendReminders: boolean;
  readonly policies: ReadonlyMap<string, CollectionPolicy>;
  readonly customers: readonly RunCustomer[];
  readonly invoices: readonly RunInvoice[];
  readonly plans: readonly RunPlan[];
  readonly promises: readonly RunPromise[];
  /** Invoices that reported, unverified payments fully cover: no fees (their periods wait) and no reminders. */
  readonly coveredByPending: ReadonlySet<string>;
  /** What reported payments cover of the invoices they pay in part: fees are charged on the rest only. */
  readonly pendingCover?: ReadonlyMap<string, Minor>;
  /** The channels the business sends on (WhatsApp unless turned off: click-to-chat needs no account). */
  readonly configuredChannels: ReadonlySet<Channel>;
}

export interface FeeDecision {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly period: number;
  readonly date: CalendarDate;
  readonly amount: Minor;
}

export interface ReminderLine {
  readonly invoiceId: string | null;
  readonly planId: string | null;
  readonly instalmentSeq: number | null;
  readonly label: string;
  readonly dueDate: CalendarDate;
  readonly amount: Minor;
}

export interface ReminderDecision {
  readonly customerId: string;
  /** Days from the due date of the step that triggered the message. */
  readonly step: number;
  readonly tone: Tone;
  readonly channel: Channel;
  /** E.164 for WhatsApp and SMS, the address for email. */
  readonly recipient: string;
  readonly lines: readonly ReminderLine[];
  readonly amountDue: Minor;
  /** Ladder counters to move: invoice id or `planId#seq`, and the step reached. */
  readonly advance: readonly LadderAdvance[];
  /** The item whose step leads the message (invoice id or `planId#seq`) and that step's index in its schedule. */
  readonly lead: { readonly itemKey: string; readonly index: number };
  /** What the message says (step, items, amounts), to compare the next one with. */
  readonly fingerprint: string;
}

export interface LadderAdvance {
  readonly itemKey: string;
  readonly stepsDone: number;
}

/** A reminder that was due but cannot be sent: the owner is told, to call instead. */
export interface UnreachableDecision extends Omit<ReminderDecision, 'channel' | 'recipient'> {
  readonly reason: UnreachableReason;
  /** The channels the step allows. */
  readonly channels: readonly Channel[];
}

/** A step that came due without a message (same content as the last, or too soon after it): its counters still move. */
export interface SuppressedReminder {
  readonly customerId: string;
  /**
   * `no_new_step`: steps came due, but not the lead item's; `promise_kept`: the customer kept a promise today
   * (docs/decisions/0005).
   */
  readonly reason: 'no_new_step' | 'promise_kept' | 'same_content' | 'not_more_severe' | 'too_soon';
  readonly advance: readonly LadderAdvance[];
}

export interface CollectionDecision {
  readonly asOf: CalendarDate;
  readonly fees: readonly FeeDecision[];
  /** Every invoice whose fee counter moves (charged, or passed while paused or capped). */
  readonly feeProgress: readonly { invoiceId: string; periodsDone: number }[];
  readonly reminders: readonly ReminderDecision[];
  readonly unreachable: readonly UnreachableDecision[];
  readonly suppressedReminders: readonly SuppressedReminder[];
  readonly holds: readonly (StatusChange & { customerId: string })[];
  readonly limitChanges: readonly (LimitChange & { customerId: string })[];
  readonly writeOffSuggestions: readonly { invoiceId: string; customerId: string; daysOverdue: number }[];
  readonly plans: readonly (PlanOutcome & { planId: string; customerId: string })[];
  readonly promises: readonly { promiseId: string; customerId: string; outcome: PromiseOutcome; amount: Minor; paid: Minor }[];
}

/** Decides one business-day of collection. */
export function decideCollection(input: RunInput): CollectionDecision {
  const policyOf = (id: string): CollectionPolicy => {
    const policy = input.policies.get(id);
    if (!policy) throw new Error(`collection run without policy ${id}`);
    return policy;
  };
  const customers = new Map(input.customers.map((customer) => [customer.id, customer]));
  const graceOf = (customerId: string) => policyOf((customers.get(customerId) as RunCustomer).policyId).graceDays;

  const plans = input.plans.map((plan) => ({ plan, outcome: planOutcome(plan, graceOf(plan.customerId), input.asOf) }));
  const activePlanIds = new Set(plans.filter((p) => p.outcome === undefined).map((p) => p.plan.id));
  const promises = input.promises.map((promise) => ({
    promise,
    outcome: promiseOutcome(promise, graceOf(promise.customerId), input.asOf),
  }));
  const promising = new Set(promises.filter((p) => p.outcome === undefined).map((p) => p.promise.customerId));
  // A customer who kept a promise today did what they said: the steps reached while they were promising are spent,
  // and the next message is the next step (a broken or partly kept promise resumes the ladder at once).
  const keptToday = new Set(promises.filter((p) => p.outcome === 'kept').map((p) => p.promise.customerId));
  const isPaused = (invoice: RunInvoice) => invoice.isDisputed || (invoice.planId !== null && activePlanIds.has(invoice.planId));

  const { fees, feeProgress } = decideFees(input, policyOf, isPaused);
  // What the rest of the day sees includes today's fees: a second run must not find more to do.
  const feeByInvoice = new Map<string, number>();
  for (const fee of fees) feeByInvoice.set(fee.invoiceId, (feeByInvoice.get(fee.invoiceId) ?? 0) + fee.amount);
  const active = input.invoices
    .filter((invoice) => !isPaused(invoice))
    .map((invoice) => {
      const charged = feeByInvoice.get(invoice.id);
      return charged
        ? { ...invoice, outstanding: minor(invoice.outstanding + charged), feesCharged: minor(invoice.feesCharged + charged) }
        : invoice;
    });
  return {
    asOf: input.asOf,
    fees,
    feeProgress,
    ...(input.sendReminders
      ? decideReminders(
          input,
          policyOf,
          active,
          plans.filter((p) => p.outcome === undefined).map((p) => p.plan),
          promising,
          keptToday,
        )
      : { reminders: [], unreachable: [], suppressedReminders: [] }),
    ...decideEscalations(input, policyOf, active),
    plans: plans.flatMap((p) => (p.outcome ? [{ ...p.outcome, planId: p.plan.id, customerId: p.plan.customerId }] : [])),
    promises: promises.flatMap((p) =>
      p.outcome
        ? [
            {
              promiseId: p.promise.id,
              customerId: p.promise.customerId,
              outcome: p.outcome,
              amount: p.promise.amount,
              paid: p.promise.paid,
            },
          ]
        : [],
    ),
  };
}

function decideFees(
  input: RunInput,
  policyOf: (id: string) => CollectionPolicy,
  isPaused: (invoice: RunInvoice) => boolean,
): Pick<CollectionDecision, 'fees' | 'feeProgress'> {
  const fees: FeeDecision[] = [];
  const feeProgress: { invoiceId: string; periodsDone: number }[] = [];
  for (const invoice of input.invoices) {
    // A report that covers the invoice suspends its fees: the periods wait (charged if the report is rejected).
    if (input.coveredByPending.has(invoice.id)) continue;
    const policy = policyOf(invoice.policyId);
    const fee = policy.lateFee;
    if (fee.kind === 'none') continue;
    const started = feePeriodsStarted(invoice.dueDate, policy.graceDays, fee.period, input.asOf);
    if (started <= invoice.feePeriodsDone) continue;
    const last = Math.min(started, invoice.feePeriodsDone + FEE_PERIODS_PER_RUN_MAX);
    let feesCharged = invoice.feesCharged as number;
    // What a report covers in part is not charged for while it waits.
    let outstanding = invoice.outstanding - (input.pendingCover?.get(invoice.id) ?? 0);
    for (let period = invoice.feePeriodsDone + 1; period <= last; period++) {
      // Paused (disputed, or in a plan being kept): the period passes without a fee.
      if (isPaused(invoice)) continue;
      const amount = feeForPeriod(fee, {
        total: invoice.total,
        outstanding: minor(outstanding),
        feesCharged: minor(feesCharged),
      });
      if (amount === 0) continue;
      const date = feePeriodDate(invoice.dueDate, policy.graceDays, fee.period, period);
      fees.push({ invoiceId: invoice.id, customerId: invoice.customerId, period, date, amount });
      feesCharged += amount;
      outstanding += amount;
    }
    feeProgress.push({ invoiceId: invoice.id, periodsDone: last });
  }
  return { fees, feeProgress };
}

interface LadderItem {
  readonly key: string;
  readonly line: ReminderLine;
  readonly startedOn: CalendarDate;
  readonly stepsDone: number;
}

function itemsByCustomer(
  invoices: readonly RunInvoice[],
  plans: readonly RunPlan[],
  covered: ReadonlySet<string>,
  coveredInPart: ReadonlyMap<string, Minor> | undefined,
) {
  const items = new Map<string, LadderItem[]>();
  const push = (customerId: string, item: LadderItem) => {
    const list = items.get(customerId);
    if (list) list.push(item);
    else items.set(customerId, [item]);
  };
  for (const invoice of invoices) {
    // What a reported payment covers in part is not asked for again while it waits to be checked.
    const asked = invoice.outstanding - (coveredInPart?.get(invoice.id) ?? 0);
    if (asked <= 0 || covered.has(invoice.id)) continue;
    push(invoice.customerId, {
      key: invoice.id,
      startedOn: invoice.issueDate,
      stepsDone: invoice.reminderStepsDone,
      line: {
        invoiceId: invoice.id,
        planId: null,
        instalmentSeq: null,
        label: invoice.number,
        dueDate: invoice.dueDate,
        amount: minor(asked),
      },
    });
  }
  for (const plan of plans) {
    const steps = new Map(plan.instalments.map((instalment) => [instalment.seq, instalment.stepsDone]));
    for (const instalment of unpaidInstalments(plan.instalments, plan.paid)) {
      push(plan.customerId, {
        key: `${plan.id}#${instalment.seq}`,
        startedOn: plan.createdOn,
        stepsDone: steps.get(instalment.seq) ?? 0,
        line: {
          invoiceId: null,
          planId: plan.id,
          instalmentSeq: instalment.seq,
          label: `${instalment.seq}/${plan.instalments.length}`,
          dueDate: instalment.dueDate,
          amount: instalment.unpaid,
        },
      });
    }
  }
  return items;
}

type ReminderDecisions = Pick<CollectionDecision, 'reminders' | 'unreachable' | 'suppressedReminders'>;

/**
 * The day's reminders, one consolidated message per customer at most, by the
 * rule of docs/decisions/0005: a message only on a day the customer's lead
 * item (the most severe step reached among the items still on their ladder,
 * the oldest on a tie) reaches a step; it lists everything due or already on
 * the ladder, and goes out only if the minimum gap has passed (the due-date
 * reminder excepted). Every step that came due advances, sent or not, so a
 * step held back is never sent late, and each step of a lead item is
 * announced at most once.
 */
function decideReminders(
  input: RunInput,
  policyOf: (id: string) => CollectionPolicy,
  invoices: readonly RunInvoice[],
  plans: readonly RunPlan[],
  promising: ReadonlySet<string>,
  keptToday: ReadonlySet<string>,
): ReminderDecisions {
  const customers = new Map(input.customers.map((customer) => [customer.id, customer]));
  const decisions: { -readonly [K in keyof ReminderDecisions]: ReminderDecisions[K][number][] } = {
    reminders: [],
    unreachable: [],
    suppressedReminders: [],
  };
  for (const [customerId, items] of itemsByCustomer(invoices, plans, input.coveredByPending, input.pendingCover)) {
    const customer = customers.get(customerId);
    // A pause (a promise, a dispute, a plan, a reported payment) holds the ladder where it is: one that ends against
    // the customer (broken, rejected) resumes it at once with the step it reached; a kept promise spends it (below).
    if (!customer || customer.status === 'written_off' || promising.has(customerId)) continue;
    const ladder = policyOf(customer.policyId).reminders;
    const message = consolidatedMessage(ladder, items, input.asOf);
    if (!message) continue;
    if (!message.leadReached || keptToday.has(customerId)) {
      const reason = keptToday.has(customerId) ? 'promise_kept' : 'no_new_step';
      decisions.suppressedReminders.push({ customerId, reason, advance: message.advance });
      continue;
    }
    const verdict = reminderVerdict(
      { fingerprint: message.fingerprint, offsetDays: message.lead.offsetDays },
      customer.lastReminder,
      input.asOf,
      ladder,
    );
    if (verdict !== 'send') {
      decisions.suppressedReminders.push({ customerId, reason: verdict, advance: message.advance });
      continue;
    }
    const decided = {
      customerId,
      step: message.lead.offsetDays,
      tone: message.lead.tone,
      lines: message.lines,
      amountDue: message.amountDue,
      advance: message.advance,
      lead: { itemKey: message.lead.itemKey, index: message.lead.index },
      fingerprint: message.fingerprint,
    };
    const chosen = reminderChannel(customer.contact, message.lead.channels, input.configuredChannels);
    if ('channel' in chosen) decisions.reminders.push({ ...decided, ...chosen });
    else decisions.unreachable.push({ ...decided, reason: chosen.unreachable, channels: chosen.channels });
  }
  return decisions;
}

/**
 * The message a customer's items make on a day, if any item reaches a step:
 * the lines (items due, reached today, or already on the ladder), the lead and
 * whether it reached its step today (if not, the steps reached today say
 * nothing the customer has not been told), and the fingerprint.
 *
 * The lead is the most severe step reached by a listed item that is still on
 * its ladder (the oldest item on a tie): an item whose ladder has ended (its
 * repeats spent) passes the lead to the next, so a customer is not silenced
 * for good about newer items.
 */
function consolidatedMessage(ladder: CollectionPolicy['reminders'], items: readonly LadderItem[], asOf: CalendarDate) {
  const hits = new Map<string, LadderPoint>();
  for (const item of items) {
    const point = dueStep(ladder, { dueDate: item.line.dueDate, startedOn: item.startedOn, stepsDone: item.stepsDone }, asOf);
    if (point) hits.set(item.key, point);
  }
  if (hits.size === 0) return undefined;
  const listed = items
    .filter((item) => item.line.dueDate <= asOf || hits.has(item.key) || item.stepsDone > 0)
    .sort((a, b) => (a.line.dueDate < b.line.dueDate ? -1 : a.line.dueDate > b.line.dueDate ? 1 : a.key < b.key ? -1 : 1));
  const ladderLength = ladder.steps.length + ladder.repeatsMax;
  let lead: (LadderPoint & { itemKey: string }) | undefined;
  for (const item of listed) {
    const hit = hits.get(item.key);
    if (!hit && item.stepsDone >= ladderLength) continue;
    const point = hit ?? ladderPointAt(ladder, item.line.dueDate, item.stepsDone);
    if (point && (!lead || moreSevere(point, lead))) lead = { ...point, itemKey: item.key };
  }
  if (!lead) throw new Error('a reminder without a lead step');
  const lines = listed
    .map((item) => item.line)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.label < b.label ? -1 : 1));
  return {
    lead,
    leadReached: hits.has(lead.itemKey),
    lines,
    amountDue: minor(lines.reduce((sum, line) => sum + line.amount, 0)),
    advance: [...hits].map(([itemKey, point]) => ({ itemKey, stepsDone: point.index })),
    fingerprint: reminderFingerprint(
      lead,
      listed.map((item) => ({ key: item.key, amount: item.line.amount })),
    ),
  };
}

function moreSevere(a: LadderPoint, b: LadderPoint): boolean {
  const rank = toneRank(a.tone) - toneRank(b.tone);
  return rank !== 0 ? rank > 0 : a.offsetDays > b.offsetDays;
}

/**
 * The customer's status change: what a reported payment covers is not counted against them while
 * it waits to be checked (no new hold for a bill they say is paid), but a report releases nothing:
 * only a booked payment lifts a hold.
 */
function escalationOf(input: RunInput, policy: CollectionPolicy, customer: RunCustomer, open: readonly RunInvoice[]) {
  const counted = open.filter((invoice) => !input.coveredByPending.has(invoice.id));
  const change = escalationChange(policy.escalation, customer, overdueFigures(counted, input.asOf), input.asOf);
  if (change?.action !== 'release' || counted.length === open.length) return change;
  const withReported = escalationChange(policy.escalation, customer, overdueFigures(open, input.asOf), input.asOf);
  return withReported?.action === 'release' ? change : undefined;
}

function decideEscalations(
  input: RunInput,
  policyOf: (id: string) => CollectionPolicy,
  invoices: readonly RunInvoice[],
): Pick<CollectionDecision, 'holds' | 'limitChanges' | 'writeOffSuggestions'> {
  const byCustomer = new Map<string, RunInvoice[]>();
  for (const invoice of invoices) {
    const list = byCustomer.get(invoice.customerId);
    if (list) list.push(invoice);
    else byCustomer.set(invoice.customerId, [invoice]);
  }
  const holds: (StatusChange & { customerId: string })[] = [];
  const limitChanges: (LimitChange & { customerId: string })[] = [];
  const writeOffSuggestions: { invoiceId: string; customerId: string; daysOverdue: number }[] = [];
  for (const customer of input.customers) {
    const policy = policyOf(customer.policyId);
    const open = byCustomer.get(customer.id) ?? [];
    const change = escalationOf(input, policy, customer, open);
    if (change) holds.push({ ...change, customerId: customer.id });
    const evaluation = policy.creditEvaluation;
    const limitChange = evaluation && evaluateLimit(evaluation, customer.limit, customer.settlements, input.asOf);
    if (limitChange) limitChanges.push({ ...limitChange, customerId: customer.id });
    const writeOffAfter = policy.escalation.suggestWriteOffAfterDays;
    if (writeOffAfter === null) continue;
    for (const invoice of open) {
      const daysOverdue = daysBetween(invoice.dueDate, input.asOf);
      if (daysOverdue > writeOffAfter && !invoice.writeOffSuggested && invoice.outstanding > 0)
        writeOffSuggestions.push({ invoiceId: invoice.id, customerId: customer.id, daysOverdue });
    }
  }
  return { holds, limitChanges, writeOffSuggestions };
}
