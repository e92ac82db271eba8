/** The statement of account for one customer and period: JSON, CSV or PDF. */
import { z } from 'zod';
import { type CalendarDate, compareDates, parseCalendarDate } from '../core/dates.js';
import { paymentLines } from '../core/messages.js';
import type { Business } from '../core/parties.js';
import { type Result, invalid, ok } from '../core/result.js';
import { type Statement, buildStatement, statementCsv, statementKind } from '../core/statement.js';
import {
  customerBalanceBefore,
  customerEntriesBetween,
  customerOpenItemsAsOf,
  documentNames,
  invoiceReferences,
} from '../store/statement-repo.js';
import { todayOf } from './businesses.js';
import type { AppContext } from './context.js';
import { resolveCustomer } from './customers.js';
import { requirePermission } from './permissions.js';
import { renderStatementPdf } from './statement-pdf.js';
import { because, idOrRef, parseInput } from './validate.js';
import { type Text, render, storedText, t } from '../core/i18n/catalogue.js';

export const STATEMENT_FORMATS = ['json', 'csv', 'pdf'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

const date = z
  .string({ error: 'must be a calendar date YYYY-MM-DD' })
  .refine((text) => parseCalendarDate(text) !== undefined, because(t('field.date')))
  .transform((text) => text as CalendarDate);

const statementSchema = z
  .object({
    customer: idOrRef,
    from: date.optional(),
    to: date.optional(),
  })
  .strict();

export type StatementInput = z.input<typeof statementSchema>;

/** The first day of the month of a date. */
function monthStart(day: CalendarDate): CalendarDate {
  return `${day.slice(0, 8)}01` as CalendarDate;
}

/**
 * The statement from `from` (default: the first of the month of `to`) to `to`
 * (default: today). A period that ends after today ends today: a statement
 * shows what happened. A period before the first entry is simply empty.
 */
export async function customerStatement(ctx: AppContext, business: Business, input: StatementInput): Promise<Result<Statement>> {
  const allowed = requirePermission(ctx.actor, 'read');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(statementSchema, input);
  if (!parsed.ok) return parsed;
  const today = todayOf(ctx, business);
  const asked = parsed.value.to ?? today;
  const to = compareDates(asked, today) > 0 ? today : asked;
  const from = parsed.value.from ?? monthStart(to);
  const errors: Record<string, Text> = {};
  if (compareDates(from, asked) > 0) errors.from = t('period.from_after_to', { from, to: asked });
  else if (compareDates(from, today) > 0) errors.from = t('period.from_after_today', { from, today });
  if (Object.keys(errors).length > 0) return invalid(errors);

  const db = ctx.store.db;
  const found = await resolveCustomer(db, business.id, parsed.value.customer);
  if (!found.ok) return found;
  const customer = found.value;
  const [opening, entries, openItems] = await Promise.all([
    customerBalanceBefore(db, business.id, customer.id, from),
    customerEntriesBetween(db, business.id, customer.id, from, to),
    customerOpenItemsAsOf(db, business.id, customer.id, to),
  ]);
  const invoiceIds = [...new Set(entries.flatMap((entry) => (entry.invoiceId ? [entry.invoiceId] : [])))];
  const references = await invoiceReferences(db, business.id, invoiceIds);
  const names = await documentNames(db, business.id, {
    invoices: invoiceIds,
    creditNotes: entries.filter((entry) => entry.sourceType === 'credit_note').map((entry) => entry.sourceId),
    payments: entries.filter((entry) => entry.sourceType === 'payment').map((entry) => entry.sourceId),
  });
  return ok(
    buildStatement({
      business: {
        id: business.id,
        name: business.name,
        currency: business.currency,
        locale: business.locale,
        address: business.address,
        npwp: business.npwp,
        phone: business.phone,
        email: business.email,
      },
      customer: { id: customer.id, name: customer.name, ref: customer.ref, phone: customer.phone },
      from,
      to,
      openingBalance: opening,
      entries: entries.map((entry) => {
        const invoice = entry.invoiceId ? names.get(entry.invoiceId) : undefined;
        const own = names.get(entry.sourceId);
        const document =
          entry.sourceType === 'payment' || entry.sourceType === 'credit_note'
            ? [own, invoice].filter(Boolean).join(' / ')
            : (invoice ?? own ?? '');
        return {
          date: entry.date,
          entryId: entry.entryId,
          kind: statementKind(entry.code, entry.reversedCode),
          document,
          reference: (entry.invoiceId && references.get(entry.invoiceId)) || null,
          // A memo the system wrote is a catalogue entry, read in the business's language; one typed is shown as typed.
          memo:
            entry.memo === null
              ? null
              : render(storedText(entry.memo), { language: business.locale, currency: business.currency }),
          amount: entry.amount,
        };
      }),
      openItems,
      paymentInstructions: paymentLines(business.paymentInstructions, business.locale),
    }),
  );
}

/** The statement in a format: JSON text, CSV text or PDF bytes. */
export async function renderStatement(
  statement: Statement,
  format: StatementFormat,
): Promise<{ contentType: string; body: string | Uint8Array }> {
  if (format === 'csv') return { contentType: 'text/csv; charset=utf-8', body: statementCsv(statement) };
  if (format === 'pdf') return { contentType: 'application/pdf', body: await renderStatementPdf(statement) };
  return { contentType: 'application/json', body: `${JSON.stringify(statement, null, 2)}\n` };
}
