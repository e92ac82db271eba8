/** A payment's decision as effects (decision 0016); pure, beside core/payments.ts, which it builds on. */
import { type Effect, audit, entry } from './effects.js';
import { earlyDiscountEntry } from './fees.js';
import type { Minor } from './money.js';
import { type AllocationPlan, type OpenItem, type Payment, paymentEntry } from './payments.js';

/**
 * A payment's decision as effects (decision 0016): the payment opened with its
 * allocations, its entry, and the early discount of each discounted item it
 * settles (its own entry, and the invoice's discount), then the audit line.
 * `discounts`: what each open item would be discounted if settled today.
 */
export function paymentEffects(
  payment: Payment,
  plan: AllocationPlan,
  openItems: readonly OpenItem[],
  discounts: ReadonlyMap<string, Minor>,
): { effects: Effect[]; granted: { invoiceId: string; amount: Minor }[] } {
  const granted: { invoiceId: string; amount: Minor }[] = [];
  for (const allocation of payment.allocations) {
    const discount = discounts.get(allocation.invoiceId);
    const item = openItems.find((open) => open.invoiceId === allocation.invoiceId);
    if (!discount || !item || allocation.amount !== item.outstanding - discount) continue;
    granted.push({ invoiceId: allocation.invoiceId, amount: discount });
  }
  const effects: Effect[] = [
    { type: 'payment_opened', payment },
    entry(
      paymentEntry({
        paymentId: payment.id,
        customerId: payment.customerId,
        date: payment.date,
        method: payment.method,
        amount: payment.amount,
        plan,
      }),
    ),
    ...granted.map(({ invoiceId, amount }) =>
      entry(earlyDiscountEntry({ sourceId: payment.id, invoiceId, customerId: payment.customerId, date: payment.date, amount })),
    ),
    ...granted.map(({ invoiceId, amount }): Effect => ({ type: 'invoice_discount', invoiceId, amount })),
    audit('payment.create', 'payment', payment.id, {
      customerId: payment.customerId,
      amount: payment.amount,
      method: payment.method,
      allocations: plan.allocations,
      unapplied: plan.unapplied,
      ...(granted.length > 0 ? { earlyDiscounts: granted } : {}),
    }),
  ];
  return { effects, granted };
}
