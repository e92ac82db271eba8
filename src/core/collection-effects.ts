/**
 * The collection run's decision as effects (decision 0016): what one
 * business-day's decision (collection-run.ts) writes, each effect guarded by
 * its derived key, so running a day again adds nothing; and the answer, read
 * from what the write newly did. Pure: the caller loads, the one writer writes.
 */
import type { CalendarDate } from './dates.js';
import { type Decision, type Effect, type WriteOutcome, entry, event, message } from './effects.js';
import { feeForPeriod, lateFeeEntry } from './fees.js';
import { storeText, t } from './i18n/catalogue.js';
import { type MessageTemplate, REMINDER_PURPOSE, quotedLateFee, reminderMessage } from './messages.js';
import type { TemplatePurpose } from './template-names.js';
import { type Minor, minor } from './money.js';
import type { Business, Locale } from './parties.js';
import type { CollectionPolicy, LateFee } from './policy.js';
import type { CollectionDecision, RunInput, UnreachableReason } from './collection-run.js';

/** An item a reminder lists: an invoice (by number) or an instalment of a plan (`seq` of `count`). */
export interface ReminderItem {
  readonly invoiceId: string | null;
  readonly number: string | null;
  readonly planId: string | null;
  readonly instalment: { readonly seq: number; readonly count: number } | null;
  readonly amount: number;
}

export interface ReminderSummary {
  customerId: string;
  step: number;
  tone: string;
  channel: string;
  invoiceIds: string[];
  amountDue: number;
  /** What the message lists: invoices by number, instalments of a plan as `1/3` (absent on events recorded before). */
  items?: ReminderItem[];
}

export interface UnreachableSummary {
  customerId: string;
  reason: UnreachableReason;
  step: number;
  channels: string[];
  invoiceIds: string[];
  amountDue: number;
  items?: ReminderItem[];
}

export interface PlanSummary {
  planId: string;
  customerId: string;
  outcome: string;
  missedSeq?: number;
  shortfall?: number;
}

/** What the collection run needs, besides its decision, to write it. */
export interface CollectionWriteInput {
  readonly business: Pick<Business, 'name' | 'currency' | 'locale' | 'paymentInstructions'>;
  readonly customers: ReadonlyMap<
    string,
    {
      readonly name: string;
      readonly phone: string | null;
      readonly email: string | null;
      readonly creditLimit: Minor | null;
      readonly locale: Locale | null;
    }
  >;
  /** The owner's wording of a purpose in a language, else undefined for the default (decision 0019). */
  readonly templateOf: (purpose: TemplatePurpose, locale: Locale) => MessageTemplate | undefined;
  readonly invoices: RunInput['invoices'];
  readonly policies: ReadonlyMap<string, CollectionPolicy>;
  /** How much more the business may post before its journal total passes the money bound (decision 0014). */
  readonly journalRoom: bigint;
}

export const feeKey = (fee: { invoiceId: string; period: number }) => `late_fee:${fee.invoiceId}:${fee.period}`;
export const reminderKey = (customerId: string, asOf: CalendarDate) => `reminder:${customerId}:${asOf}`;
const unreachableKey = (customerId: string, asOf: CalendarDate) => `unreachable:${customerId}:${asOf}`;
const holdKey = (hold: { action: string; customerId: string }, asOf: CalendarDate) => `${hold.action}:${hold.customerId}:${asOf}`;
const limitKey = (change: { kind: string; customerId: string }, asOf: CalendarDate) =>
  `limit_${change.kind}:${change.customerId}:${asOf}`;
const writeOffKey = (invoiceId: string) => `write_off_suggested:${invoiceId}`;
const planKey = (planId: string) => `plan:${planId}`;
const promiseKey = (promiseId: string) => `promise:${promiseId}`;

/**
 * The day's effects, in the order they are written: fees (event, then entry and
 * what the invoice has been charged), fee counters, reminders (message, then
 * its event, ladder counters and what the customer was told), the unreachable,
 * the held-back steps' counters, holds, limit changes, write-off suggestions,
 * plans and promises closed. The answer is the decision as far as it was newly
 * written (a key that existed was done before).
 */
export function collectionEffects(decision: CollectionDecision, input: CollectionWriteInput): Decision<CollectionDecision> {
  const asOf = decision.asOf;
  const effects: Effect[] = [];
  const on = (
    key: string,
    kind: string,
    customerId: string,
    invoiceId: string | null,
    details: Record<string, unknown>,
    then?: Effect[],
  ) => event({ key, kind, date: asOf, customerId, invoiceId, details }, then);

  // A fee that would take the journal total past the money bound is not charged (decision 0014): the day still runs.
  let room = input.journalRoom;
  const fees = decision.fees.filter((fee) => {
    if (BigInt(fee.amount) > room) return false;
    room -= BigInt(fee.amount);
    return true;
  });
  for (const fee of fees)
    effects.push(
      on(feeKey(fee), 'late_fee', fee.customerId, fee.invoiceId, { period: fee.period, amount: fee.amount, date: fee.date }, [
        entry(
          lateFeeEntry({
            feeId: feeKey(fee),
            invoiceId: fee.invoiceId,
            customerId: fee.customerId,
            date: fee.date,
            amount: fee.amount,
            // A catalogue entry: the statement reads it in the business's language.
            memo: storeText(t('fee.memo', { period: fee.period })),
          }),
        ),
        { type: 'invoice_counters', invoiceId: fee.invoiceId, feeCharged: fee.amount },
      ]),
    );
  for (const progress of decision.feeProgress)
    effects.push({ type: 'invoice_counters', invoiceId: progress.invoiceId, feePeriodsDone: progress.periodsDone });

  const feeOf = lateFeeQuoted(decision, input);
  for (const reminder of decision.reminders) {
    const customer = input.customers.get(reminder.customerId);
    if (!customer) continue;
    const summary = reminderSummary(reminder);
    // The customer's language, else the business's; the owner's wording of the tone, else the default.
    const locale = customer.locale ?? input.business.locale;
    const { subject, body } = reminderMessage(
      {
        businessName: input.business.name,
        customerName: customer.name,
        currency: input.business.currency,
        locale,
        tone: reminder.tone,
        asOf,
        lines: reminder.lines,
        amountDue: reminder.amountDue,
        paymentInstructions: input.business.paymentInstructions,
        lateFee: quotedLateFee(
          reminder.lines.flatMap((line) => (line.invoiceId && line.instalmentSeq === null ? [feeOf(line.invoiceId)] : [])),
        ),
      },
      input.templateOf(REMINDER_PURPOSE[reminder.tone], locale),
    );
    effects.push(
      message(
        {
          key: reminderKey(reminder.customerId, asOf),
          purpose: 'reminder',
          customerId: reminder.customerId,
          channel: reminder.channel,
          recipient: reminder.recipient,
          subject,
          body,
          details: { ...summary, lines: reminder.lines, lead: reminder.lead },
        },
        [
          on(reminderKey(reminder.customerId, asOf), 'reminder', reminder.customerId, null, { ...summary }),
          ...ladderAdvance(reminder.advance),
          { type: 'customer_reminded', customerId: reminder.customerId, fingerprint: reminder.fingerprint, on: asOf },
        ],
      ),
    );
  }
  for (const notice of decision.unreachable)
    effects.push(
      on(unreachableKey(notice.customerId, asOf), 'unreachable', notice.customerId, null, { ...unreachableSummary(notice) }, [
        ...ladderAdvance(notice.advance),
        { type: 'customer_reminded', customerId: notice.customerId, fingerprint: notice.fingerprint, on: asOf },
      ]),
    );
  // A step that came due without a message still moves its counters.
  for (const suppressed of decision.suppressedReminders) effects.push(...ladderAdvance(suppressed.advance));

  for (const hold of decision.holds)
    effects.push(
      on(
        holdKey(hold, asOf),
        hold.action,
        hold.customerId,
        null,
        { from: hold.from, to: hold.to, reason: storeText(hold.reason) },
        [
          {
            type: 'customer_collection',
            customerId: hold.customerId,
            change:
              hold.action === 'release'
                ? { status: 'active', holdReason: null, holdSource: null }
                : // The customer keeps the reason with the day it was decided: the figures in it are that day's.
                  {
                    status: hold.to,
                    holdReason: storeText(t('hold.since', { date: asOf, reason: hold.reason })),
                    holdSource: 'policy',
                  },
          },
        ],
      ),
    );
  for (const change of decision.limitChanges) {
    const own = input.customers.get(change.customerId)?.creditLimit ?? null;
    effects.push(
      on(
        limitKey(change, asOf),
        `limit_${change.kind}`,
        change.customerId,
        null,
        { ...change, reason: storeText(change.reason) },
        [
          {
            type: 'customer_collection',
            customerId: change.customerId,
            change:
              change.kind === 'lower'
                ? { creditLimit: change.to, limitLoweredOn: asOf, limitBeforeLowering: own }
                : { creditLimit: change.to, limitLoweredOn: null, limitBeforeLowering: null, limitRestoredOn: asOf },
          },
        ],
      ),
    );
  }
  for (const suggestion of decision.writeOffSuggestions)
    effects.push(
      on(
        writeOffKey(suggestion.invoiceId),
        'write_off_suggested',
        suggestion.customerId,
        suggestion.invoiceId,
        { daysOverdue: suggestion.daysOverdue },
        [{ type: 'write_off_suggested', invoiceId: suggestion.invoiceId, on: asOf }],
      ),
    );
  for (const plan of decision.plans)
    effects.push(
      on(planKey(plan.planId), `plan_${plan.outcome}`, plan.customerId, null, { ...plan }, [
        { type: 'plan_closed', planId: plan.planId, status: plan.outcome, on: asOf },
      ]),
    );
  for (const promise of decision.promises)
    effects.push(
      on(promiseKey(promise.promiseId), `promise_${promise.outcome}`, promise.customerId, null, { ...promise }, [
        { type: 'promise_resolved', promiseId: promise.promiseId, status: promise.outcome, paid: promise.paid, on: asOf },
      ]),
    );

  const answer = ({ recorded, queued }: WriteOutcome): CollectionDecision => ({
    ...decision,
    fees: fees.filter((fee) => recorded.has(feeKey(fee))),
    reminders: decision.reminders.filter((reminder) => queued.has(reminderKey(reminder.customerId, asOf))),
    unreachable: decision.unreachable.filter((notice) => recorded.has(unreachableKey(notice.customerId, asOf))),
    holds: decision.holds.filter((hold) => recorded.has(holdKey(hold, asOf))),
    limitChanges: decision.limitChanges.filter((change) => recorded.has(limitKey(change, asOf))),
    writeOffSuggestions: decision.writeOffSuggestions.filter((suggestion) => recorded.has(writeOffKey(suggestion.invoiceId))),
    plans: decision.plans.filter((plan) => recorded.has(planKey(plan.planId))),
    promises: decision.promises.filter((promise) => recorded.has(promiseKey(promise.promiseId))),
  });
  return { effects, answer };
}

/** The ladder counters of every step that came due: an invoice's, or a plan instalment's (`planId#seq`). */
function ladderAdvance(advance: readonly { itemKey: string; stepsDone: number }[]): Effect[] {
  return advance.map(({ itemKey, stepsDone }) => {
    const [planId, seq] = itemKey.split('#');
    return seq === undefined
      ? { type: 'invoice_counters', invoiceId: itemKey, reminderStepsDone: stepsDone }
      : { type: 'instalment_counters', planId: planId as string, seq: Number(seq), reminderStepsDone: stepsDone };
  });
}

/**
 * The late fee a reminder may quote for an invoice: each invoice keeps the version it was issued under; one whose
 * fees have reached the cap will be charged no more, so the message does not say it will (counting today's fees).
 */
function lateFeeQuoted(decision: CollectionDecision, input: CollectionWriteInput): (invoiceId: string) => LateFee {
  const invoices = new Map(input.invoices.map((invoice) => [invoice.id, invoice]));
  const chargedToday = new Map<string, number>();
  for (const fee of decision.fees) chargedToday.set(fee.invoiceId, (chargedToday.get(fee.invoiceId) ?? 0) + fee.amount);
  return (invoiceId) => {
    const invoice = invoices.get(invoiceId);
    const fee = (invoice && input.policies.get(invoice.policyId)?.lateFee) || { kind: 'none' };
    if (!invoice || fee.kind === 'none') return fee;
    const today = chargedToday.get(invoiceId) ?? 0;
    const next = feeForPeriod(fee, {
      total: invoice.total,
      outstanding: minor(invoice.outstanding + today),
      feesCharged: minor(invoice.feesCharged + today),
    });
    return next > 0 ? fee : { kind: 'none' };
  };
}

export function reminderSummary(reminder: CollectionDecision['reminders'][number]): ReminderSummary {
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

export function unreachableSummary(notice: CollectionDecision['unreachable'][number]): UnreachableSummary {
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

export function planSummary(plan: CollectionDecision['plans'][number]): PlanSummary {
  return {
    planId: plan.planId,
    customerId: plan.customerId,
    outcome: plan.outcome,
    ...(plan.outcome === 'defaulted' ? planMiss(plan) : {}),
  };
}

/** A defaulted plan's missed instalment and shortfall, when known. */
export function planMiss(outcome: { missedSeq?: number | undefined; shortfall?: number | undefined }) {
  return outcome.missedSeq === undefined || outcome.shortfall === undefined
    ? {}
    : { missedSeq: outcome.missedSeq, shortfall: outcome.shortfall };
}
