/** An invoice's issue as effects (decision 0016); pure, beside core/invoices.ts, which it builds on. */
import type { CreditDecision } from './credit-check.js';
import { type Effect, audit, entry } from './effects.js';
import { type Invoice, type InvoiceTotals, issueEntry } from './invoices.js';

/**
 * Issuing an invoice (or a quick sale) as effects: the invoice opened with its lines and its
 * collection counters at entry, its issue entry, the audit line, and the owner's override of
 * the credit check when there was one.
 */
export function issueEffects(
  invoice: Invoice,
  totals: InvoiceTotals,
  counters: { readonly feePeriodsDone: number; readonly reminderStepsDone: number },
  decision: CreditDecision,
): Effect[] {
  return [
    { type: 'invoice_opened', invoice, lines: totals.lines, counters },
    entry(
      issueEntry({
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        date: invoice.issueDate,
        totals,
        isQuickSale: invoice.isQuickSale,
      }),
    ),
    audit(`${invoice.isQuickSale ? 'sale' : 'invoice'}.create`, 'invoice', invoice.id, {
      number: invoice.number,
      customerId: invoice.customerId,
      total: totals.total,
    }),
    ...(decision.decision === 'override'
      ? [
          audit('credit.override', 'invoice', invoice.id, {
            customerId: invoice.customerId,
            reason: decision.reason,
            refusal: decision.refusal.code,
            limit: decision.figures.limit,
            exposure: decision.figures.exposure,
            overdueDays: decision.figures.overdueDays,
          }),
        ]
      : []),
  ];
}
