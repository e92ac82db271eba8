/**
 * Issuing invoices (the quick credit sale is an invoice with one line) and
 * correcting them by credit note, write-off or void. The credit check runs
 * inside the writing transaction after the customer is locked.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { checkCredit } from '../core/credit-check.js';
import { type CalendarDate, yearOf } from '../core/dates.js';
import { countersAtEntry } from '../core/entry-counters.js';
import {
  type Invoice,
  type InvoiceLine,
  type LineInput,
  type PricedLine,
  QUANTITY_SCALE,
  dateErrors,
  dueDateFromTerms,
  formatDocumentNumber,
  lineErrors,
  priceLines,
} from '../core/invoices.js';
import { minor } from '../core/money.js';
import type { Business } from '../core/parties.js';
import { effectiveCreditLimit } from '../core/parties.js';
import { dueDateUnder } from '../core/policy.js';
import { type Result, fail, invalid, ok } from '../core/result.js';
import { getInvoice, getInvoiceLines, openInvoicesOfCustomer } from '../store/invoices-repo.js';
import { issueEffects } from '../core/invoice-effects.js';
import { journalRoomLeft, nextSequenceValue } from '../store/journal-repo.js';
import type { Database } from '../store/schema.js';
import { todayOf } from './businesses.js';
import { pastMoneyBound, runCommand } from './command.js';
import type { AppContext } from './context.js';
import { lockedCustomer } from './customers.js';
import { checkEntryDates } from './entry-dates.js';
import { resolveInvoice } from './lookups.js';
import { requireFieldPermissions, requirePermission } from './permissions.js';
import { customerPolicyIn } from './policies.js';
import { settlePostings } from './settlement.js';
import {
  NAME_LENGTH_MAX,
  calendarDateField,
  idOrRef,
  nonNegativeMoney,
  oldDateFlag,
  parseInput,
  positiveMoney,
  textField,
} from './validate.js';
import { type InvoiceView, invoiceView } from './views.js';
import { type Text, english, t } from '../core/i18n/catalogue.js';

export const QUICK_SALE_ITEM = 'Kasbon';

const lineSchema = z
  .object({
    description: textField(),
    quantity: z
      .number({ error: 'must be a positive number' })
      .refine((value) => value > 0 && Number.isSafeInteger(Math.round(value * QUANTITY_SCALE)), 'must be a positive number')
      .refine((value) => Math.abs(value * QUANTITY_SCALE - Math.round(value * QUANTITY_SCALE)) < 1e-6, 'at most 3 decimals'),
    unitPrice: nonNegativeMoney,
    discount: nonNegativeMoney.optional(),
    taxRateBps: z.number().optional(),
  })
  .strict();

const invoiceSchema = z
  .object({
    customer: idOrRef,
    lines: z.array(lineSchema, { error: 'must be a list of lines' }),
    date: calendarDateField.optional(),
    due: calendarDateField.optional(),
    allowOldDate: oldDateFlag,
    reference: textField(NAME_LENGTH_MAX).optional(),
    overrideReason: textField().optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

const saleSchema = z
  .object({
    customer: idOrRef,
    amount: positiveMoney,
    item: textField().optional(),
    /** The customer's PO or note number, as on invoices with lines (found again by `invoice list --search`). */
    reference: textField(NAME_LENGTH_MAX).optional(),
    date: calendarDateField.optional(),
    due: calendarDateField.optional(),
    allowOldDate: oldDateFlag,
    overrideReason: textField().optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type InvoiceInput = z.input<typeof invoiceSchema>;
export type SaleInput = z.input<typeof saleSchema>;

/** Quick credit sale: an invoice with one line, due by the customer's terms unless a date is given. */
export async function recordSale(ctx: AppContext, business: Business, input: SaleInput): Promise<Result<InvoiceView>> {
  const parsed = parseInput(saleSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const lines: LineInput[] = [
    { description: request.item ?? QUICK_SALE_ITEM, quantityMilli: QUANTITY_SCALE, unitPrice: request.amount },
  ];
  return issueInvoice(ctx, business, { ...request, lines, isQuickSale: true }, 'sale.create', idempotencyKey, request);
}

/** An invoice with lines, optionally against a contract or PO reference. */
export async function addInvoice(ctx: AppContext, business: Business, input: InvoiceInput): Promise<Result<InvoiceView>> {
  const parsed = parseInput(invoiceSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const lines: LineInput[] = request.lines.map((line) => ({
    description: line.description,
    quantityMilli: Math.round(line.quantity * QUANTITY_SCALE),
    unitPrice: line.unitPrice,
    discount: line.discount,
    taxRateBps: line.taxRateBps,
  }));
  const errors = lineErrors(lines);
  if (Object.keys(errors).length > 0) return invalid(errors);
  return issueInvoice(ctx, business, { ...request, lines, isQuickSale: false }, 'invoice.create', idempotencyKey, request);
}

interface IssueRequest {
  customer: string;
  lines: LineInput[];
  date?: CalendarDate | undefined;
  due?: CalendarDate | undefined;
  reference?: string | undefined;
  overrideReason?: string | undefined;
  allowOldDate?: boolean | undefined;
  isQuickSale: boolean;
}

async function issueInvoice(
  ctx: AppContext,
  business: Business,
  request: IssueRequest,
  command: string,
  idempotencyKey: string | undefined,
  rawRequest: unknown,
): Promise<Result<InvoiceView>> {
  const allowed = requirePermission(ctx.actor, 'sale.write');
  if (!allowed.ok) return allowed;
  const overrides = requireFieldPermissions(
    ctx.actor,
    'invoice.create',
    request.overrideReason === undefined ? [] : ['overrideReason'],
  );
  if (!overrides.ok) return overrides;
  return runCommand(ctx, { scope: business.id, command, idempotencyKey, request: rawRequest }, async (trx, tools) => {
    const locked = await lockedCustomer(ctx, trx, business.id, request.customer);
    if (!locked.ok) return locked;
    const customer = locked.value;
    const dated = await checkEntryDates(ctx, trx, business, { date: request.date }, request.allowOldDate);
    if (!dated.ok) return dated;
    const issueDate = request.date ?? todayOf(ctx, business);
    const policy = await customerPolicyIn(trx, tools, business, customer.id);
    // The customer's own terms win; otherwise the policy's (net N days, or end of month + N).
    const dueOnTerms =
      customer.termsDays !== null
        ? dueDateFromTerms(issueDate, customer.termsDays)
        : dueDateUnder(policy.policy.terms, issueDate);
    // A due date later than the customer's terms give is longer terms: the owner's to grant.
    const longerTerms = requireFieldPermissions(
      ctx.actor,
      'invoice.create',
      request.due !== undefined && request.due > dueOnTerms ? ['dueDate'] : [],
    );
    if (!longerTerms.ok) return longerTerms;
    const dueDate = request.due ?? dueOnTerms;
    const badDates = dateErrors(issueDate, dueDate);
    if (Object.keys(badDates).length > 0) return invalid(badDates);
    const totals = priceLines(request.lines);
    if (totals.total <= 0) return invalid({ lines: t('invoice.total_positive') });
    // Before the credit check adds it to what the customer owes: within the bound, every sum is a safe integer.
    if ((await journalRoomLeft(trx, business.id)) < BigInt(totals.total)) return pastMoneyBound(command);

    const openItems = await openInvoicesOfCustomer(trx, business.id, customer.id);
    const decision = checkCredit({
      status: customer.status,
      holdReason: customer.holdReason,
      creditLimit: effectiveCreditLimit(customer, business),
      balance: customer.balance,
      credit: customer.credit,
      openItems,
      saleAmount: totals.total,
      today: todayOf(ctx, business),
      overdueBlockDays: business.overdueBlockDays,
      overrideReason: request.overrideReason,
    });
    if (decision.decision === 'refuse') {
      // The contract's `reason` stays the reason itself; the day the hold was decided is its own detail.
      const held = decision.holdReason;
      const since = held?.key === 'hold.since' ? (held.params as { date: string; reason: Text }) : undefined;
      return fail(decision.code, decision.text, {
        customerId: customer.id,
        limit: decision.figures.limit,
        exposure: decision.figures.exposure,
        amount: totals.total,
        shortfall: decision.shortfall ?? 0,
        overdueDays: decision.figures.overdueDays,
        overdueAmount: decision.figures.overdueAmount,
        ...(held ? { reason: english(since ? since.reason : held), ...(since ? { heldOn: since.date } : {}) } : {}),
      });
    }

    const sequence = await nextSequenceValue(trx, business.id, 'invoice', yearOf(issueDate));
    const invoice: Invoice = {
      id: tools.newId('inv'),
      businessId: business.id,
      number: formatDocumentNumber('INV', issueDate, sequence),
      customerId: customer.id,
      issueDate,
      dueDate,
      reference: request.reference ?? null,
      currency: business.currency,
      subtotal: totals.subtotal,
      tax: totals.tax,
      total: totals.total,
      outstanding: minor(0),
      status: 'open',
      isQuickSale: request.isQuickSale,
      overrideReason: decision.decision === 'override' ? decision.reason : null,
      createdAt: tools.now,
      policyId: policy.id,
    };
    // Entered today about earlier dates: like an import, nothing before today is charged or reminded.
    const counters = countersAtEntry(policy.policy, { dueDate, outstanding: totals.total }, todayOf(ctx, business));
    await tools.write(issueEffects(invoice, totals, counters, decision));
    // Credit the customer already holds pays the new invoice at once (settled here so the answer shows it).
    await settlePostings(ctx, trx, tools);
    const settled = (await getInvoice(trx, business.id, invoice.id)) as Invoice;
    return ok(invoiceView(settled, totals.lines.map(toInvoiceLine)));
  });
}

function toInvoiceLine(line: PricedLine): InvoiceLine {
  return { ...line, taxRateBps: line.taxRateBps ?? null };
}

export async function loadInvoiceView(db: Kysely<Database>, businessId: string, invoiceId: string): Promise<InvoiceView> {
  const invoice = await getInvoice(db, businessId, invoiceId);
  if (!invoice) throw new Error(`invoice ${invoiceId} vanished inside its own transaction`);
  return invoiceView(invoice, await getInvoiceLines(db, businessId, invoiceId));
}

/** One invoice with its lines, by id or number. */
export async function showInvoice(ctx: AppContext, business: Business, idOrNumber: string): Promise<Result<InvoiceView>> {
  const found = await resolveInvoice(ctx.store.db, business.id, idOrNumber);
  if (!found.ok) return found;
  return ok(invoiceView(found.value, await getInvoiceLines(ctx.store.db, business.id, found.value.id)));
}
