/** Lists a person browses: invoices, payments, a customer's ledger and the audit log. */
import { z } from 'zod';
import { INVOICE_STATUSES } from '../core/invoices.js';
import type { Business } from '../core/parties.js';
import { type Result, invalid, notFound, ok } from '../core/result.js';
import { customerLedger, findAudit, findInvoices, findPayments, getPayment } from '../store/browse-repo.js';
import { getInvoice, getInvoiceLinesOf } from '../store/invoices-repo.js';
import { getCustomer } from '../store/parties-repo.js';
import type { AuditRecord } from '../store/records-repo.js';
import { todayOf } from './businesses.js';
import type { AppContext } from './context.js';
import { resolveCustomer } from './customers.js';
import { NAME_LENGTH_MAX, pageLimit, parseInput } from './validate.js';
import { type InvoiceView, type PaymentView, invoiceView, paymentView } from './views.js';
import { t } from '../core/i18n/catalogue.js';

const cursor = z.string().max(100, 'must be a cursor from a previous page').optional();
const search = z.string().trim().min(1, 'must not be empty').max(NAME_LENGTH_MAX).optional();
const objectId = z.string().trim().min(1, 'must not be empty').max(100).optional();

const invoiceListSchema = z
  .object({
    limit: pageLimit,
    after: cursor,
    status: z.enum(INVOICE_STATUSES, { error: `must be one of ${INVOICE_STATUSES.join(', ')}` }).optional(),
    customerId: objectId,
    overdue: z.boolean({ error: 'must be true or false' }).optional(),
    search,
  })
  .strict();

/** A page of invoices with their lines, oldest first, filtered by status, customer, overdue or number. */
export async function listInvoices(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof invoiceListSchema> = {},
): Promise<Result<{ invoices: InvoiceView[]; nextCursor: string | null }>> {
  const parsed = parseInput(invoiceListSchema, input);
  if (!parsed.ok) return parsed;
  const { limit, after, overdue, ...filter } = parsed.value;
  if (overdue === false && filter.status === undefined) return invalid({ overdue: t('browse.overdue_false') });
  const named = await namedObjectsExist(ctx, business, filter);
  if (!named.ok) return named;
  const rows = await findInvoices(
    ctx.store.db,
    business.id,
    { ...filter, overdueOn: overdue ? todayOf(ctx, business) : undefined },
    { limit: limit + 1, afterId: after },
  );
  const pageRows = rows.slice(0, limit);
  const lines = await getInvoiceLinesOf(
    ctx.store.db,
    business.id,
    pageRows.map((invoice) => invoice.id),
  );
  return ok({
    invoices: pageRows.map((invoice) => invoiceView(invoice, lines.get(invoice.id) ?? [])),
    nextCursor: rows.length > limit ? (pageRows[pageRows.length - 1]?.id ?? null) : null,
  });
}

const paymentListSchema = z.object({ limit: pageLimit, after: cursor, customerId: objectId, invoiceId: objectId }).strict();

/** A page of payments with their allocations, oldest first. */
export async function listPayments(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof paymentListSchema> = {},
): Promise<Result<{ payments: PaymentView[]; nextCursor: string | null }>> {
  const parsed = parseInput(paymentListSchema, input);
  if (!parsed.ok) return parsed;
  const { limit, after, ...filter } = parsed.value;
  const named = await namedObjectsExist(ctx, business, filter);
  if (!named.ok) return named;
  const rows = await findPayments(ctx.store.db, business.id, filter, { limit: limit + 1, afterId: after });
  const pageRows = rows.slice(0, limit);
  return ok({
    payments: pageRows.map(paymentView),
    nextCursor: rows.length > limit ? (pageRows[pageRows.length - 1]?.id ?? null) : null,
  });
}

/** A filter naming a customer or invoice of another business (or none) is not_found, not an empty list. */
async function namedObjectsExist(
  ctx: AppContext,
  business: Business,
  filter: { customerId?: string | undefined; invoiceId?: string | undefined },
): Promise<Result<void>> {
  if (filter.customerId !== undefined && !(await getCustomer(ctx.store.db, business.id, filter.customerId)))
    return notFound('customer', filter.customerId);
  if (filter.invoiceId !== undefined && !(await getInvoice(ctx.store.db, business.id, filter.invoiceId)))
    return notFound('invoice', filter.invoiceId);
  return ok(undefined);
}

export async function showPayment(ctx: AppContext, business: Business, paymentId: string): Promise<Result<PaymentView>> {
  const payment = await getPayment(ctx.store.db, business.id, paymentId);
  return payment ? ok(paymentView(payment)) : notFound('payment', paymentId);
}

export interface LedgerView {
  customerId: string;
  /** What the customer owed before the first entry of this page. */
  opening: number;
  entries: {
    entryId: string;
    date: string;
    code: string;
    sourceType: string;
    sourceId: string;
    invoiceId: string | null;
    amount: number;
    /** What the customer owed after this entry. */
    balance: number;
  }[];
  /** What the customer owes now (the projection; equals the last running balance on the last page). */
  balance: number;
  nextCursor: string | null;
}

const ledgerSchema = z
  .object({
    customer: z.string().min(1).max(NAME_LENGTH_MAX),
    limit: pageLimit,
    after: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}\.[a-z]{3}_[0-9a-z]+$/, 'must be a cursor from a previous page')
      .optional(),
  })
  .strict();

/** A customer's receivable entries in date order with the running balance. */
export async function customerLedgerView(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof ledgerSchema>,
): Promise<Result<LedgerView>> {
  const parsed = parseInput(ledgerSchema, input);
  if (!parsed.ok) return parsed;
  const customer = await resolveCustomer(ctx.store.db, business.id, parsed.value.customer);
  if (!customer.ok) return customer;
  const { limit, after } = parsed.value;
  const afterKey = after === undefined ? undefined : { date: after.slice(0, 10), entryId: after.slice(11) };
  const page = await customerLedger(ctx.store.db, business.id, customer.value.id, { limit: limit + 1, after: afterKey });
  const rows = page.rows.slice(0, limit);
  let running = page.opening;
  const entries = rows.map((row) => {
    running += row.amount;
    return { ...row, balance: running };
  });
  const last = rows[rows.length - 1];
  return ok({
    customerId: customer.value.id,
    opening: page.opening,
    entries,
    balance: customer.value.balance,
    nextCursor: page.rows.length > limit && last ? `${last.date}.${last.entryId}` : null,
  });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const instant = z
  .string()
  .regex(INSTANT, 'must be an ISO 8601 UTC instant such as 2026-11-22T09:00:00Z')
  .refine((text) => !Number.isNaN(Date.parse(text)), 'must be a real instant')
  .transform((text) => new Date(text).toISOString())
  .optional();

const auditSchema = z
  .object({
    limit: pageLimit,
    after: cursor,
    objectType: z.string().trim().min(1).max(50).optional(),
    objectId,
    actor: z.string().trim().min(1).max(100).optional(),
    from: instant,
    to: instant,
  })
  .strict();

export type AuditView = Omit<AuditRecord, 'businessId'>;

/** The audit log of the business, oldest first, filtered by object, actor and time. */
export async function auditLog(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof auditSchema> = {},
): Promise<Result<{ records: AuditView[]; nextCursor: string | null }>> {
  const parsed = parseInput(auditSchema, input);
  if (!parsed.ok) return parsed;
  const { limit, after, ...filter } = parsed.value;
  if (filter.from && filter.to && filter.from >= filter.to) return invalid({ to: t('period.to_after_from') });
  const rows = await findAudit(ctx.store.db, business.id, filter, { limit: limit + 1, afterId: after });
  const pageRows = rows.slice(0, limit);
  return ok({
    records: pageRows.map(({ businessId: _businessId, ...record }) => record),
    nextCursor: rows.length > limit ? (pageRows[pageRows.length - 1]?.id ?? null) : null,
  });
}
