/** Recording a payment: allocated oldest-due first, or to one named invoice; the rest is customer credit. */
import { z } from 'zod';
import { PAYMENT_METHODS } from '../core/ledger.js';
import { allocate, methodErrors, paymentEntry } from '../core/payments.js';
import type { Business } from '../core/parties.js';
import { type Result, fail, invalid, notFound, ok } from '../core/result.js';
import { type PaymentRecord, getInvoice, insertPayment, openInvoicesOfCustomer, toOpenItem } from '../store/invoices-repo.js';
import { postEntry } from '../store/journal-repo.js';
import { todayOf } from './businesses.js';
import { runCommand } from './command.js';
import type { AppContext } from './context.js';
import { lockedCustomer } from './customers.js';
import { requirePermission } from './permissions.js';
import { NAME_LENGTH_MAX, calendarDateField, idOrRef, parseInput, positiveMoney, textField } from './validate.js';
import { type PaymentView, paymentView } from './views.js';

const paySchema = z
  .object({
    customer: idOrRef,
    amount: positiveMoney,
    method: z.enum(PAYMENT_METHODS, { error: `must be one of ${PAYMENT_METHODS.join(', ')}` }),
    provider: z.string().trim().toLowerCase().optional(),
    invoice: idOrRef.optional(),
    date: calendarDateField.optional(),
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
    const locked = await lockedCustomer(ctx, trx, business.id, request.customer);
    if (!locked.ok) return locked;
    const customer = locked.value;
    if (request.invoice !== undefined) {
      const invoice = await getInvoice(trx, business.id, request.invoice);
      if (!invoice) return notFound('invoice', request.invoice);
      if (invoice.customerId !== customer.id)
        return invalid({ invoice: `invoice ${invoice.number} belongs to another customer` });
      if (invoice.status !== 'open')
        return fail('invoice_not_open', `invoice ${invoice.number} is ${invoice.status}`, {
          invoiceId: invoice.id,
          status: invoice.status,
        });
    }
    const openItems = (await openInvoicesOfCustomer(trx, business.id, customer.id)).map(toOpenItem);
    const plan = allocate(request.amount, openItems, request.invoice);
    const payment: PaymentRecord = {
      id: tools.newId('pay'),
      businessId: business.id,
      customerId: customer.id,
      amount: request.amount,
      method: request.method,
      provider: request.provider ?? null,
      date: request.date ?? todayOf(ctx, business),
      reference: request.reference ?? null,
      allocations: plan.allocations,
      unapplied: plan.unapplied,
      createdAt: tools.now,
    };
    await insertPayment(trx, payment);
    await postEntry(
      trx,
      business.id,
      tools.newId('jnl'),
      paymentEntry({
        paymentId: payment.id,
        customerId: customer.id,
        date: payment.date,
        method: payment.method,
        amount: payment.amount,
        plan,
      }),
      tools.now,
    );
    await tools.audit('payment.create', 'payment', payment.id, {
      customerId: customer.id,
      amount: payment.amount,
      method: payment.method,
      allocations: plan.allocations,
      unapplied: plan.unapplied,
    });
    return ok(paymentView(payment));
  });
}
