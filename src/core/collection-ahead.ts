/**
 * Looking ahead without writing: what the runs of the days before a date would
 * have changed, kept in memory and laid over the input the store gives, so a
 * dry run for a later day sees the fees, counters, holds and outcomes of the
 * days between as if they had run (and nothing else had happened).
 */
import type { CollectionDecision, RunInput } from './collection-run.js';
import type { CalendarDate } from './dates.js';
import type { HoldSource, LimitState } from './escalation.js';
import type { LastReminder } from './ladder.js';
import { minor } from './money.js';
import type { CustomerStatus } from './parties.js';

interface CarriedInvoice {
  readonly feePeriodsDone: number;
  /** Fees the simulated days charged (the journal does not hold them). */
  readonly feesAdded: number;
  readonly reminderStepsDone: number;
  readonly writeOffSuggested: boolean;
}

interface CarriedCustomer {
  readonly status?: CustomerStatus;
  readonly holdSource?: HoldSource | null;
  /** The last reminder a simulated day decided (sent or handed to the owner as unreachable). */
  readonly lastReminder?: LastReminder;
  readonly limit?: LimitState;
}

/** What simulated runs decided that the store does not hold. */
export interface RunCarry {
  readonly invoices: ReadonlyMap<string, CarriedInvoice>;
  readonly customers: ReadonlyMap<string, CarriedCustomer>;
  /** Ladder steps sent per instalment (`planId#seq`). */
  readonly instalmentSteps: ReadonlyMap<string, number>;
  readonly closedPlans: ReadonlySet<string>;
  readonly resolvedPromises: ReadonlySet<string>;
}

export const NO_CARRY: RunCarry = {
  invoices: new Map(),
  customers: new Map(),
  instalmentSteps: new Map(),
  closedPlans: new Set(),
  resolvedPromises: new Set(),
};

/** The input for `asOf` as the store gives it, with what the simulated days before it decided laid over. */
export function inputWithCarry(input: Omit<RunInput, 'sendReminders'>, carry: RunCarry, asOf: CalendarDate) {
  const plans = input.plans
    .filter((plan) => !carry.closedPlans.has(plan.id))
    .map((plan) => ({
      ...plan,
      instalments: plan.instalments.map((instalment) => ({
        ...instalment,
        stepsDone: Math.max(instalment.stepsDone, carry.instalmentSteps.get(`${plan.id}#${instalment.seq}`) ?? 0),
      })),
    }));
  return {
    ...input,
    asOf,
    invoices: input.invoices.map((invoice) => {
      const carried = carry.invoices.get(invoice.id);
      const planId = invoice.planId !== null && carry.closedPlans.has(invoice.planId) ? null : invoice.planId;
      if (!carried) return { ...invoice, planId };
      return {
        ...invoice,
        planId,
        outstanding: minor(invoice.outstanding + carried.feesAdded),
        feesCharged: minor(invoice.feesCharged + carried.feesAdded),
        feePeriodsDone: Math.max(invoice.feePeriodsDone, carried.feePeriodsDone),
        reminderStepsDone: Math.max(invoice.reminderStepsDone, carried.reminderStepsDone),
        writeOffSuggested: invoice.writeOffSuggested || carried.writeOffSuggested,
      };
    }),
    customers: input.customers.map((customer) => {
      const carried = carry.customers.get(customer.id);
      if (!carried) return customer;
      return {
        ...customer,
        status: carried.status ?? customer.status,
        holdSource: carried.holdSource !== undefined ? carried.holdSource : customer.holdSource,
        limit: carried.limit ?? customer.limit,
        lastReminder: carried.lastReminder ?? customer.lastReminder,
      };
    }),
    plans,
    promises: input.promises.filter((promise) => !carry.resolvedPromises.has(promise.id)),
  };
}

/** The carry after a simulated day: its decision applied as persisting it would. */
export function carryForward(carry: RunCarry, input: Pick<RunInput, 'customers'>, decision: CollectionDecision): RunCarry {
  const invoices = new Map(carry.invoices);
  const invoice = (id: string): CarriedInvoice =>
    invoices.get(id) ?? { feePeriodsDone: 0, feesAdded: 0, reminderStepsDone: 0, writeOffSuggested: false };
  for (const fee of decision.fees)
    invoices.set(fee.invoiceId, { ...invoice(fee.invoiceId), feesAdded: invoice(fee.invoiceId).feesAdded + fee.amount });
  for (const { invoiceId, periodsDone } of decision.feeProgress)
    invoices.set(invoiceId, { ...invoice(invoiceId), feePeriodsDone: Math.max(invoice(invoiceId).feePeriodsDone, periodsDone) });
  for (const { invoiceId } of decision.writeOffSuggestions)
    invoices.set(invoiceId, { ...invoice(invoiceId), writeOffSuggested: true });
  const instalmentSteps = new Map(carry.instalmentSteps);
  const customers = new Map(carry.customers);
  // As persisting does: a message sent or handed to the owner is the customer's last; a held-back step still moves its counters.
  const advances = [...decision.reminders, ...decision.unreachable, ...decision.suppressedReminders];
  for (const reminder of [...decision.reminders, ...decision.unreachable])
    customers.set(reminder.customerId, {
      ...customers.get(reminder.customerId),
      lastReminder: { on: decision.asOf, fingerprint: reminder.fingerprint },
    });
  for (const reminder of advances) {
    for (const { itemKey, stepsDone } of reminder.advance)
      if (itemKey.includes('#')) instalmentSteps.set(itemKey, Math.max(instalmentSteps.get(itemKey) ?? 0, stepsDone));
      else
        invoices.set(itemKey, {
          ...invoice(itemKey),
          reminderStepsDone: Math.max(invoice(itemKey).reminderStepsDone, stepsDone),
        });
  }
  for (const hold of decision.holds)
    customers.set(hold.customerId, {
      ...customers.get(hold.customerId),
      status: hold.to,
      holdSource: hold.action === 'release' ? null : 'policy',
    });
  const limits = new Map(input.customers.map((customer) => [customer.id, customer.limit]));
  for (const change of decision.limitChanges) {
    const before = customers.get(change.customerId)?.limit ?? limits.get(change.customerId);
    if (!before) continue;
    // As persisting does: a lowering remembers the limit it replaced, a restore puts it back.
    const limit: LimitState =
      change.kind === 'lower'
        ? { ...before, effectiveLimit: change.to, limitLoweredOn: decision.asOf, limitBeforeLowering: change.from }
        : {
            ...before,
            effectiveLimit: change.to,
            limitLoweredOn: null,
            limitBeforeLowering: null,
            limitRestoredOn: decision.asOf,
          };
    customers.set(change.customerId, { ...customers.get(change.customerId), limit });
  }
  return {
    invoices,
    customers,
    instalmentSteps,
    closedPlans: new Set([...carry.closedPlans, ...decision.plans.map((plan) => plan.planId)]),
    resolvedPromises: new Set([...carry.resolvedPromises, ...decision.promises.map((promise) => promise.promiseId)]),
  };
}
