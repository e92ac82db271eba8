/**
 * What every write settles before it commits, for each customer whose balance
 * or credit it moved (the journal notes them as it posts):
 *
 * - Credit the customer holds is applied to their open invoices, oldest due
 *   first, as its own `credit_applied` entries: a customer never has credit
 *   and an open undisputed invoice at once, so fees, reminders, holds and aging
 *   only ever see what is really owed. An invoice under an open dispute is left
 *   alone (credit would pay what the customer contests and leave the dispute
 *   open); closing the dispute notes the customer, so the credit meets the
 *   invoice in that transaction.
 * - A hold the policy made because of overdue items is lifted once nothing is
 *   overdue past the policy any more: the payment that clears it unblocks the
 *   next sale, not the next collection run. The owner's own holds stay.
 *
 * `runCommand` calls `settlePostings` after every command's decision, so the
 * rule holds whatever posted (payment, sale, correction, import, fee, waiver);
 * a command that shows the result may call it earlier itself.
 */
import type { Kysely } from 'kysely';
import { overdueFigures } from '../core/credit-check.js';
import { type CalendarDate, dateInZone } from '../core/dates.js';
import { type EscalationState, type HoldSource, releaseAfterSettlement } from '../core/escalation.js';
import { minor } from '../core/money.js';
import type { CustomerStatus } from '../core/parties.js';
import { creditApplications } from '../core/payments.js';
import { defaultPolicy } from '../core/policy.js';
import { collectionFlagsOf } from '../store/collection-repo.js';
import { disputesLastClosedOn } from '../store/commitments-repo.js';
import { timelineEvent } from './timeline.js';
import { openInvoicesOfCustomer, toOpenItem } from '../store/invoices-repo.js';
import { creditSince, lastMovedOn, takePosted } from '../store/journal-repo.js';
import { type Effect, type WriteOutcome, entry as entryEffect } from '../core/effects.js';
import { getBusiness } from '../store/parties-repo.js';
import { latestPolicyVersion } from '../store/policies-repo.js';
import type { Database } from '../store/schema.js';
import type { AppContext } from './context.js';

/** What settling needs of the command's tools (app/command.ts WriteTools). */
interface Tools {
  readonly now: string;
  newId(prefix: string): string;
  write(effects: readonly Effect[]): Promise<WriteOutcome>;
}

/** Applying credit posts entries, which note the customer again; two passes always settle, more is a bug. */
const SETTLE_PASSES_MAX = 4;

/** What was settled, by customer: credit applied (invoice, amount) and holds lifted. */
export interface Settled {
  readonly creditApplied: { customerId: string; invoiceId: string; amount: number; date: CalendarDate }[];
  readonly released: string[];
}

/**
 * Settles every customer the transaction posted to: credit applied to open
 * invoices, and the policy's holds lifted where nothing is overdue past the
 * policy any more (as of today, where the business is).
 */
export async function settlePostings(ctx: AppContext, trx: Kysely<Database>, tools: Tools): Promise<Settled> {
  const settled: Settled = { creditApplied: [], released: [] };
  for (let pass = 1; ; pass++) {
    const posted = takePosted(trx);
    if (posted.size === 0) return settled;
    if (pass > SETTLE_PASSES_MAX) throw new Error('customer credit did not settle');
    for (const [businessId, noted] of posted)
      for (const candidate of await needingSettlement(trx, businessId, [...noted.keys()].sort())) {
        if (candidate.credit_minor > 0)
          settled.creditApplied.push(...(await applyCredit(ctx, trx, tools, businessId, candidate.id)));
        // Only a balance that went down can have cleared what made the policy hold the customer.
        if (
          noted.get(candidate.id) === true &&
          candidate.hold_source === 'policy' &&
          (await liftPolicyHold(ctx, trx, tools, businessId, candidate.id))
        )
          settled.released.push(candidate.id);
      }
  }
}

/** Customers per statement when picking out those with anything to settle. */
const CUSTOMERS_PER_STATEMENT_MAX = 500;

/** Of the customers posted to, those holding credit or held by the policy (a run's fees touch many; few are these). */
async function needingSettlement(trx: Kysely<Database>, businessId: string, customerIds: readonly string[]) {
  const rows: { id: string; credit_minor: number; hold_source: string | null }[] = [];
  for (let i = 0; i < customerIds.length; i += CUSTOMERS_PER_STATEMENT_MAX)
    rows.push(
      ...(await trx
        .selectFrom('customers')
        .select(['id', 'credit_minor', 'hold_source'])
        .where('business_id', '=', businessId)
        .where('id', 'in', customerIds.slice(i, i + CUSTOMERS_PER_STATEMENT_MAX))
        .where((eb) =>
          eb.or([eb('credit_minor', '>', 0), eb.and([eb('status', '<>', 'active'), eb('hold_source', '=', 'policy')])]),
        )
        .orderBy('id')
        .execute()),
    );
  return rows;
}

async function applyCredit(
  ctx: AppContext,
  trx: Kysely<Database>,
  tools: Tools,
  businessId: string,
  customerId: string,
): Promise<Settled['creditApplied']> {
  // The customer row is read locked: a concurrent write must not spend the same credit.
  let query = trx
    .selectFrom('customers')
    .select('credit_minor')
    .where('business_id', '=', businessId)
    .where('id', '=', customerId);
  if (ctx.store.seam.rowLocks) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row || row.credit_minor <= 0) return [];
  // An invoice under an open dispute is not taken as owed until the dispute is closed: credit waits for it.
  const owing = (await openInvoicesOfCustomer(trx, businessId, customerId)).filter((invoice) => invoice.outstanding > 0);
  const flags = await collectionFlagsOf(
    trx,
    businessId,
    owing.map((invoice) => invoice.id),
  );
  const open = owing.filter((invoice) => !flags.get(invoice.id)?.disputeId);
  if (open.length === 0) return [];
  const since = (await creditSince(trx, businessId, customerId)) as CalendarDate;
  const ids = open.map((invoice) => invoice.id);
  const moved = await lastMovedOn(trx, businessId, ids);
  // A closed dispute made the invoice payable by credit again on its closing day, not before.
  for (const [invoiceId, closedOn] of await disputesLastClosedOn(trx, businessId, ids))
    if (closedOn > (moved.get(invoiceId) ?? '')) moved.set(invoiceId, closedOn);
  const entries = creditApplications({
    customerId,
    credit: minor(row.credit_minor),
    creditSince: since,
    openItems: open.map((invoice) => ({
      ...toOpenItem(invoice),
      lastMovedOn: (moved.get(invoice.id) ?? invoice.issueDate) as CalendarDate,
    })),
  });
  await tools.write(entries.map(entryEffect));
  return entries.flatMap((entry) =>
    entry.lines.flatMap((line) =>
      line.account === 'receivable' && line.invoiceId
        ? [{ customerId, invoiceId: line.invoiceId, amount: -line.amount, date: entry.date }]
        : [],
    ),
  );
}

/** Lifts the policy's hold on a customer once nothing is overdue past the policy; true if it did. */
async function liftPolicyHold(
  ctx: AppContext,
  trx: Kysely<Database>,
  tools: Tools,
  businessId: string,
  customerId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('customers')
    .select(['status', 'hold_source', 'escalation_paused_until'])
    .where('business_id', '=', businessId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!row || row.status === 'active' || row.hold_source !== 'policy') return false;
  const business = await getBusiness(trx, businessId);
  if (!business) return false;
  const policy = (await latestPolicyVersion(trx, businessId, customerId)) ?? (await latestPolicyVersion(trx, businessId, null));
  const escalation = (policy?.policy ?? defaultPolicy(business)).escalation;
  const today = dateInZone(ctx.clock.now(), business.timeZone);
  const open = await openInvoicesOfCustomer(trx, businessId, customerId);
  // As the run counts them: disputed invoices and those in a plan being kept do not make a customer overdue.
  const flags = await collectionFlagsOf(
    trx,
    businessId,
    open.map((invoice) => invoice.id),
  );
  const counted = open.filter((invoice) => !flags.get(invoice.id)?.disputeId && !flags.get(invoice.id)?.planId);
  const state: EscalationState = {
    status: row.status as CustomerStatus,
    holdSource: row.hold_source as HoldSource,
    escalationPausedUntil: row.escalation_paused_until as CalendarDate | null,
  };
  const change = releaseAfterSettlement(escalation, state, overdueFigures(counted, today), today);
  if (!change) return false;
  await tools.write([
    { type: 'customer_collection', customerId, change: { status: 'active', holdReason: null, holdSource: null } },
    timelineEvent(today, {
      key: `release:${customerId}:${tools.now}`,
      kind: 'release',
      customerId,
      details: { from: change.from, to: change.to, reason: change.reason },
    }),
  ]);
  return true;
}
