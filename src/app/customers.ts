/** Customers: adding, finding by id or ref, listing, holding and releasing. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { overdueFigures } from '../core/credit-check.js';
import { daysBetween } from '../core/dates.js';
import type { Business, Customer } from '../core/parties.js';
import { isValidEmail, normalizePhone } from '../core/parties.js';
import { minor } from '../core/money.js';
import { type Result, invalid, notFound, ok } from '../core/result.js';
import { openInvoicesOfCustomer } from '../store/invoices-repo.js';
import {
  findCustomerByRef,
  getCustomer,
  getCustomerLocked,
  insertCustomer,
  listCustomers as listCustomerRows,
  overdueByCustomer,
  setCustomerStatus,
} from '../store/parties-repo.js';
import type { Database } from '../store/schema.js';
import { todayOf } from './businesses.js';
import { runCommand } from './command.js';
import type { AppContext } from './context.js';
import { NAME_LENGTH_MAX, idOrRef, nonNegativeMoney, parseInput, textField, wholeDays } from './validate.js';
import { type CustomerView, customerView } from './views.js';

const addSchema = z
  .object({
    name: textField(NAME_LENGTH_MAX),
    phone: z.string().trim().optional(),
    email: z.string().trim().toLowerCase().optional(),
    ref: textField(NAME_LENGTH_MAX).optional(),
    creditLimit: nonNegativeMoney.optional(),
    termsDays: wholeDays.optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type AddCustomerInput = z.input<typeof addSchema>;

/** Adds a customer; the phone is stored in E.164 form. */
export async function addCustomer(ctx: AppContext, business: Business, input: AddCustomerInput): Promise<Result<CustomerView>> {
  const parsed = parseInput(addSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const phone = request.phone ? normalizePhone(request.phone) : undefined;
  const errors: Record<string, string> = {};
  if (request.phone && !phone) errors.phone = `${request.phone} is not a phone number (Indonesian numbers may start with 0)`;
  if (request.email && !isValidEmail(request.email)) errors.email = `${request.email} is not an email address`;
  if (Object.keys(errors).length > 0) return invalid(errors);
  return runCommand(ctx, { scope: business.id, command: 'customer.create', idempotencyKey, request }, async (trx, tools) => {
    if (request.ref && (await findCustomerByRef(trx, business.id, request.ref)))
      return invalid({ ref: `a customer with ref ${request.ref} already exists` });
    const customer: Customer = {
      id: tools.newId('cus'),
      businessId: business.id,
      name: request.name,
      phone: phone ?? null,
      email: request.email || null,
      ref: request.ref ?? null,
      creditLimit: request.creditLimit ?? null,
      termsDays: request.termsDays ?? null,
      status: 'active',
      holdReason: null,
      balance: minor(0),
      credit: minor(0),
    };
    await insertCustomer(trx, customer, tools.now);
    await tools.audit('customer.create', 'customer', customer.id, {
      name: customer.name,
      phone: customer.phone,
      ref: customer.ref,
    });
    return ok(customerView(customer, business, 0));
  });
}

/** Finds a customer by id (`cus_…`) or by the business's own ref. */
export async function resolveCustomer(db: Kysely<Database>, businessId: string, idOrRefText: string): Promise<Result<Customer>> {
  const byId = await getCustomer(db, businessId, idOrRefText);
  if (byId) return ok(byId);
  const byRef = await findCustomerByRef(db, businessId, idOrRefText);
  return byRef ? ok(byRef) : notFound('customer', idOrRefText);
}

export interface CustomerDetail extends CustomerView {
  openInvoices: {
    id: string;
    number: string;
    issueDate: string;
    dueDate: string;
    total: number;
    outstanding: number;
    daysOverdue: number;
  }[];
}

/** Finds the customer by id or ref and locks it for the rest of the transaction, reading it fresh. */
export async function lockedCustomer(
  ctx: AppContext,
  trx: Kysely<Database>,
  businessId: string,
  idOrRefText: string,
): Promise<Result<Customer>> {
  const seam = ctx.store.seam;
  const byId = await getCustomerLocked(trx, seam, businessId, idOrRefText);
  if (byId) return ok(byId);
  const byRef = await findCustomerByRef(trx, businessId, idOrRefText);
  if (!byRef) return notFound('customer', idOrRefText);
  const fresh = seam.rowLocks ? await getCustomerLocked(trx, seam, businessId, byRef.id) : byRef;
  return fresh ? ok(fresh) : notFound('customer', idOrRefText);
}

/** A customer with balance, overdue amount and open invoices. */
export async function showCustomer(ctx: AppContext, business: Business, idOrRefText: string): Promise<Result<CustomerDetail>> {
  const parsed = parseInput(idOrRef, idOrRefText);
  if (!parsed.ok) return invalid({ customer: 'must name a customer id or ref' });
  const found = await resolveCustomer(ctx.store.db, business.id, parsed.value);
  if (!found.ok) return found;
  const today = todayOf(ctx, business);
  const open = await openInvoicesOfCustomer(ctx.store.db, business.id, found.value.id);
  const overdue = overdueFigures(open, today);
  return ok({
    ...customerView(found.value, business, overdue.overdueAmount),
    openInvoices: open.map((invoice) => ({
      id: invoice.id,
      number: invoice.number,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      total: invoice.total,
      outstanding: invoice.outstanding,
      daysOverdue: Math.max(0, daysBetween(invoice.dueDate, today)),
    })),
  });
}

export const PAGE_SIZE_MAX = 500;
export const PAGE_SIZE_DEFAULT = 100;

/** A page of customers in the order they were added, with what each owes and how much is overdue. */
export async function listCustomers(
  ctx: AppContext,
  business: Business,
  page: { limit?: number; after?: string } = {},
): Promise<Result<{ customers: CustomerView[]; nextCursor: string | null }>> {
  const limit = page.limit ?? PAGE_SIZE_DEFAULT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > PAGE_SIZE_MAX)
    return invalid({ limit: `must be a whole number from 1 to ${PAGE_SIZE_MAX}` });
  const rows = await listCustomerRows(ctx.store.db, business.id, {
    limit: limit + 1,
    ...(page.after ? { afterId: page.after } : {}),
  });
  const pageRows = rows.slice(0, limit);
  const overdue = await overdueByCustomer(
    ctx.store.db,
    business.id,
    todayOf(ctx, business),
    pageRows.map((c) => c.id),
  );
  return ok({
    customers: pageRows.map((customer) => customerView(customer, business, overdue.get(customer.id) ?? 0)),
    nextCursor: rows.length > limit ? (pageRows[pageRows.length - 1]?.id ?? null) : null,
  });
}

const holdSchema = z.object({ customer: idOrRef, reason: textField(), idempotencyKey: z.string().optional() }).strict();

/** Puts a customer on hold (no new credit) or releases the hold; the reason is recorded. */
export async function setHold(
  ctx: AppContext,
  business: Business,
  action: 'hold' | 'release',
  input: z.input<typeof holdSchema>,
): Promise<Result<CustomerView>> {
  const parsed = parseInput(holdSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  return runCommand(ctx, { scope: business.id, command: `customer.${action}`, idempotencyKey, request }, async (trx, tools) => {
    const found = await lockedCustomer(ctx, trx, business.id, request.customer);
    if (!found.ok) return found;
    const status = action === 'hold' ? 'on_hold' : 'active';
    const holdReason = action === 'hold' ? request.reason : null;
    await setCustomerStatus(trx, business.id, found.value.id, { status, holdReason, updatedAt: tools.now });
    await tools.audit(`customer.${action}`, 'customer', found.value.id, {
      from: found.value.status,
      to: status,
      reason: request.reason,
    });
    const overdue = await overdueByCustomer(trx, business.id, todayOf(ctx, business), [found.value.id]);
    return ok(customerView({ ...found.value, status, holdReason }, business, overdue.get(found.value.id) ?? 0));
  });
}
