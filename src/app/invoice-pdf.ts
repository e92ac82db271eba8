/**
 * The invoice as a PDF, the document the business sends its customer: the
 * business's header (pdf.ts), the customer billed, the number, dates and PO
 * reference, the lines with their discounts and PPN, the totals, what has
 * happened to it since (late fees, an early-payment discount, credit notes, a
 * write-off, payments) down to the balance due today, the payment terms, the
 * early-payment discount and late fee the invoice's policy version sets, and how
 * to pay. In the business's language, or the one asked for (a customer's).
 *
 * `invoicePdf` is the one entry: the CLI, the API and the email channel call it.
 * A voided invoice is still printed (the owner may need the copy the customer
 * holds replaced by one that says so), marked void in its header and with a
 * sentence saying when, why, and that nothing is owed.
 */
import type { Kysely } from 'kysely';
import { type CalendarDate, addDays, daysBetween } from '../core/dates.js';
import { feeCap, feePeriodDate } from '../core/fees.js';
import { type DocLabel, type Language, type Text, render, storedText, t } from '../core/i18n/catalogue.js';
import { type Invoice, type InvoiceLine, QUANTITY_SCALE } from '../core/invoices.js';
import { paymentLines } from '../core/messages.js';
import { type Minor, applyRateBps, minor } from '../core/money.js';
import type { Business, Customer, Locale } from '../core/parties.js';
import { type CollectionPolicy, defaultPolicy } from '../core/policy.js';
import { type Result, notFound, ok } from '../core/result.js';
import { getInvoiceLines } from '../store/invoices-repo.js';
import { getBusiness, getCustomer } from '../store/parties-repo.js';
import { latestPolicyVersion, policyVersionById } from '../store/policies-repo.js';
import type { Database } from '../store/schema.js';
import { type InvoiceEntryRow, documentNames, invoiceEntries } from '../store/statement-repo.js';
import { todayOf } from './businesses.js';
import type { AppContext } from './context.js';
import { resolveInvoice } from './lookups.js';
import { requirePermission } from './permissions.js';
import {
  BOLD,
  FONT,
  PAGE_BOTTOM,
  PAGE_MARGIN,
  PAGE_RIGHT,
  type PdfColumn,
  type PdfSpeech,
  newPdf,
  pdfHeader,
  pdfHeading,
  pdfLines,
  pdfFinish,
  pdfRow,
  pdfSpeech,
} from './pdf.js';

/** What happened to an invoice after it was issued, summed by kind from its journal entries. */
export interface InvoiceHistory {
  /** Late fees charged, less those waived. */
  readonly fees: Minor;
  readonly earlyDiscount: Minor;
  readonly creditNotes: readonly { number: string; date: CalendarDate; amount: Minor; reason: string }[];
  readonly writtenOff: Minor;
  /** Paid by payments and by the customer's credit. */
  readonly paid: Minor;
  /** Any other correction (a reversed payment), signed as a change to what is owed. */
  readonly corrections: Minor;
  readonly voided: { date: CalendarDate; reason: string } | null;
}

/**
 * Sums an invoice's entries by what they did to it. Each entry is its change to
 * what is owed on the invoice; its issue entry (the total) is left out.
 */
export function invoiceHistory(
  entries: readonly InvoiceEntryRow[],
  names: ReadonlyMap<string, string>,
  memo: (stored: string | null) => string,
): InvoiceHistory {
  let fees = 0;
  let earlyDiscount = 0;
  let writtenOff = 0;
  let paid = 0;
  let corrections = 0;
  let voided: InvoiceHistory['voided'] = null;
  const creditNotes: InvoiceHistory['creditNotes'][number][] = [];
  for (const entry of entries) {
    const reversed = entry.code === 'reversal' ? entry.reversedCode : null;
    if (entry.code === 'invoice' || entry.code === 'credit_sale') continue;
    if (entry.code === 'late_fee' || reversed === 'late_fee') fees += entry.amount;
    else if (entry.code === 'early_discount' || reversed === 'early_discount') earlyDiscount -= entry.amount;
    else if (entry.code === 'write_off' || reversed === 'write_off') writtenOff -= entry.amount;
    else if (
      entry.code === 'payment' ||
      entry.code === 'credit_applied' ||
      reversed === 'payment' ||
      reversed === 'credit_applied'
    )
      paid -= entry.amount;
    else if (entry.code === 'credit_note')
      creditNotes.push({
        number: names.get(entry.sourceId) ?? entry.sourceId,
        date: entry.date,
        amount: minor(-entry.amount),
        reason: memo(entry.memo),
      });
    else if (reversed === 'invoice' || reversed === 'credit_sale') voided = { date: entry.date, reason: memo(entry.memo) };
    else corrections += entry.amount;
  }
  return {
    fees: minor(fees),
    earlyDiscount: minor(earlyDiscount),
    creditNotes,
    writtenOff: minor(writtenOff),
    paid: minor(paid),
    corrections: minor(corrections),
    voided,
  };
}

/** The sentences of the terms: when it is due, the early-payment discount and the late fee its policy sets. */
export function invoiceTerms(invoice: Pick<Invoice, 'issueDate' | 'dueDate' | 'total'>, policy: CollectionPolicy): Text[] {
  const sentences: Text[] = [
    t('invoice_pdf.terms', { days: daysBetween(invoice.issueDate, invoice.dueDate), due: invoice.dueDate }),
  ];
  const discount = policy.earlyDiscount;
  if (discount && discount.rateBps > 0) {
    const amount = applyRateBps(invoice.total, discount.rateBps, 'down');
    sentences.push(
      t('invoice_pdf.early_discount', {
        rateBps: discount.rateBps,
        by: addDays(invoice.issueDate, discount.withinDays),
        amount,
        pay: invoice.total - amount,
      }),
    );
  }
  const fee = policy.lateFee;
  if (fee.kind !== 'none')
    sentences.push(
      t('invoice_pdf.late_fee', {
        kind: fee.kind,
        amount: fee.amount ?? 0,
        rateBps: fee.rateBps ?? 0,
        period: fee.period,
        from: feePeriodDate(invoice.dueDate, policy.graceDays, fee.period, 1),
        cap: feeCap(fee, invoice.total),
      }),
    );
  return sentences;
}

/** The policy an invoice is collected under: its own version, else (issued before policies) the business's now. */
export async function policyOfInvoice(db: Kysely<Database>, business: Business, invoice: Invoice): Promise<CollectionPolicy> {
  const own = invoice.policyId ? await policyVersionById(db, business.id, invoice.policyId) : undefined;
  return (own ?? (await latestPolicyVersion(db, business.id, null)))?.policy ?? defaultPolicy(business);
}

/** A quantity in thousandths as people write it: `2`, `1,5` (id) or `1.5` (en). */
function quantityText(milli: number, language: Language): string {
  const whole = Math.floor(milli / QUANTITY_SCALE);
  const fraction = String(milli % QUANTITY_SCALE)
    .padStart(3, '0')
    .replace(/0+$/, '');
  const group = language === 'id' ? '.' : ',';
  const wholeText = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return fraction ? `${wholeText}${language === 'id' ? ',' : '.'}${fraction}` : wholeText;
}

/** The rendered invoice: its bytes, its number and the file name people see. */
export interface InvoicePdf {
  readonly number: string;
  readonly fileName: string;
  readonly bytes: Buffer;
}

/** The file an invoice's PDF is saved as: its number, made safe for a file name. */
export function invoicePdfFileName(number: string): string {
  return `${number.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`;
}

/**
 * The invoice (by id or number) of a business as a PDF, in `locale` (default:
 * the business's language). Read-only; balances as of today in the business's time zone.
 */
export async function invoicePdf(
  ctx: AppContext,
  businessId: string,
  invoiceRef: string,
  locale?: Locale,
): Promise<Result<InvoicePdf>> {
  const allowed = requirePermission(ctx.actor, 'read');
  if (!allowed.ok) return allowed;
  const db = ctx.store.db;
  const business = await getBusiness(db, businessId);
  if (!business) return notFound('business', businessId);
  const found = await resolveInvoice(db, business.id, invoiceRef);
  if (!found.ok) return found;
  const invoice = found.value;
  const [customer, lines, entries, policy] = await Promise.all([
    getCustomer(db, business.id, invoice.customerId),
    getInvoiceLines(db, business.id, invoice.id),
    invoiceEntries(db, business.id, invoice.id),
    policyOfInvoice(db, business, invoice),
  ]);
  if (!customer) return notFound('customer', invoice.customerId);
  const names = await documentNames(db, business.id, {
    invoices: [],
    creditNotes: entries.filter((entry) => entry.sourceType === 'credit_note').map((entry) => entry.sourceId),
    payments: [],
  });
  const language = locale ?? business.locale;
  const context = { language, currency: business.currency };
  const history = invoiceHistory(entries, names, (memo) => (memo === null ? '' : render(storedText(memo), context)));
  const bytes = await renderInvoicePdf({
    business,
    customer,
    invoice,
    lines,
    history,
    terms: invoiceTerms(invoice, policy),
    asOf: todayOf(ctx, business),
    paymentInstructions: paymentLines(business.paymentInstructions, language),
    speech: pdfSpeech(language, business.currency),
  });
  return ok({ number: invoice.number, fileName: invoicePdfFileName(invoice.number), bytes });
}

const LINE_COLUMNS: readonly PdfColumn[] = [
  { key: 'line_no', x: 40, width: 20 },
  { key: 'description', x: 62, width: 150 },
  { key: 'quantity', x: 214, width: 58, right: true },
  { key: 'unit_price', x: 274, width: 74, right: true },
  { key: 'discount', x: 350, width: 62, right: true },
  { key: 'tax', x: 414, width: 38, right: true },
  { key: 'amount', x: 454, width: 101, right: true },
];

/** The totals block: a label and an amount, right-aligned under the lines. */
const TOTAL_LABEL = { x: 62, width: 388 };
const TOTAL_AMOUNT = { x: 454, width: 101 };

function renderInvoicePdf(args: {
  business: Business;
  customer: Customer;
  invoice: Invoice;
  lines: readonly InvoiceLine[];
  history: InvoiceHistory;
  terms: readonly Text[];
  asOf: CalendarDate;
  paymentInstructions: readonly string[];
  speech: PdfSpeech;
}): Promise<Buffer> {
  const { business, customer, invoice, lines, history, speech } = args;
  const { say, money, date } = speech;
  const label = (name: DocLabel) => say(t('pdf.label', { name }));
  const { doc, done } = newPdf(`${label('invoice_title')} ${invoice.number}`);

  const status = history.voided ? 'void' : invoice.status;
  pdfHeader(
    doc,
    business,
    { npwp: label('npwp'), phone: label('phone'), email: label('email') },
    history.voided ? `${label('invoice_title')} · ${say(t('invoice_pdf.void_mark'))}` : label('invoice_title'),
    [
      `${label('number')}: ${invoice.number}`,
      `${label('issued')}: ${date(invoice.issueDate)}`,
      `${label('due')}: ${date(invoice.dueDate)}`,
      ...(invoice.reference ? [`${label('po')}: ${invoice.reference}`] : []),
      ...(status === 'open' ? [] : [`${label('status')}: ${say(t('label.status', { status }))}`]),
    ],
  );

  // Whom it is to.
  doc.font(FONT).fontSize(8.5).text(label('bill_to'), PAGE_MARGIN, doc.y);
  doc.font(BOLD).fontSize(11).text(customer.name);
  const contact = [
    customer.ref ? `${label('customer_ref')}: ${customer.ref}` : '',
    customer.phone ? `${label('phone')}: ${customer.phone}` : '',
    customer.email ? `${label('email')}: ${customer.email}` : '',
  ].filter(Boolean);
  if (contact.length > 0) pdfLines(doc, [contact.join('   ')]);
  doc.moveDown();

  if (history.voided) {
    pdfLines(doc, [say(t('invoice_pdf.void', history.voided))], { bold: true });
    doc.moveDown(0.5);
  }

  // The lines.
  const headings = Object.fromEntries(LINE_COLUMNS.map((column) => [column.key, label(column.key as DocLabel)]));
  pdfRow(doc, LINE_COLUMNS, headings, { bold: true });
  lines.forEach((line, index) =>
    pdfRow(
      doc,
      LINE_COLUMNS,
      {
        line_no: String(index + 1),
        description: line.description,
        quantity: quantityText(line.quantityMilli, speech.language),
        unit_price: money(line.unitPrice),
        discount: line.discount > 0 ? money(line.discount) : '',
        tax: line.taxRateBps === null ? '' : speech.percent(line.taxRateBps),
        // Quantity × price: the column adds up to the subtotal; the discounts are taken off below it.
        amount: money(line.amount + line.discount),
      },
      { headings },
    ),
  );
  doc.moveTo(PAGE_MARGIN, doc.y).lineTo(PAGE_RIGHT, doc.y).lineWidth(0.5).stroke();
  doc.y += 4;

  // The totals, then what happened since, down to the balance due.
  const total = (text: string, amount: string, bold = false) => {
    if (doc.y > PAGE_BOTTOM) doc.addPage();
    const y = doc.y;
    doc.font(bold ? BOLD : FONT).fontSize(bold ? 10 : 9);
    doc.text(text, TOTAL_LABEL.x, y, { width: TOTAL_LABEL.width, align: 'right' });
    const bottom = doc.y;
    doc.text(amount, TOTAL_AMOUNT.x, y, { width: TOTAL_AMOUNT.width, align: 'right' });
    doc.y = Math.max(bottom, doc.y) + 1;
  };
  const minus = (amount: number) => money(-amount);
  const discounts = lines.reduce((sum, line) => sum + line.discount, 0);
  const rates = [...new Set(lines.flatMap((line) => (line.taxRateBps === null ? [] : [line.taxRateBps])))];
  total(label('subtotal'), money(invoice.subtotal + discounts));
  if (discounts > 0) total(label('discounts'), minus(discounts));
  if (invoice.tax > 0 || rates.length > 0) total(say(t('invoice_pdf.tax', { rates })), money(invoice.tax));
  total(label('total'), money(invoice.total), true);
  if (history.fees !== 0) total(label('fees'), money(history.fees));
  if (history.earlyDiscount !== 0) total(label('early_discount'), minus(history.earlyDiscount));
  for (const note of history.creditNotes)
    total(say(t('invoice_pdf.credit_note', { number: note.number, date: note.date, reason: note.reason })), minus(note.amount));
  if (history.writtenOff !== 0) total(label('written_off'), minus(history.writtenOff));
  if (history.corrections !== 0) total(label('corrections'), money(history.corrections));
  if (history.voided) total(say(t('invoice_pdf.void_mark')), minus(invoice.total));
  total(label('paid'), minus(history.paid));
  total(say(t('invoice_pdf.balance', { date: args.asOf })), money(invoice.outstanding), true);
  if (invoice.status === 'paid') pdfLines(doc, [say(t('invoice_pdf.paid_in_full'))], { bold: true });

  if (!history.voided) {
    pdfHeading(doc, label('terms'));
    pdfLines(doc, args.terms.map(say));
    if (args.paymentInstructions.length > 0) {
      pdfHeading(doc, label('how_to_pay'));
      pdfLines(doc, [...args.paymentInstructions, say(t('invoice_pdf.quote_number', { number: invoice.number }))]);
    }
    doc.moveDown();
    pdfLines(doc, [say(t('invoice_pdf.thanks'))]);
  }
  pdfFinish(doc, (page, pages) => `${invoice.number} · ${say(t('pdf.page', { page, pages }))}`);
  return done;
}
