/**
 * The double-entry journal. Lines carry signed amounts: positive is a debit,
 * negative a credit, so an entry balances when its lines sum to zero. The
 * journal is append-only: a correction is a new entry, never an edit.
 */
import { assert } from './assert.js';
import type { CalendarDate } from './dates.js';
import { type Minor, minor, negMinor } from './money.js';

export const PAYMENT_METHODS = ['cash', 'bank_transfer', 'card', 'ewallet', 'qris', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Accounts. Receivable and customer credit are per customer (the line names the customer). */
export type Account =
  | 'receivable'
  | 'customer_credit'
  | 'revenue'
  | 'tax_payable'
  | 'late_fee_income'
  | 'discounts_given'
  | 'bad_debt'
  | `cash:${PaymentMethod}`;

export const ENTRY_CODES = [
  'credit_sale',
  'invoice',
  'payment',
  'credit_applied',
  'credit_note',
  'write_off',
  'reversal',
  'late_fee',
  'early_discount',
] as const;
export type EntryCode = (typeof ENTRY_CODES)[number];

export interface JournalLine {
  readonly account: Account;
  /** Signed: debit positive, credit negative. */
  readonly amount: Minor;
  readonly customerId?: string | undefined;
  readonly invoiceId?: string | undefined;
}

export interface JournalEntryDraft {
  readonly code: EntryCode;
  readonly date: CalendarDate;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly memo?: string | undefined;
  readonly reversesEntryId?: string | undefined;
  readonly lines: readonly JournalLine[];
}

/** Accounts whose lines must name the customer they belong to. */
export function isCustomerAccount(account: Account): boolean {
  return account === 'receivable' || account === 'customer_credit';
}

/**
 * Checks an entry before it is posted: two or more lines, no zero line, every
 * customer account line names its customer, and debits equal credits.
 * An unbalanced entry is a bug in the code that built it, so this asserts.
 */
export function assertPostable(entry: JournalEntryDraft): void {
  assert(entry.lines.length >= 2, `entry ${entry.code} needs at least two lines`);
  let sum = 0;
  for (const line of entry.lines) {
    assert(Number.isSafeInteger(line.amount) && line.amount !== 0, `entry ${entry.code} has a zero or non-integer line`);
    assert(!isCustomerAccount(line.account) || line.customerId, `entry ${entry.code}: ${line.account} line without customer`);
    sum += line.amount;
  }
  assert(sum === 0, `entry ${entry.code} does not balance: lines sum to ${sum}`);
}

/** Builds an entry from the lines that are not zero and checks it. */
export function buildEntry(draft: Omit<JournalEntryDraft, 'lines'> & { lines: readonly JournalLine[] }): JournalEntryDraft {
  const entry = { ...draft, lines: draft.lines.filter((line) => line.amount !== 0) };
  assertPostable(entry);
  return entry;
}

/** The reversing entry of a posted one: same lines, opposite signs, code `reversal`. */
export function reverseEntry(
  original: { id: string; lines: readonly JournalLine[] },
  date: CalendarDate,
  sourceType: string,
  sourceId: string,
  memo?: string,
): JournalEntryDraft {
  return buildEntry({
    code: 'reversal',
    date,
    sourceType,
    sourceId,
    memo,
    reversesEntryId: original.id,
    lines: original.lines.map((line) => ({ ...line, amount: negMinor(line.amount) })),
  });
}

/** The cash or bank account a payment method lands in. */
export function cashAccount(method: PaymentMethod): Account {
  return `cash:${method}`;
}

/** Sum of the signed amounts of the lines. */
export function lineTotal(lines: readonly JournalLine[]): Minor {
  return minor(lines.reduce((sum, line) => sum + line.amount, 0));
}
