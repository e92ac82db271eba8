/**
 * The owner's day (issue 13, `lunas today`, `GET /api/v1/today`): what needs a
 * person today. Messages to send by tap (click-to-chat links), customers who
 * owe and cannot be reached by any channel (to call), promises due today and
 * broken lately, plans defaulted lately, reported payments to verify, open
 * disputes, the run's write-off suggestions and messages that failed. Every
 * list names customers by name and invoices by number.
 */
import { channelsToTry } from '../core/channel-choice.js';
import { addDays, dateInZone, daysBetween } from '../core/dates.js';
import { reminderChannel, type UnreachableReason } from '../core/ladder.js';
import type { Business } from '../core/parties.js';
import { CHANNELS, type Channel } from '../core/policy.js';
import { type Result, ok } from '../core/result.js';
import { findDisputes, findPending, findPromises, plansOf } from '../store/commitments-repo.js';
import { invoiceNumbersOf } from '../store/browse-repo.js';
import { customerBriefs, messagesInStatus, owingCustomersContact, writeOffSuggestions } from '../store/notes-repo.js';
import { cancelOutdatedTaps } from '../store/outbox-repo.js';
import { todayOf } from './businesses.js';
import { loadConfiguredChannels } from './channels.js';
import type { AppContext } from './context.js';
import { requirePermission } from './permissions.js';

/** How far back a broken promise is still news. */
export const PROMISES_BROKEN_DAYS = 7;
/** How far back a defaulted plan is still news. */
export const PLANS_DEFAULTED_DAYS = 30;
const LIST_MAX = 500;

interface Who {
  customerId: string;
  customer: string;
  ref: string | null;
}

export interface TodayView {
  date: string;
  toTap: (Who & {
    messageId: string;
    purpose: string;
    /** The day it was written, in the business's time zone. */
    writtenOn: string;
    phone: string;
    amount: number;
    link: string;
  })[];
  unreachable: (Who & { phone: string | null; balance: number; reason: UnreachableReason; channels: readonly Channel[] })[];
  promisesDueToday: (Who & { amount: number; paid: number; date: string })[];
  promisesBroken: (Who & { amount: number; paid: number; date: string; brokenOn: string | null })[];
  plansDefaulted: (Who & { total: number; closedOn: string | null })[];
  paymentsToVerify: (Who & { id: string; amount: number; reference: string | null; paidOn: string; invoice: string | null })[];
  disputesOpen: (Who & { id: string; invoice: string; reason: string; openedOn: string })[];
  writeOffSuggestions: (Who & { invoice: string; outstanding: number; daysOverdue: number })[];
  failedMessages: (Who & { messageId: string; channel: Channel; recipient: string; error: string | null })[];
}

export async function ownersDay(ctx: AppContext, business: Business): Promise<Result<TodayView>> {
  const allowed = requirePermission(ctx.actor, 'read');
  if (!allowed.ok) return allowed;
  const db = ctx.store.db;
  const today = todayOf(ctx, business);
  // The list to tap holds only what is still right: reminders the customer no longer needs are cancelled first.
  const now = ctx.clock.now().toISOString();
  await ctx.store.seam.writeTransaction((trx) =>
    cancelOutdatedTaps(trx, business.id, { now, actor: ctx.actor.name, newId: (prefix) => ctx.ids.next(prefix) }),
  );
  const configured = await loadConfiguredChannels(db, business.id);

  const toTapRows = await messagesInStatus(db, business.id, ['to_tap'], LIST_MAX);
  const failedRows = await messagesInStatus(db, business.id, ['failed'], LIST_MAX);
  const owing = await owingCustomersContact(db, business.id);
  const unreachableRows = owing.flatMap((customer) => {
    if (channelsToTry(customer, CHANNELS, configured).length > 0) return [];
    const why = reminderChannel(customer, CHANNELS, configured);
    return 'unreachable' in why ? [{ customer, reason: why.unreachable, channels: why.channels }] : [];
  });
  const promisesDue = (await findPromises(db, business.id, { status: 'open' }, LIST_MAX)).filter(
    (promise) => promise.promisedDate === today,
  );
  const brokenSince = addDays(today, -PROMISES_BROKEN_DAYS);
  const promisesBroken = (await findPromises(db, business.id, { status: 'broken' }, LIST_MAX * 4))
    .filter((promise) => (promise.resolvedOn ?? promise.promisedDate) >= brokenSince)
    .slice(0, LIST_MAX);
  const defaultedSince = addDays(today, -PLANS_DEFAULTED_DAYS);
  const plansDefaulted = (await plansOf(db, business.id, { status: 'defaulted' }))
    .filter((plan) => (plan.closedOn ?? plan.createdOn) >= defaultedSince)
    .slice(0, LIST_MAX);
  const reports = await findPending(db, business.id, { status: 'pending' }, LIST_MAX);
  const disputes = await findDisputes(db, business.id, { status: 'open' }, LIST_MAX);
  const writeOffs = await writeOffSuggestions(db, business.id, LIST_MAX);

  const numbers = await invoiceNumbersOf(db, business.id, [
    ...reports.flatMap((report) => (report.invoiceId ? [report.invoiceId] : [])),
    ...disputes.map((dispute) => dispute.invoiceId),
  ]);
  const briefs = await customerBriefs(db, business.id, [
    ...toTapRows.map((row) => row.customerId),
    ...failedRows.map((row) => row.customerId),
    ...promisesDue.map((row) => row.customerId),
    ...promisesBroken.map((row) => row.customerId),
    ...plansDefaulted.map((row) => row.customerId),
    ...reports.map((row) => row.customerId),
    ...disputes.map((row) => row.customerId),
    ...writeOffs.map((row) => row.customer_id),
  ]);
  const who = (customerId: string): Who => {
    const brief = briefs.get(customerId);
    return { customerId, customer: brief?.name ?? customerId, ref: brief?.ref ?? null };
  };
  // What the message is about: the amount a reminder asks, what a receipt thanks for, else what the customer owes.
  const amountOf = (details: Record<string, unknown>, customerId: string) =>
    typeof details.amountDue === 'number'
      ? details.amountDue
      : typeof details.amount === 'number'
        ? details.amount
        : (briefs.get(customerId)?.balance ?? 0);

  return ok({
    date: today,
    toTap: toTapRows.map((row) => ({
      ...who(row.customerId),
      messageId: row.id,
      purpose: row.purpose ?? 'reminder',
      writtenOn: dateInZone(new Date(row.createdAt), business.timeZone),
      phone: row.recipient,
      amount: amountOf(row.details, row.customerId),
      link: row.link ?? '',
    })),
    unreachable: unreachableRows.map(({ customer, reason, channels }) => ({
      customerId: customer.id,
      customer: customer.name,
      ref: customer.ref,
      phone: customer.phone,
      balance: customer.balance,
      reason,
      channels,
    })),
    promisesDueToday: promisesDue.map((promise) => ({
      ...who(promise.customerId),
      amount: promise.amount,
      paid: promise.paid,
      date: promise.promisedDate,
    })),
    promisesBroken: promisesBroken.map((promise) => ({
      ...who(promise.customerId),
      amount: promise.amount,
      paid: promise.paid,
      date: promise.promisedDate,
      brokenOn: promise.resolvedOn,
    })),
    plansDefaulted: plansDefaulted.map((plan) => ({ ...who(plan.customerId), total: plan.total, closedOn: plan.closedOn })),
    paymentsToVerify: reports.map((report) => ({
      ...who(report.customerId),
      id: report.id,
      amount: report.amount,
      reference: report.reference,
      paidOn: report.paidOn,
      invoice: report.invoiceId ? (numbers.get(report.invoiceId) ?? null) : null,
    })),
    disputesOpen: disputes.map((dispute) => ({
      ...who(dispute.customerId),
      id: dispute.id,
      invoice: numbers.get(dispute.invoiceId) ?? dispute.invoiceId,
      reason: dispute.reason,
      openedOn: dispute.openedOn,
    })),
    writeOffSuggestions: writeOffs.map((row) => ({
      ...who(row.customer_id),
      invoice: row.number,
      outstanding: row.outstanding_minor,
      daysOverdue: Math.max(0, daysBetween(row.due_date as never, today)),
    })),
    failedMessages: failedRows.map((row) => ({
      ...who(row.customerId),
      messageId: row.id,
      channel: row.channel,
      recipient: row.recipient,
      error: row.lastError,
    })),
  });
}
