/**
 * Loads what the collection run decides from, as it stood at the end of one
 * business-day: open items as of that date, the customers they belong to (and
 * any the policy has escalated or limited), plans, promises, disputes and
 * reported payments that existed by then.
 */
import type { Kysely } from 'kysely';
import { type LaterFee, type PendingReport, pendingCover } from '../core/commitments.js';
import type { RunCustomer, RunInput, RunInvoice, RunPlan, RunPromise } from '../core/collection-run.js';
import { type CalendarDate, addDays } from '../core/dates.js';
import type { HoldSource } from '../core/escalation.js';
import { type Minor, minor } from '../core/money.js';
import type { Business, CustomerStatus } from '../core/parties.js';
import type { OpenItem } from '../core/payments.js';
import { type CollectionPolicy, defaultPolicy } from '../core/policy.js';
import {
  type CollectionCustomerRow,
  type CollectionInvoiceRow,
  customersForRun,
  customersSettledOn,
  openInvoicesAsOf,
  paidBetween,
  settlementsOf,
} from '../store/collection-repo.js';
import { disputesOpenOn, openPromises, pendingOn, plansOf } from '../store/commitments-repo.js';
import { lateFeesAfter } from '../store/journal-repo.js';
import { policyVersionsOfBusiness } from '../store/policies-repo.js';
import type { Database } from '../store/schema.js';
import { loadConfiguredChannels } from './channels.js';

/** Settlements older than this are never read: the evaluation window cannot reach further. */
const SETTLEMENT_LOOKBACK_DAYS_MAX = 3650;

export interface LoadedRun {
  readonly input: Omit<RunInput, 'sendReminders'>;
  readonly customers: ReadonlyMap<string, CollectionCustomerRow>;
  readonly invoices: ReadonlyMap<string, CollectionInvoiceRow>;
  readonly policies: ReadonlyMap<string, CollectionPolicy>;
}

/** Policies by id, and which one is in force for the business and for each customer with their own. */
async function loadPolicies(db: Kysely<Database>, business: Business) {
  const versions = await policyVersionsOfBusiness(db, business.id);
  const policies = new Map<string, CollectionPolicy>(versions.map((v) => [v.id, v.policy]));
  let businessPolicyId = 'default';
  const customerPolicyIds = new Map<string, string>();
  for (const version of versions) {
    // Versions come oldest first: the last one seen for a scope is the one in force.
    if (version.customerId === null) businessPolicyId = version.id;
    else customerPolicyIds.set(version.customerId, version.id);
  }
  if (businessPolicyId === 'default') policies.set('default', defaultPolicy(business));
  return { policies, businessPolicyId, customerPolicyIds };
}

export async function loadRunInput(db: Kysely<Database>, business: Business, asOf: CalendarDate): Promise<LoadedRun> {
  const { policies, businessPolicyId, customerPolicyIds } = await loadPolicies(db, business);
  const policyOfCustomer = (customerId: string) => customerPolicyIds.get(customerId) ?? businessPolicyId;
  const rows = await openInvoicesAsOf(db, business.id, asOf);
  const disputed = await disputesOpenOn(db, business.id, asOf);
  const plans = (await plansOf(db, business.id, { status: 'active' })).filter((plan) => plan.createdOn <= asOf);
  const activePlanIds = new Set(plans.map((plan) => plan.id));
  const promises = await openPromises(db, business.id, asOf);
  const settledToday = await customersSettledOn(db, business.id, asOf);

  const involved = new Set([
    ...rows.map((row) => row.customerId),
    ...settledToday,
    ...plans.map((plan) => plan.customerId),
    ...promises.map((promise) => promise.customerId),
  ]);
  const customerRows = await customersForRun(db, business.id, involved);
  const invoices: RunInvoice[] = rows.map((row) => ({
    ...row,
    policyId: row.policyId ?? businessPolicyId,
    planId: row.planId !== null && activePlanIds.has(row.planId) ? row.planId : null,
    isDisputed: disputed.has(row.id),
    writeOffSuggested: row.writeOffSuggestedOn !== null,
  }));

  const settlements = await loadSettlements(db, business, asOf, customerRows, settledToday, policies, businessPolicyId);
  const customers: RunCustomer[] = customerRows.map((row) => ({
    id: row.id,
    status: row.status as CustomerStatus,
    holdSource: row.holdSource as HoldSource | null,
    escalationPausedUntil: row.escalationPausedUntil,
    policyId: policyOfCustomer(row.id),
    contact: {
      phone: row.phone,
      email: row.email,
      preferredChannel: row.preferredChannel,
      channelOrder: row.channelOrder,
      optedOut: row.optedOut,
    },
    lastReminder: row.remindedOn === null ? null : { on: row.remindedOn as CalendarDate, fingerprint: row.reminderFingerprint },
    limit: {
      effectiveLimit: row.creditLimit ?? business.defaultCreditLimit,
      limitLoweredOn: row.limitLoweredOn,
      limitBeforeLowering: row.limitBeforeLowering,
      limitRestoredOn: row.limitRestoredOn,
    },
    settlements: settlements.get(row.id) ?? [],
  }));

  const outstandingByPlan = new Map<string, number>();
  for (const invoice of invoices)
    if (invoice.planId) outstandingByPlan.set(invoice.planId, (outstandingByPlan.get(invoice.planId) ?? 0) + invoice.outstanding);
  const runPlans: RunPlan[] = plans.map((plan) => ({
    id: plan.id,
    customerId: plan.customerId,
    createdOn: plan.createdOn,
    total: plan.total,
    paid: minor(Math.max(0, plan.total - (outstandingByPlan.get(plan.id) ?? 0))),
    instalments: plan.instalments,
  }));
  const runPromises: RunPromise[] = [];
  for (const promise of promises)
    runPromises.push({ ...promise, paid: await paidBetween(db, business.id, promise.customerId, promise.createdOn, asOf) });

  const { covered, partial } = await pendingCoverage(db, business.id, asOf, invoices);
  return {
    input: {
      asOf,
      policies,
      customers,
      invoices,
      plans: runPlans,
      promises: runPromises,
      coveredByPending: covered,
      pendingCover: partial,
      configuredChannels: await loadConfiguredChannels(db, business.id),
    },
    customers: new Map(customerRows.map((row) => [row.id, row])),
    invoices: new Map(rows.map((row) => [row.id, row])),
    policies,
  };
}

async function loadSettlements(
  db: Kysely<Database>,
  business: Business,
  asOf: CalendarDate,
  customers: readonly CollectionCustomerRow[],
  settledToday: readonly string[],
  policies: ReadonlyMap<string, CollectionPolicy>,
  businessPolicyId: string,
) {
  const today = new Set(settledToday);
  const evaluated = customers.filter((row) => today.has(row.id));
  const result = new Map<string, { settledOn: CalendarDate; dueDate: CalendarDate; graceDays: number }[]>();
  if (evaluated.length === 0) return result;
  let windowDays = 0;
  for (const policy of policies.values()) windowDays = Math.max(windowDays, policy.creditEvaluation?.windowDays ?? 0);
  const lowered = evaluated.map((row) => row.limitLoweredOn).filter((date): date is CalendarDate => date !== null);
  let from = addDays(asOf, -Math.min(windowDays, SETTLEMENT_LOOKBACK_DAYS_MAX));
  for (const date of lowered) if (date < from) from = date;
  const rows = await settlementsOf(
    db,
    business.id,
    evaluated.map((row) => row.id),
    addDays(from, -1),
    asOf,
  );
  for (const row of rows) {
    const graceDays = (policies.get(row.policyId ?? businessPolicyId) ?? policies.get(businessPolicyId))?.graceDays ?? 0;
    const list = result.get(row.customerId) ?? [];
    list.push({ settledOn: row.settledOn, dueDate: row.dueDate, graceDays });
    result.set(row.customerId, list);
  }
  return result;
}

/** What the reports waiting on the day cover: the invoices covered in full, and what they cover of the others. */
async function pendingCoverage(db: Kysely<Database>, businessId: string, asOf: CalendarDate, invoices: readonly RunInvoice[]) {
  const reports = await pendingOn(db, businessId, asOf);
  const covered = new Set<string>();
  const partial = new Map<string, Minor>();
  if (reports.length === 0) return { covered, partial };
  // Grouped once: the run may hold hundreds of thousands of open items and many reports.
  const byCustomer = new Map<string, PendingReport[]>();
  let earliestPaidOn = asOf;
  for (const report of reports) {
    const list = byCustomer.get(report.customerId) ?? [];
    list.push({ amount: report.amount, invoiceId: report.invoiceId, paidOn: report.paidOn });
    byCustomer.set(report.customerId, list);
    if (report.paidOn < earliestPaidOn) earliestPaidOn = report.paidOn;
  }
  const itemsOf = new Map<string, OpenItem[]>();
  for (const invoice of invoices) {
    if (!byCustomer.has(invoice.customerId)) continue;
    const list = itemsOf.get(invoice.customerId) ?? [];
    list.push({
      invoiceId: invoice.id,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      number: invoice.number,
      outstanding: invoice.outstanding,
    });
    itemsOf.set(invoice.customerId, list);
  }
  // Fees charged after the day a customer says they paid do not stop the report covering the invoice.
  const fees = await lateFeesAfter(
    db,
    businessId,
    [...itemsOf.values()].flatMap((items) => items.map((item) => item.invoiceId)),
    earliestPaidOn,
    asOf,
  );
  const laterFees: LaterFee[] = fees.map((fee) => ({
    invoiceId: fee.invoiceId,
    date: fee.date as CalendarDate,
    amount: minor(fee.amount),
  }));
  for (const [customerId, pending] of byCustomer) {
    const items = itemsOf.get(customerId) ?? [];
    const cover = pendingCover(pending, items, laterFees);
    for (const item of items) {
      const amount = cover.get(item.invoiceId) ?? 0;
      if (amount >= item.outstanding) covered.add(item.invoiceId);
      else if (amount > 0) partial.set(item.invoiceId, minor(amount));
    }
  }
  return { covered, partial };
}
