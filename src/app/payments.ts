/** Recording a payment: allocated oldest-due first, or to one named invoice; the rest is customer credit. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CalendarDate } from '../core/dates.js';
import { earlyDiscountDue } from '../core/fees.js';
import { type Minor, minor } from '../core/money.js';
import type { EarlyDiscount } from '../core/policy.js';
import type { Invoice } from '../core/invoices.js';
import { collectionFlagsOf, discountStateOf } from '../store/collection-repo.js';
import { policyVersionById } from '../store/policies-repo.js';
import type { Database } from '../store/schema.js';
import { PAYMENT_METHODS } from '../core/ledger.js';
import { allocate, methodErrors } from '../core/payments.js';
import { paymentEffects } from '../core/payment-effects.js';
import type { Business } from '../core/parties.js';
import { type Result, fail, invalid, ok } from '../core/result.js';
import { type PaymentRecord, openInvoicesOfCustomer, toOpenItem } from '../store/invoices-repo.js';
import { todayOf } from './businesses.js';
import { type WriteTools, runCommand } from './command.js';
import type { AppContext } from './context.js';
import { resolveInvoice } from './lookups.js';
import { lockedCustomer } from './customers.js';
import { requireFieldPermissions, requirePermission } from './permissions.js';
import { checkEntryDates } from './entry-dates.js';
import { settlePostings } from './settlement.js';
import { NAME_LENGTH_MAX, calendarDateField, idOrRef, oldDateFlag, parseInput, positiveMoney, textField } from './validate.js';
import type { PaymentView } from './views.js';
import { paymentViews } from './browse.js';
import { storeText, t } from '../core/i18n/catalogue.js';
import { feesPaidBefore, reverseFeesPaidBefore } from './fee-waivers.js';
import { queueReceipt } from './receipts.js';

const paySchema = z
  .object({
    customer: idOrRef,
    amount: positiveMoney,
    method: z.enum(PAYMENT_METHODS, { error: `must be one of ${PAYMENT_METHODS.join(', ')}` }),
    provider: z.string().trim().toLowerCase().optional(),
    invoice: idOrRef.optional(),
    date: calendarDateField.optional(),
    allowOldDate: oldDateFlag,
    reference: textField(NAME_LENGTH_MAX).optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type PayInput = z.input<typeof paySchema>;

export async function recordPayment(ctx: AppContext, business: Business, input: PayInput): Promise<Result<PaymentView>> {
  const allowed = requirePermission(ctx.actor, 'payment.write');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(paySchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const badMethod = methodErrors(request.method, request.provider);
  if (Object.keys(badMethod).length > 0) return invalid(badMethod);
  return runCommand(ctx, { scope: business.id, command: 'payment.create', idempotencyKey, request }, async (trx, tools) => {
    const today = todayOf(ctx, business);
    // Entered after the day it was made: the late fees charged since on what it settled that day are taken back,
    // as when a reported payment is verified (docs/decisions/0010). A bad date refuses the whole command.
    if (request.date !== undefined && request.date < today) {
      const customer = await lockedCustomer(ctx, trx, business.id, request.customer);
      if (!customer.ok) return customer;
      const named = request.invoice === undefined ? undefined : await resolveInvoice(trx, business.id, request.invoice);
      if (named && !named.ok) return named;
      const due = await feesPaidBefore(
        trx,
        business,
        { customerId: customer.value.id, amount: request.amount, invoiceId: named?.value.id ?? null },
        request.date,
      );
      if (due.length > 0) {
        const allowed = requireFieldPermissions(ctx.actor, 'payment.create', ['date']);
        if (!allowed.ok) return allowed;
        await reverseFeesPaidBefore(ctx, trx, tools, business, due, {
          customerId: customer.value.id,
          reason: storeText(t('fee.reversed_paid_before', { date: request.date })),
          today,
        });
      }
    }
    return recordPaymentIn(ctx, trx, tools, business, request);
  });
}

/** What a payment records, once validated: the customer, the amount, how, and optionally the invoice and the date. */
export type PaymentRequest = Omit<z.output<typeof paySchema>, 'idempotencyKey'> & {
  /** A verified report whose invoice was paid meanwhile: nothing is allocated, it all becomes credit. */
  keepAsCredit?: boolean;
};

/** Records a payment inside a caller's transaction (the reported payment's verification uses it too). */
export async function recordPaymentIn(
  ctx: AppContext,
  trx: Kysely<Database>,
  tools: WriteTools,
  business: Business,
  request: PaymentRequest,
): Promise<Result<PaymentView>> {
  const locked = await lockedCustomer(ctx, trx, business.id, request.customer);
  if (!locked.ok) return locked;
  const customer = locked.value;
  const dated = await checkEntryDates(ctx, trx, business, { date: request.date }, request.allowOldDate);
  if (!dated.ok) return dated;
  let targetInvoiceId: string | undefined;
  let target: { number: string; issueDate: string } | undefined;
  if (request.invoice !== undefined) {
    const found = await resolveInvoice(trx, business.id, request.invoice);
    if (!found.ok) return found;
    const invoice = found.value;
    targetInvoiceId = invoice.id;
    target = invoice;
    if (invoice.customerId !== customer.id) return invalid({ invoice: t('invoice.other_customer', { number: invoice.number }) });
    if (invoice.status !== 'open')
      return fail('invoice_not_open', t('invoice.not_open', { number: invoice.number, status: invoice.status }), {
        invoiceId: invoice.id,
        status: invoice.status,
      });
  }
  const date = request.date ?? todayOf(ctx, business);
  // A payment made on a day cannot have paid an invoice issued after it: what it leaves is credit, applied when both
  // exist; one named is refused with its date. An invoice under an open dispute is paid only when named (the
  // customer contests it: money sent without a name goes to what they owe, or waits as credit, as credit does).
  const owing = (await openInvoicesOfCustomer(trx, business.id, customer.id)).filter((invoice) => invoice.issueDate <= date);
  if (target && !owing.some((invoice) => invoice.id === targetInvoiceId))
    return invalid({ invoice: t('payment.before_invoice', { number: target.number, issued: target.issueDate, date }) });
  const flags = await collectionFlagsOf(
    trx,
    business.id,
    owing.map((invoice) => invoice.id),
  );
  const openInvoices = owing.filter((invoice) => invoice.id === targetInvoiceId || !flags.get(invoice.id)?.disputeId);
  const openItems = openInvoices.map(toOpenItem);
  const discounts = await earlyDiscountsOn(trx, business.id, openInvoices, date);
  // An invoice in its discount window is settled by its outstanding less the discount.
  const plan = request.keepAsCredit
    ? { allocations: [], unapplied: request.amount }
    : allocate(
        request.amount,
        openItems.map((item) => ({ ...item, outstanding: minor(item.outstanding - (discounts.get(item.invoiceId) ?? 0)) })),
        targetInvoiceId,
      );
  const payment: PaymentRecord = {
    id: tools.newId('pay'),
    businessId: business.id,
    customerId: customer.id,
    amount: request.amount,
    method: request.method,
    provider: request.provider ?? null,
    date,
    reference: request.reference ?? null,
    allocations: plan.allocations,
    unapplied: plan.unapplied,
    createdAt: tools.now,
  };
  // The decision (core) as effects, written by the one writer.
  await tools.write(paymentEffects(payment, plan, openItems, discounts).effects);
  await settlePostings(ctx, trx, tools);
  await queueReceipt(ctx, trx, tools, business, payment);
  return ok((await paymentViews(trx, business.id, [payment]))[0] as PaymentView);
}

/** The discount each open invoice would get if settled on the date, for those whose policy gives one. */
async function earlyDiscountsOn(
  trx: Kysely<Database>,
  businessId: string,
  invoices: readonly Invoice[],
  date: CalendarDate,
): Promise<Map<string, Minor>> {
  const discounts = new Map<string, Minor>();
  const terms = new Map<string, EarlyDiscount | null>();
  for (const policyId of new Set(invoices.flatMap((invoice) => (invoice.policyId ? [invoice.policyId] : []))))
    terms.set(policyId, (await policyVersionById(trx, businessId, policyId))?.policy.earlyDiscount ?? null);
  const candidates = invoices.filter((invoice) => invoice.policyId && terms.get(invoice.policyId));
  if (candidates.length === 0) return discounts;
  const states = await discountStateOf(
    trx,
    businessId,
    candidates.map((invoice) => invoice.id),
  );
  for (const invoice of candidates) {
    const state = states.get(invoice.id);
    if (!state) continue;
    const discount = terms.get(invoice.policyId as string) ?? null;
    const amount = earlyDiscountDue(discount, { issueDate: invoice.issueDate, total: invoice.total, ...state }, date);
    // Only while the discount is less than what is owed: a discount never leaves the customer in credit.
    if (amount > 0 && amount < invoice.outstanding) discounts.set(invoice.id, amount);
  }
  return discounts;
}
