/**
 * Confirmations to the customer (decision 0019): a receipt for a payment with the new balance,
 * and the confirmation of a promise, a payment plan and a dispute received. Each is queued in
 * the outbox in the transaction that records it, when the policy in force for the customer says
 * so (`receipts`, on by default), to the customer's first reachable channel, under a key derived
 * from the record, so a replay queues nothing new. A customer with no phone and no email gets
 * none.
 */
import type { Kysely } from 'kysely';
import type { Minor } from '../core/money.js';
import { type MessageBasics, planValues, promiseValues, receiptValues, disputeValues, renderMessage } from '../core/messages.js';
import type { Business, Customer } from '../core/parties.js';
import { CHANNELS, type Receipts } from '../core/policy.js';
import { channelsToTry } from '../core/channel-choice.js';
import type { TemplatePurpose, TemplateValues } from '../core/templates.js';
import { message as messageEffect } from '../core/effects.js';
import type { DisputeRecord, PlanRecord, PromiseRecord } from '../store/commitments-repo.js';
import type { PaymentRecord } from '../store/invoices-repo.js';
import { getCustomer } from '../store/parties-repo.js';
import type { Database } from '../store/schema.js';
import { todayOf } from './businesses.js';
import type { WriteTools } from './command.js';
import type { AppContext } from './context.js';
import { policyInForce, templateFor } from './templates.js';
import { loadConfiguredChannels } from './channels.js';

type Db = Kysely<Database>;

/**
 * The channel and address a confirmation goes by: the first of the customer's channels (preferred,
 * own order, not opted out, with an address) the business can send on.
 */
export async function confirmationChannel(trx: Db, business: Business, customer: Customer) {
  return channelsToTry(customer, CHANNELS, await loadConfiguredChannels(trx, business.id))[0];
}

/** Queues one message (an effect, decision 0016) unless its key was queued before; true when this call queued it. */
async function queueOnce(tools: WriteTools, draft: Parameters<typeof messageEffect>[0]): Promise<boolean> {
  return (await tools.write([messageEffect(draft)])).queued.has(draft.key);
}

interface Confirmation {
  readonly customerId: string;
  readonly purpose: TemplatePurpose;
  /** The policy switch that allows it. */
  readonly setting: keyof Receipts;
  /** Derived from the record: the same record never queues twice. */
  readonly key: string;
  readonly details: Record<string, unknown>;
  /** The template's values, from the customer as the transaction leaves them (balance and credit after the record). */
  values(basics: MessageBasics, customer: Customer): TemplateValues;
}

/** Queues a confirmation if the policy wants it and the customer can be reached; the outbox key when queued. */
async function confirm(
  ctx: AppContext,
  trx: Db,
  tools: WriteTools,
  business: Business,
  confirmation: Confirmation,
): Promise<string | undefined> {
  const customer = await getCustomer(trx, business.id, confirmation.customerId);
  if (!customer) return undefined;
  const policy = await policyInForce(trx, business, customer.id);
  if (!policy.receipts[confirmation.setting]) return undefined;
  const chosen = await confirmationChannel(trx, business, customer);
  if (!chosen) return undefined;
  const locale = customer.locale ?? business.locale;
  const template = await templateFor(trx, business, confirmation.purpose, locale);
  const basics: MessageBasics = {
    businessName: business.name,
    customerName: customer.name,
    currency: business.currency,
    locale,
    asOf: todayOf(ctx, business),
    paymentInstructions: business.paymentInstructions,
  };
  const message = renderMessage(template, confirmation.values(basics, customer));
  const queued = await queueOnce(tools, {
    key: confirmation.key,
    customerId: customer.id,
    channel: chosen.channel,
    recipient: chosen.recipient,
    body: message.body,
    purpose: confirmation.purpose,
    subject: message.subject,
    details: confirmation.details,
  });
  return queued ? confirmation.key : undefined;
}

/** A receipt for a payment: the amount, the day, and what the customer owes after it (or holds as credit). */
export function queueReceipt(ctx: AppContext, trx: Db, tools: WriteTools, business: Business, payment: PaymentRecord) {
  return confirm(ctx, trx, tools, business, {
    customerId: payment.customerId,
    purpose: 'receipt',
    setting: 'payment',
    key: `receipt:${payment.id}`,
    details: { paymentId: payment.id, amount: payment.amount },
    values: (basics, customer) =>
      receiptValues(basics, {
        amount: payment.amount,
        date: payment.date,
        reference: payment.reference,
        balance: customer.balance,
        credit: customer.credit,
      }),
  });
}

export function queuePromiseConfirmation(
  ctx: AppContext,
  trx: Db,
  tools: WriteTools,
  business: Business,
  promise: PromiseRecord,
) {
  return confirm(ctx, trx, tools, business, {
    customerId: promise.customerId,
    purpose: 'promise_confirmation',
    setting: 'promise',
    key: `promise_confirmation:${promise.id}`,
    details: { promiseId: promise.id, date: promise.promisedDate, amount: promise.amount },
    values: (basics, customer) =>
      promiseValues(basics, { amount: promise.amount, date: promise.promisedDate, balance: customer.balance }),
  });
}

export function queuePlanConfirmation(ctx: AppContext, trx: Db, tools: WriteTools, business: Business, plan: PlanRecord) {
  return confirm(ctx, trx, tools, business, {
    customerId: plan.customerId,
    purpose: 'plan_confirmation',
    setting: 'plan',
    key: `plan_confirmation:${plan.id}`,
    details: { planId: plan.id, total: plan.total },
    values: (basics, customer) =>
      planValues(basics, { total: plan.total as Minor, balance: customer.balance, instalments: plan.instalments }),
  });
}

export function queueDisputeReceived(
  ctx: AppContext,
  trx: Db,
  tools: WriteTools,
  business: Business,
  dispute: DisputeRecord,
  invoiceNumber: string,
) {
  return confirm(ctx, trx, tools, business, {
    customerId: dispute.customerId,
    purpose: 'dispute_received',
    setting: 'dispute',
    key: `dispute_received:${dispute.id}`,
    details: { disputeId: dispute.id, invoiceId: dispute.invoiceId, number: invoiceNumber },
    values: (basics) => disputeValues(basics, { invoiceNumber, reason: dispute.reason }),
  });
}
