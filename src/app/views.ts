/**
 * The JSON shapes every surface prints (CONTRACT.md): camelCase fields, money
 * as integers of minor units, dates as YYYY-MM-DD.
 */
import { render, storedText } from '../core/i18n/catalogue.js';
import { QUANTITY_SCALE, type Invoice, type InvoiceLine } from '../core/invoices.js';
import type { Business, Customer, Locale, PaymentInstructions } from '../core/parties.js';
import type { Channel } from '../core/policy.js';
import { DEFAULT_CHANNEL_ORDER, isMobileNumber } from '../core/channel-choice.js';
import { effectiveCreditLimit, effectiveTermsDays } from '../core/parties.js';
import type { PaymentRecord } from '../store/invoices-repo.js';
import type { CreditTrail } from '../core/payments.js';

export interface BusinessView {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  locale: string;
  defaultTermsDays: number;
  defaultCreditLimit: number | null;
  overdueBlockDays: number | null;
  backdateDaysMax: number;
  paymentInstructions: PaymentInstructions | null;
  /** What invoices show of the business; the NPWP as stored (digits). */
  address: string | null;
  npwp: string | null;
  phone: string | null;
  email: string | null;
}

export function businessView(business: Business): BusinessView {
  return {
    id: business.id,
    name: business.name,
    currency: business.currency,
    timezone: business.timeZone,
    locale: business.locale,
    defaultTermsDays: business.defaultTermsDays,
    defaultCreditLimit: business.defaultCreditLimit,
    overdueBlockDays: business.overdueBlockDays,
    backdateDaysMax: business.backdateDaysMax,
    paymentInstructions: business.paymentInstructions,
    address: business.address,
    npwp: business.npwp,
    phone: business.phone,
    email: business.email,
  };
}

export interface CustomerView {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  ref: string | null;
  /** The limit that applies (the customer's own or the business default); null: none. */
  creditLimit: number | null;
  termsDays: number;
  status: string;
  holdReason: string | null;
  balance: number;
  overdue: number;
  /** Unapplied money held for the customer, applied to their next invoice. */
  credit: number;
  tags: string[];
  /** The channel tried first; null: the customer's order. */
  preferredChannel: Channel | null;
  /** The order channels are tried in (the customer's own, else WhatsApp, SMS, email). */
  channelOrder: Channel[];
  /** Channels the customer opted out of: never used. */
  optedOut: Channel[];
  /** The language of messages to the customer (their own, else the business's). */
  locale: Locale;
  /** `landline`: the phone takes calls only (no WhatsApp, no SMS); null: no phone. */
  phoneType: 'mobile' | 'landline' | null;
}

export function customerView(customer: Customer, business: Business, overdue: number): CustomerView {
  return {
    id: customer.id,
    name: customer.name,
    phone: customer.phone,
    email: customer.email,
    ref: customer.ref,
    creditLimit: effectiveCreditLimit(customer, business),
    termsDays: effectiveTermsDays(customer, business),
    status: customer.status,
    // Stored as a catalogue entry (or as written): read in the business's language.
    holdReason:
      customer.holdReason === null
        ? null
        : render(storedText(customer.holdReason), { language: business.locale, currency: business.currency }),
    balance: customer.balance,
    overdue,
    credit: customer.credit,
    tags: [...customer.tags],
    preferredChannel: customer.preferredChannel,
    channelOrder: [...(customer.channelOrder ?? DEFAULT_CHANNEL_ORDER)],
    optedOut: [...customer.optedOut],
    locale: customer.locale ?? business.locale,
    phoneType: customer.phone === null ? null : isMobileNumber(customer.phone) ? 'mobile' : 'landline',
  };
}

export interface InvoiceLineView {
  description: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  taxRateBps: number | null;
  amount: number;
  tax: number;
}

export interface InvoiceView {
  id: string;
  number: string;
  customerId: string;
  issueDate: string;
  dueDate: string;
  reference: string | null;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  outstanding: number;
  status: string;
  overrideReason: string | null;
  lines: InvoiceLineView[];
}

export function invoiceView(invoice: Invoice, lines: readonly InvoiceLine[]): InvoiceView {
  return {
    id: invoice.id,
    number: invoice.number,
    customerId: invoice.customerId,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    reference: invoice.reference,
    currency: invoice.currency,
    subtotal: invoice.subtotal,
    tax: invoice.tax,
    total: invoice.total,
    outstanding: invoice.outstanding,
    status: invoice.status,
    overrideReason: invoice.overrideReason,
    lines: lines.map((line) => ({
      description: line.description,
      quantity: line.quantityMilli / QUANTITY_SCALE,
      unitPrice: line.unitPrice,
      discount: line.discount,
      taxRateBps: line.taxRateBps,
      amount: line.amount,
      tax: line.tax,
    })),
  };
}

export interface PaymentView {
  id: string;
  customerId: string;
  amount: number;
  method: string;
  provider: string | null;
  date: string;
  reference: string | null;
  /** What the payment paid directly, per invoice. */
  allocations: { invoiceId: string; invoiceNumber: string; amount: number }[];
  /** What of it is still held as the customer's credit (its leftover less what that credit has paid since). */
  unapplied: number;
  /** Its leftover as credit that then paid invoices (at once, or when a later invoice met it), oldest first. */
  creditApplied: { invoiceId: string; invoiceNumber: string; amount: number; date: string }[];
}

/**
 * A payment as people read it: allocations and credit applications with invoice
 * numbers. `trail` says what became of its leftover (core/payments.ts#creditTrails);
 * without one (nothing left over) the leftover is all still credit.
 */
export function paymentView(
  payment: PaymentRecord,
  trail: CreditTrail | undefined,
  numbers: ReadonlyMap<string, string>,
): PaymentView {
  const numberOf = (invoiceId: string) => numbers.get(invoiceId) ?? invoiceId;
  return {
    id: payment.id,
    customerId: payment.customerId,
    amount: payment.amount,
    method: payment.method,
    provider: payment.provider,
    date: payment.date,
    reference: payment.reference,
    allocations: payment.allocations.map((allocation) => ({
      invoiceId: allocation.invoiceId,
      invoiceNumber: numberOf(allocation.invoiceId),
      amount: allocation.amount,
    })),
    unapplied: trail ? trail.remaining : payment.unapplied,
    creditApplied: (trail?.applied ?? []).map((applied) => ({
      invoiceId: applied.invoiceId,
      invoiceNumber: numberOf(applied.invoiceId),
      amount: applied.amount,
      date: applied.date,
    })),
  };
}
