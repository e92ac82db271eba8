/**
 * Correcting an issued invoice: credit note, write-off or void. Each is its own
 * journal entry; an issued amount is never edited.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type CalendarDate, yearOf } from '../core/dates.js';
import {
  type Invoice,
  creditNoteEntry,
  formatDocumentNumber,
  notOpenReason,
  voidBlockReason,
  writeOffEntry,
} from '../core/invoices.js';
import { reverseEntry } from '../core/ledger.js';
import type { Minor } from '../core/money.js';
import type { Business } from '../core/parties.js';
import { type Result, fail, invalid, ok } from '../core/result.js';
import { pendingCover } from '../core/commitments.js';
import { minor } from '../core/money.js';
import { type PendingRecord, pendingOfCustomer } from '../store/commitments-repo.js';
import { getInvoice, insertCreditNote, openInvoicesOfCustomer, setInvoiceStatus, toOpenItem } from '../store/invoices-repo.js';
import { entriesOfSource, lateFeesAfter, nextSequenceValue, postEntry } from '../store/journal-repo.js';
import { getCustomerLocked } from '../store/parties-repo.js';
import type { Database } from '../store/schema.js';
import { todayOf } from './businesses.js';
import { type WriteTools, runCommand } from './command.js';
import { requirePermission } from './permissions.js';
import type { AppContext } from './context.js';
import { loadInvoiceView } from './invoices.js';
import { resolveInvoice } from './lookups.js';
import { checkEntryDates } from './entry-dates.js';
import { calendarDateField, idOrRef, oldDateFlag, parseInput, positiveMoney, textField } from './validate.js';
import type { InvoiceView } from './views.js';
import { t } from '../core/i18n/catalogue.js';

const correctionSchema = z
  .object({
    invoice: idOrRef,
    amount: positiveMoney.optional(),
    reason: textField(),
    date: calendarDateField.optional(),
    allowOldDate: oldDateFlag,
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type CorrectionInput = z.input<typeof correctionSchema>;

/** Loads the invoice named by a correction with its customer locked, or says why it cannot be corrected. */
export async function openInvoiceForCorrection(
  ctx: AppContext,
  trx: Kysely<Database>,
  businessId: string,
  idOrNumber: string,
): Promise<Result<Invoice>> {
  const first = await resolveInvoice(trx, businessId, idOrNumber);
  if (!first.ok) return first;
  // Lock the customer, then read the invoice again: a payment may have changed it meanwhile.
  await getCustomerLocked(trx, ctx.store.seam, businessId, first.value.customerId);
  const invoice = (await getInvoice(trx, businessId, first.value.id)) as Invoice;
  const reason = notOpenReason(invoice);
  return reason ? fail('invoice_not_open', reason, { invoiceId: invoice.id, status: invoice.status }) : ok(invoice);
}

/** A correction's date: one a person could mean (see entry-dates), and not before the invoice it corrects. */
async function correctionDateCheck(
  ctx: AppContext,
  trx: Kysely<Database>,
  business: Business,
  invoice: Invoice,
  request: { date?: CalendarDate | undefined; allowOldDate?: boolean | undefined },
): Promise<Result<void>> {
  if (request.date !== undefined && request.date < invoice.issueDate)
    return invalid({
      date: t('entry_date.before_issue', { date: request.date, number: invoice.number, issueDate: invoice.issueDate }),
    });
  return checkEntryDates(ctx, trx, business, { date: request.date }, request.allowOldDate);
}

/** Issues a credit note inside a caller's transaction (an amount already checked against the outstanding). */
export async function creditNoteIn(
  trx: Kysely<Database>,
  tools: WriteTools,
  businessId: string,
  invoice: Invoice,
  amount: Minor,
  reason: string,
  date: CalendarDate,
): Promise<{ id: string; number: string }> {
  const id = tools.newId('crn');
  const number = formatDocumentNumber('CN', date, await nextSequenceValue(trx, businessId, 'credit_note', yearOf(date)));
  await insertCreditNote(trx, {
    businessId,
    id,
    number,
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    amount,
    reason,
    date,
    createdAt: tools.now,
  });
  await postEntry(
    trx,
    businessId,
    tools.newId('jnl'),
    creditNoteEntry({ creditNoteId: id, invoiceId: invoice.id, customerId: invoice.customerId, date, amount, reason }),
    tools.now,
  );
  return { id, number };
}

/** A credit note: lowers what is owed on one invoice, never below zero. */
export async function issueCreditNote(
  ctx: AppContext,
  business: Business,
  input: CorrectionInput,
): Promise<Result<{ id: string; number: string; invoice: InvoiceView; amount: number; reason: string }>> {
  const allowed = requirePermission(ctx.actor, 'invoice.correct');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(correctionSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  if (request.amount === undefined) return invalid({ amount: t('correction.amount_required') });
  const amount: Minor = request.amount;
  return runCommand(ctx, { scope: business.id, command: 'credit_note.create', idempotencyKey, request }, async (trx, tools) => {
    const found = await openInvoiceForCorrection(ctx, trx, business.id, request.invoice);
    if (!found.ok) return found;
    const invoice = found.value;
    const dated = await correctionDateCheck(ctx, trx, business, invoice, request);
    if (!dated.ok) return dated;
    if (amount > invoice.outstanding)
      return invalid({
        amount: t('correction.over_outstanding', { amount, outstanding: invoice.outstanding, number: invoice.number }),
      });
    const date = request.date ?? todayOf(ctx, business);
    const { id, number } = await creditNoteIn(trx, tools, business.id, invoice, amount, request.reason, date);
    await tools.audit('credit_note.create', 'invoice', invoice.id, { creditNoteId: id, number, amount, reason: request.reason });
    return ok({ id, number, amount, reason: request.reason, invoice: await loadInvoiceView(trx, business.id, invoice.id) });
  });
}

/** Writes off what is still outstanding on an invoice, to bad debt. */
export async function writeOffInvoice(ctx: AppContext, business: Business, input: CorrectionInput): Promise<Result<InvoiceView>> {
  const allowed = requirePermission(ctx.actor, 'invoice.correct');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(correctionSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  if (request.amount !== undefined) return invalid({ amount: t('correction.write_off_whole') });
  return runCommand(ctx, { scope: business.id, command: 'invoice.write_off', idempotencyKey, request }, async (trx, tools) => {
    const found = await openInvoiceForCorrection(ctx, trx, business.id, request.invoice);
    if (!found.ok) return found;
    const invoice = found.value;
    const dated = await correctionDateCheck(ctx, trx, business, invoice, request);
    if (!dated.ok) return dated;
    const date = request.date ?? todayOf(ctx, business);
    await postEntry(
      trx,
      business.id,
      tools.newId('jnl'),
      writeOffEntry({
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        date,
        outstanding: invoice.outstanding,
        reason: request.reason,
      }),
      tools.now,
    );
    await setInvoiceStatus(trx, business.id, invoice.id, 'written_off');
    await tools.audit('invoice.write_off', 'invoice', invoice.id, { amount: invoice.outstanding, reason: request.reason });
    return ok(await loadInvoiceView(trx, business.id, invoice.id));
  });
}

/** Voids an invoice issued by mistake: its issue entry is reversed. Only untouched open invoices. */
export async function voidInvoice(ctx: AppContext, business: Business, input: CorrectionInput): Promise<Result<InvoiceView>> {
  const allowed = requirePermission(ctx.actor, 'invoice.correct');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(correctionSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  if (request.amount !== undefined) return invalid({ amount: t('correction.void_no_amount') });
  return runCommand(ctx, { scope: business.id, command: 'invoice.void', idempotencyKey, request }, async (trx, tools) => {
    const found = await openInvoiceForCorrection(ctx, trx, business.id, request.invoice);
    if (!found.ok) return found;
    const invoice = found.value;
    const dated = await correctionDateCheck(ctx, trx, business, invoice, request);
    if (!dated.ok) return dated;
    const blocked = voidBlockReason(invoice);
    if (blocked) return fail('invoice_not_open', blocked, { invoiceId: invoice.id, status: invoice.status });
    // A payment the customer reported against it waits for the owner: voiding would leave it nothing to pay.
    const report = await pendingCovering(trx, business.id, invoice);
    if (report)
      return invalid({
        invoice: t('correction.void_pending_report', {
          number: invoice.number,
          pendingId: report.id,
          amount: report.amount,
          paidOn: report.paidOn,
        }),
      });
    const [issued] = (await entriesOfSource(trx, business.id, 'invoice', invoice.id)).filter(
      (entry) => entry.code === 'credit_sale' || entry.code === 'invoice',
    );
    if (!issued) throw new Error(`invoice ${invoice.id} has no issue entry`);
    const date = request.date ?? todayOf(ctx, business);
    await postEntry(
      trx,
      business.id,
      tools.newId('jnl'),
      reverseEntry(issued, date, 'invoice', invoice.id, request.reason),
      tools.now,
    );
    await setInvoiceStatus(trx, business.id, invoice.id, 'void');
    await tools.audit('invoice.void', 'invoice', invoice.id, { reason: request.reason, reversedEntryId: issued.id });
    return ok(await loadInvoiceView(trx, business.id, invoice.id));
  });
}

/**
 * The first report still waiting that covers any of this invoice, spread as the
 * collection run spreads reports (to the invoice named, else oldest due first,
 * over what each invoice owed on the day paid; core/commitments.ts#pendingCover).
 */
async function pendingCovering(trx: Kysely<Database>, businessId: string, invoice: Invoice): Promise<PendingRecord | undefined> {
  const reports = await pendingOfCustomer(trx, businessId, invoice.customerId);
  if (reports.length === 0) return undefined;
  const open = (await openInvoicesOfCustomer(trx, businessId, invoice.customerId)).map(toOpenItem);
  const earliest = reports.reduce((min, report) => (report.paidOn < min ? report.paidOn : min), reports[0]!.paidOn);
  const fees = await lateFeesAfter(
    trx,
    businessId,
    open.map((item) => item.invoiceId),
    earliest,
  );
  const laterFees = fees.map((fee) => ({ invoiceId: fee.invoiceId, date: fee.date as CalendarDate, amount: minor(fee.amount) }));
  // Report by report, in the order they were made: the first whose share of the invoice is more than nothing.
  let before = 0;
  for (let i = 0; i < reports.length; i++) {
    const cover = pendingCover(reports.slice(0, i + 1), open, laterFees).get(invoice.id) ?? 0;
    if (cover > before) return reports[i];
    before = cover;
  }
  return undefined;
}
