/**
 * Finding an invoice or a payment by what a person sees: the id, or the
 * invoice's number (`INV-2026-000123`, or the number an import brought), or the
 * payment's reference (the payer's transfer reference). Customers are found by
 * id or ref in `customers.ts#resolveCustomer`, the same way.
 */
import type { Kysely } from 'kysely';
import type { Invoice } from '../core/invoices.js';
import { t } from '../core/i18n/catalogue.js';
import { type Result, invalid, notFound, ok } from '../core/result.js';
import { getPayment, paymentIdsByReference } from '../store/browse-repo.js';
import { type PaymentRecord, findInvoiceByNumber, getInvoice } from '../store/invoices-repo.js';
import type { Database } from '../store/schema.js';

/** How many payments sharing a reference are named when it is ambiguous. */
const AMBIGUOUS_NAMED_MAX = 5;

/** The invoice with this id or number, or not_found. */
export async function resolveInvoice(db: Kysely<Database>, businessId: string, idOrNumber: string): Promise<Result<Invoice>> {
  const invoice = (await getInvoice(db, businessId, idOrNumber)) ?? (await findInvoiceByNumber(db, businessId, idOrNumber));
  return invoice ? ok(invoice) : notFound('invoice', idOrNumber);
}

/** The id of the invoice with this id or number, or not_found. */
export async function resolveInvoiceId(db: Kysely<Database>, businessId: string, idOrNumber: string): Promise<Result<string>> {
  const found = await resolveInvoice(db, businessId, idOrNumber);
  return found.ok ? ok(found.value.id) : found;
}

/**
 * The payment with this id, or the one payment carrying this reference. A
 * reference is the payer's text and need not be unique: when several payments
 * carry it, the person is asked for the id (and shown a few).
 */
export async function resolvePayment(
  db: Kysely<Database>,
  businessId: string,
  idOrReference: string,
): Promise<Result<PaymentRecord>> {
  const byId = await getPayment(db, businessId, idOrReference);
  if (byId) return ok(byId);
  const ids = await paymentIdsByReference(db, businessId, idOrReference, AMBIGUOUS_NAMED_MAX + 1);
  if (ids.length > 1)
    return invalid({
      payment: t('lookup.reference_ambiguous', {
        reference: idOrReference,
        count: Math.min(ids.length, AMBIGUOUS_NAMED_MAX),
        more: ids.length > AMBIGUOUS_NAMED_MAX,
        ids: ids.slice(0, AMBIGUOUS_NAMED_MAX),
      }),
    });
  const byReference = ids[0] === undefined ? undefined : await getPayment(db, businessId, ids[0]);
  return byReference ? ok(byReference) : notFound('payment', idOrReference);
}
