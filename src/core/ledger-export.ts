/**
 * The journal as a plain-text accounting file that ledger-cli and hledger read:
 * one transaction per entry, one posting per line, amounts in the currency's
 * major unit with its exact decimals (never floating point), and account names
 * built from ids only, so no name a person typed can break the syntax.
 */
import type { Account, EntryCode, JournalLine } from './ledger.js';
import { type Minor, currencyExponent } from './money.js';

export interface ExportEntry {
  readonly id: string;
  readonly date: string;
  readonly code: EntryCode;
  readonly sourceType: string;
  readonly sourceId: string;
  readonly memo: string | null;
  readonly lines: readonly JournalLine[];
}

/** The plain-text account of a journal line: `Assets:Receivable:cus_…`, `Income:Late Fees`, … */
export function ledgerAccount(account: Account, customerId: string | undefined): string {
  switch (account) {
    case 'receivable':
      return `Assets:Receivable:${customerId}`;
    case 'customer_credit':
      return `Liabilities:Customer Credit:${customerId}`;
    case 'revenue':
      return 'Income:Sales';
    case 'late_fee_income':
      return 'Income:Late Fees';
    case 'tax_payable':
      return 'Liabilities:Tax Payable';
    case 'discounts_given':
      return 'Expenses:Early Payment Discounts';
    case 'bad_debt':
      return 'Expenses:Bad Debt';
    default:
      return `Assets:Cash:${account.slice('cash:'.length)}`;
  }
}

/** An amount in major units with exactly the currency's decimals: 1250 USD cents is `12.50 USD`. */
export function ledgerAmount(amount: Minor, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${amount < 0 ? '-' : ''}${whole}${fraction} ${currency}`;
}

/** Text a person typed, made safe for a comment or a payee: one line, no comment marker. */
function oneLine(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/;/g, ',')
    .trim();
}

/**
 * The header: what the file is. No commodity directive: amounts already carry
 * the currency's exact decimals, and the two tools disagree on how a directive
 * for a currency without decimals (IDR) is written.
 */
export function ledgerHeader(businessName: string, currency: string): string {
  return [
    `; Lunas journal of ${oneLine(businessName)}`,
    `; amounts in ${currency}; one transaction per journal entry`,
    '',
    '',
  ].join('\n');
}

/** One entry as a transaction: date, cleared mark, payee `code source`, postings. */
export function ledgerTransaction(entry: ExportEntry, currency: string): string {
  const header = `${entry.date} * ${entry.code} ${entry.sourceType} ${entry.sourceId}`;
  const memo = entry.memo ? [`    ; ${oneLine(entry.memo)}`] : [];
  const postings = entry.lines.map(
    (line) => `    ${ledgerAccount(line.account, line.customerId)}  ${ledgerAmount(line.amount, currency)}`,
  );
  return [header, `    ; entry: ${entry.id}`, ...memo, ...postings, ''].join('\n');
}
