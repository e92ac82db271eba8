/**
 * The statement of account: what a customer owed at the start of a period,
 * every entry of the period that changed it with the running balance, what
 * they owed at the end, and the aging of what is open. The balance is net:
 * receivable less the customer's credit, as the customer sees it.
 */
import { type AgingBucket, bucketFor, bucketsFor, DEFAULT_BUCKET_BOUNDS } from './aging.js';
import { toCsv } from './csv.js';
import { type CalendarDate, daysBetween } from './dates.js';
import type { EntryCode } from './ledger.js';
import { type Minor, currencyExponent, minor } from './money.js';
import type { Locale } from './parties.js';
import { render, t } from './i18n/catalogue.js';

export const STATEMENT_KINDS = [
  'invoice',
  'payment',
  'fee',
  'fee_waiver',
  'discount',
  'credit_note',
  'write_off',
  'credit_applied',
  'correction',
] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/** What a journal entry is, to the customer reading the statement. */
export function statementKind(code: EntryCode, reversedCode: EntryCode | null): StatementKind {
  switch (code) {
    case 'credit_sale':
    case 'invoice':
      return 'invoice';
    case 'payment':
      return 'payment';
    case 'late_fee':
      return 'fee';
    case 'early_discount':
      return 'discount';
    case 'credit_note':
      return 'credit_note';
    case 'write_off':
      return 'write_off';
    case 'credit_applied':
      return 'credit_applied';
    case 'reversal':
      return reversedCode === 'late_fee' ? 'fee_waiver' : 'correction';
  }
}

/** One entry of the period as it touched the customer. */
export interface StatementEntryInput {
  readonly date: CalendarDate;
  readonly entryId: string;
  readonly kind: StatementKind;
  /** The document: invoice number, payment reference, credit note number. */
  readonly document: string;
  /** The PO reference of the invoice the entry is about, if it has one. */
  readonly reference: string | null;
  readonly memo: string | null;
  /** The change to what the customer owes: positive a charge, negative a payment or credit. */
  readonly amount: Minor;
}

export interface StatementLine extends StatementEntryInput {
  readonly charge: Minor;
  readonly credit: Minor;
  readonly balance: Minor;
}

export interface OpenInvoiceLine {
  readonly invoiceId: string;
  readonly number: string;
  /** The customer's PO reference, if the invoice has one. */
  readonly reference: string | null;
  readonly issueDate: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly outstanding: Minor;
  readonly daysPastDue: number;
}

/** What the statement's header shows of the business besides its name (each null until the owner sets it). */
export interface StatementBusinessDetails {
  readonly address: string | null;
  /** Digits, as stored. */
  readonly npwp: string | null;
  readonly phone: string | null;
  readonly email: string | null;
}

export interface Statement {
  readonly business: {
    readonly id: string;
    readonly name: string;
    readonly currency: string;
    readonly locale: Locale;
  } & StatementBusinessDetails;
  readonly customer: { readonly id: string; readonly name: string; readonly ref: string | null; readonly phone: string | null };
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly currency: string;
  readonly openingBalance: Minor;
  readonly lines: readonly StatementLine[];
  readonly totals: { readonly charges: Minor; readonly credits: Minor };
  readonly closingBalance: Minor;
  /** Open invoices at the end of the period, oldest due first. */
  readonly openInvoices: readonly OpenInvoiceLine[];
  readonly aging: { readonly buckets: readonly AgingBucket[]; readonly byBucket: Record<string, Minor> };
  readonly paymentInstructions: readonly string[];
}

export function buildStatement(args: {
  business: Statement['business'];
  customer: Statement['customer'];
  from: CalendarDate;
  to: CalendarDate;
  openingBalance: Minor;
  entries: readonly StatementEntryInput[];
  openItems: readonly {
    invoiceId: string;
    number: string;
    reference: string | null;
    issueDate: CalendarDate;
    dueDate: CalendarDate;
    outstanding: Minor;
  }[];
  paymentInstructions: readonly string[];
}): Statement {
  let balance: number = args.openingBalance;
  let charges = 0;
  let credits = 0;
  const lines = args.entries
    .filter((entry) => entry.amount !== 0)
    .map((entry) => {
      balance += entry.amount;
      const charge = entry.amount > 0 ? entry.amount : 0;
      const credit = entry.amount < 0 ? -entry.amount : 0;
      charges += charge;
      credits += credit;
      return { ...entry, charge: minor(charge), credit: minor(credit), balance: minor(balance) };
    });
  const buckets = bucketsFor(DEFAULT_BUCKET_BOUNDS);
  const byBucket: Record<string, Minor> = Object.fromEntries(buckets.map((bucket) => [bucket.key, minor(0)]));
  const openInvoices = args.openItems
    .filter((item) => item.outstanding !== 0)
    .map((item) => ({ ...item, daysPastDue: Math.max(0, daysBetween(item.dueDate, args.to)) }))
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.number < b.number ? -1 : 1));
  for (const item of openInvoices) {
    const key = bucketFor(buckets, daysBetween(item.dueDate, args.to)).key;
    byBucket[key] = minor((byBucket[key] ?? 0) + item.outstanding);
  }
  return {
    business: args.business,
    customer: args.customer,
    from: args.from,
    to: args.to,
    currency: args.business.currency,
    openingBalance: args.openingBalance,
    lines,
    totals: { charges: minor(charges), credits: minor(credits) },
    closingBalance: minor(balance),
    openInvoices,
    aging: { buckets, byBucket },
    paymentInstructions: args.paymentInstructions,
  };
}

/** The word for a line of the statement (or its opening or closing row) in the business's language. */
export function statementWord(locale: Locale, key: StatementKind | 'opening' | 'closing'): string {
  return render(t('statement.kind', { kind: key }), { language: locale });
}

/**
 * The statement as CSV: one row per line between the opening and closing
 * balance rows; amounts in major units with a '.' decimal point (as
 * spreadsheets read them), plus the minor-unit amount for programs.
 */
export function statementCsv(statement: Statement): string {
  const major = (amount: Minor) => formatMajor(amount, statement.currency);
  const word = (key: StatementKind | 'opening' | 'closing') => statementWord(statement.business.locale, key);
  return toCsv(
    ['date', 'kind', 'description', 'document', 'charge', 'credit', 'balance', 'balance_minor'],
    [
      [statement.from, 'opening', word('opening'), '', '', '', major(statement.openingBalance), statement.openingBalance],
      ...statement.lines.map((line) => [
        line.date,
        line.kind,
        line.memo ? `${word(line.kind)}: ${line.memo}` : word(line.kind),
        line.document,
        line.charge ? major(line.charge) : '',
        line.credit ? major(line.credit) : '',
        major(line.balance),
        line.balance,
      ]),
      [
        statement.to,
        'closing',
        word('closing'),
        '',
        major(statement.totals.charges),
        major(statement.totals.credits),
        major(statement.closingBalance),
        statement.closingBalance,
      ],
    ],
  );
}

/** Minor units as a plain major-unit number: 150000 IDR is "150000", 1250 USD is "12.50". */
export function formatMajor(amount: Minor, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  return exponent === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
