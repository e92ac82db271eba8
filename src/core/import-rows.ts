/**
 * Checking import rows (CONTRACT.md, "Import files"): every row of the file is
 * checked before anything is written, and every problem is named with its line.
 * Pure: what is already in the book (existing invoice numbers, customers) is the
 * application's business; this module knows only the file.
 */
import type { CsvRecord, CsvTable } from './csv.js';
import { type CalendarDate, compareDates, parseCalendarDate } from './dates.js';
import { type Minor, currencyExponent, isKnownCurrency, parseMajorAmount } from './money.js';
import { TAGS_MAX, isValidEmail, normalizePhone, normalizeTag } from './parties.js';
import { english } from './i18n/catalogue.js';

export const DATE_FORMATS = ['ymd', 'dmy', 'mdy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const IMPORT_KINDS = ['customers', 'invoices'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_NAME_LENGTH_MAX = 200;
export const IMPORT_TEXT_LENGTH_MAX = 500;

export interface ImportOptions {
  readonly dateFormat: DateFormat;
  readonly decimalSeparator: '.' | ',';
  /** The currency of rows without a currency column; the business's by default. */
  readonly currency: string;
  /** The business's currency: every row must be in it. */
  readonly bookCurrency: string;
  /** Today in the business's time zone: nothing is dated after it. */
  readonly today: CalendarDate;
}

export interface ImportProblem {
  readonly line: number;
  readonly reason: string;
}

export interface CustomerRow {
  readonly line: number;
  readonly ref: string;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly creditLimit: Minor | null;
  readonly termsDays: number | null;
  readonly tags: readonly string[];
}

export interface InvoiceRow {
  readonly line: number;
  readonly customer: CustomerRow;
  readonly number: string;
  readonly issueDate: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly amount: Minor;
  readonly paidDate: CalendarDate | null;
  readonly paidAmount: Minor | null;
  readonly disputed: boolean;
  readonly description: string | null;
}

export const COLUMNS: Record<ImportKind, { required: readonly string[]; optional: readonly string[] }> = {
  customers: {
    required: ['customer_ref', 'customer_name'],
    optional: ['phone', 'email', 'credit_limit', 'terms_days', 'tags'],
  },
  invoices: {
    required: ['customer_ref', 'customer_name', 'invoice_number', 'issue_date', 'due_date', 'amount'],
    optional: ['currency', 'paid_date', 'paid_amount', 'disputed', 'phone', 'email', 'description'],
  },
};

const DATE_SHAPES: Record<DateFormat, { pattern: RegExp; order: [number, number, number]; example: string }> = {
  ymd: { pattern: /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/, order: [1, 2, 3], example: '2026-03-31' },
  dmy: { pattern: /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/, order: [3, 2, 1], example: '31/03/2026' },
  mdy: { pattern: /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/, order: [3, 1, 2], example: '03/31/2026' },
};

/** A date written as `format` says, or undefined. */
export function parseImportDate(text: string, format: DateFormat): CalendarDate | undefined {
  const shape = DATE_SHAPES[format];
  const match = shape.pattern.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = shape.order.map((group) => match[group] as string);
  return parseCalendarDate(`${year}-${(month as string).padStart(2, '0')}-${(day as string).padStart(2, '0')}`);
}

/**
 * An amount in major units as people write it: `150000`, `150.000,50` with the
 * decimal separator `,`, `1,500.50` with `.`; thousands grouped by threes with the
 * other sign, or a space. Negative amounts and too many decimals are refused with a reason.
 */
export function parseImportAmount(
  text: string,
  currency: string,
  decimalSeparator: '.' | ',',
): { amount: Minor } | { reason: string } {
  const trimmed = text.trim().replace(/[\s\u00a0]/g, '');
  if (trimmed === '') return { reason: 'is empty' };
  if (/^-/.test(trimmed)) return { reason: `'${text}' is negative: an import records what was sold and paid` };
  const group = decimalSeparator === '.' ? ',' : '.';
  let plain = trimmed;
  const [whole = '', ...rest] = trimmed.split(decimalSeparator);
  if (whole.includes(group)) {
    if (!/^\d{1,3}(?:[.,]\d{3})+$/.test(whole) || rest.length > 1)
      return { reason: `'${text}' is not an amount with decimal separator '${decimalSeparator}'` };
    plain = [whole.split(group).join(''), ...rest].join(decimalSeparator);
  }
  const fraction = rest[0];
  // `150.000` with `.` as the decimal separator reads just as well as a thousands group: ambiguous, so refused.
  const looksGrouped = !whole.includes(group) && rest.length === 1 && fraction?.length === 3 && currencyExponent(currency) < 3;
  const amount = looksGrouped ? undefined : parseMajorAmount(plain, currency, decimalSeparator);
  if (amount !== undefined) return { amount };
  if (rest.length === 1 && fraction !== undefined && /^\d+$/.test(fraction) && /^[\d.,]+$/.test(whole))
    return {
      reason: `'${text}' has more decimals than ${currency} allows${
        fraction.length === 3 ? ` (if '${decimalSeparator}' groups thousands here, the decimal separator is '${group}')` : ''
      }`,
    };
  return { reason: `'${text}' is not an amount with decimal separator '${decimalSeparator}'` };
}

const YES = new Set(['yes', 'ya', 'y', 'true', '1']);
const NO = new Set(['no', 'tidak', 'n', 'false', '0', '']);

export interface CheckedFile<Row> {
  readonly rows: readonly Row[];
  readonly problems: readonly ImportProblem[];
  /** Columns of the header that the import does not read. */
  readonly ignoredColumns: readonly string[];
  /** A problem with the file as a whole (a missing column): no row can be read. */
  readonly fatal: boolean;
}

/** Checks the header: every required column present, none twice. */
function headerProblems(table: CsvTable, kind: ImportKind): ImportProblem[] {
  if (table.header.length === 0) return [{ line: 1, reason: 'the file is empty: it needs a header row and at least one row' }];
  const names = table.header.map((name) => name.toLowerCase());
  const problems: ImportProblem[] = [];
  const missing = COLUMNS[kind].required.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    const hint =
      table.header.length === 1
        ? ` The header has one column ('${truncate(table.header[0] as string)}'): separate columns with ',' or ';'.`
        : '';
    problems.push({ line: 1, reason: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.${hint}` });
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name) && name !== '') problems.push({ line: 1, reason: `column ${name} appears twice` });
    seen.add(name);
  }
  return problems;
}

function truncate(text: string, length = 40): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Reads a record's fields by column name. */
function fieldReader(table: CsvTable) {
  const index = new Map(table.header.map((name, at) => [name.toLowerCase(), at]));
  return (record: CsvRecord, column: string): string => {
    const at = index.get(column);
    return at === undefined ? '' : (record.fields[at] ?? '').trim();
  };
}

function ignoredColumns(table: CsvTable, kind: ImportKind): string[] {
  const known = new Set([...COLUMNS[kind].required, ...COLUMNS[kind].optional]);
  return table.header.filter((name) => !known.has(name.toLowerCase()));
}

/** The customer columns of one record; problems are pushed as `column: reason`. */
function readCustomer(
  field: (column: string) => string,
  line: number,
  options: ImportOptions,
  reasons: string[],
  withTerms: boolean,
): CustomerRow {
  const ref = field('customer_ref');
  const name = field('customer_name');
  if (ref === '') reasons.push('customer_ref: is empty');
  else if (ref.length > IMPORT_NAME_LENGTH_MAX) reasons.push(`customer_ref: longer than ${IMPORT_NAME_LENGTH_MAX} characters`);
  if (name === '') reasons.push('customer_name: is empty');
  else if (name.length > IMPORT_NAME_LENGTH_MAX) reasons.push(`customer_name: longer than ${IMPORT_NAME_LENGTH_MAX} characters`);
  const phoneText = field('phone');
  const phone = phoneText === '' ? null : (normalizePhone(phoneText) ?? null);
  if (phoneText !== '' && phone === null) reasons.push(`phone: '${truncate(phoneText)}' is not a phone number`);
  const emailText = field('email').toLowerCase();
  if (emailText !== '' && !isValidEmail(emailText)) reasons.push(`email: '${truncate(emailText)}' is not an email address`);
  let creditLimit: Minor | null = null;
  let termsDays: number | null = null;
  const tags: string[] = [];
  if (withTerms) {
    const limitText = field('credit_limit');
    if (limitText !== '') {
      const parsed = parseImportAmount(limitText, options.bookCurrency, options.decimalSeparator);
      if ('reason' in parsed) reasons.push(`credit_limit: ${parsed.reason}`);
      else creditLimit = parsed.amount;
    }
    const termsText = field('terms_days');
    if (termsText !== '') {
      termsDays = /^\d{1,4}$/.test(termsText) ? Number(termsText) : null;
      if (termsDays === null || termsDays > 3650) reasons.push(`terms_days: '${truncate(termsText)}' is not 0 to 3650 days`);
    }
    // Tags separated by spaces or commas: "grosir vip".
    for (const text of field('tags')
      .split(/[\s,]+/)
      .filter(Boolean)) {
      const tag = normalizeTag(text);
      if ('reason' in tag) reasons.push(`tags: ${english(tag.reason)}`);
      else if (!tags.includes(tag.tag)) tags.push(tag.tag);
    }
    if (tags.length > TAGS_MAX) reasons.push(`tags: at most ${TAGS_MAX}`);
  }
  return { line, ref, name, phone, email: emailText === '' ? null : emailText, creditLimit, termsDays, tags };
}

function fieldCountProblem(table: CsvTable, record: CsvRecord): string | undefined {
  if (record.fields.length === table.header.length) return undefined;
  return `has ${record.fields.length} field${record.fields.length === 1 ? '' : 's'}, the header has ${table.header.length}`;
}

/** Checks a customers file. A ref listed twice is a problem on the second line. */
export function checkCustomerFile(table: CsvTable, options: ImportOptions): CheckedFile<CustomerRow> {
  const header = headerProblems(table, 'customers');
  if (header.length > 0) return { rows: [], problems: header, ignoredColumns: [], fatal: true };
  const read = fieldReader(table);
  const rows: CustomerRow[] = [];
  const problems: ImportProblem[] = [...table.problems];
  const firstLineOfRef = new Map<string, number>();
  for (const record of table.records) {
    const reasons: string[] = [];
    const countProblem = fieldCountProblem(table, record);
    if (countProblem) reasons.push(countProblem);
    const customer = readCustomer((column) => read(record, column), record.line, options, reasons, true);
    const first = firstLineOfRef.get(customer.ref);
    if (first !== undefined) reasons.push(`customer_ref: ${customer.ref} is already on line ${first}`);
    else if (customer.ref !== '') firstLineOfRef.set(customer.ref, record.line);
    if (reasons.length > 0) problems.push({ line: record.line, reason: reasons.join('; ') });
    else rows.push(customer);
  }
  return { rows, problems: sortProblems(problems), ignoredColumns: ignoredColumns(table, 'customers'), fatal: false };
}

/**
 * Checks an invoices file: dates, amounts, currency, payment and dispute
 * columns, invoice numbers unique in the file, and one name per customer_ref.
 */
export function checkInvoiceFile(table: CsvTable, options: ImportOptions): CheckedFile<InvoiceRow> {
  const header = headerProblems(table, 'invoices');
  if (header.length > 0) return { rows: [], problems: header, ignoredColumns: [], fatal: true };
  const read = fieldReader(table);
  const rows: InvoiceRow[] = [];
  const problems: ImportProblem[] = [...table.problems];
  const firstLineOfNumber = new Map<string, number>();
  const customerOfRef = new Map<string, CustomerRow>();
  const example = DATE_SHAPES[options.dateFormat].example;
  for (const record of table.records) {
    const field = (column: string) => read(record, column);
    const reasons: string[] = [];
    const countProblem = fieldCountProblem(table, record);
    if (countProblem) reasons.push(countProblem);
    let customer = readCustomer(field, record.line, options, reasons, false);
    const known = customerOfRef.get(customer.ref);
    if (known && known.name !== customer.name && customer.name !== '')
      reasons.push(`customer_name: customer_ref ${customer.ref} is named '${truncate(known.name)}' on line ${known.line}`);
    else if (known) customer = known;

    const number = field('invoice_number');
    if (number === '') reasons.push('invoice_number: is empty');
    else if (number.length > IMPORT_NAME_LENGTH_MAX)
      reasons.push(`invoice_number: longer than ${IMPORT_NAME_LENGTH_MAX} characters`);
    const firstLine = firstLineOfNumber.get(number);
    if (firstLine !== undefined) reasons.push(`invoice_number: ${number} is already on line ${firstLine}`);
    else if (number !== '') firstLineOfNumber.set(number, record.line);

    const currencyText = field('currency').toUpperCase();
    const currency = currencyText === '' ? options.currency : currencyText;
    let currencyOk = true;
    if (!isKnownCurrency(currency)) {
      reasons.push(`currency: unknown currency '${truncate(currency)}'`);
      currencyOk = false;
    } else if (currency !== options.bookCurrency) {
      reasons.push(`currency: the book is kept in ${options.bookCurrency}, this row is in ${currency}`);
      currencyOk = false;
    }

    const date = (column: string, required: boolean): CalendarDate | null | undefined => {
      const text = field(column);
      if (text === '') {
        if (required) reasons.push(`${column}: is empty`);
        return required ? undefined : null;
      }
      const parsed = parseImportDate(text, options.dateFormat);
      if (parsed === undefined) {
        reasons.push(`${column}: '${truncate(text)}' is not a date in the ${options.dateFormat} format (like ${example})`);
        return undefined;
      }
      if (compareDates(parsed, options.today) > 0)
        reasons.push(`${column}: ${parsed} is in the future (today is ${options.today})`);
      return parsed;
    };
    const issueDate = date('issue_date', true);
    const dueText = field('due_date');
    const dueDate = dueText === '' ? undefined : parseImportDate(dueText, options.dateFormat);
    if (dueText === '') reasons.push('due_date: is empty');
    else if (dueDate === undefined)
      reasons.push(`due_date: '${truncate(dueText)}' is not a date in the ${options.dateFormat} format (like ${example})`);
    if (issueDate && dueDate && compareDates(dueDate, issueDate) < 0)
      reasons.push(`due_date: ${dueDate} is before the issue date ${issueDate}`);
    const paidDate = date('paid_date', false);
    if (issueDate && paidDate && compareDates(paidDate, issueDate) < 0)
      reasons.push(`paid_date: ${paidDate} is before the issue date ${issueDate}`);

    const money = (column: string): Minor | undefined => {
      const text = field(column);
      if (text === '' || !currencyOk) return undefined;
      const parsed = parseImportAmount(text, currency, options.decimalSeparator);
      if ('reason' in parsed) {
        reasons.push(`${column}: ${parsed.reason}`);
        return undefined;
      }
      if (parsed.amount === 0) {
        reasons.push(`${column}: must be more than zero`);
        return undefined;
      }
      return parsed.amount;
    };
    const amount = money('amount');
    if (field('amount') === '') reasons.push('amount: is empty');
    let paidAmount = money('paid_amount') ?? null;
    if (field('paid_amount') !== '' && field('paid_date') === '') reasons.push('paid_amount: given without paid_date');
    if (paidDate && paidAmount === null && field('paid_amount') === '') paidAmount = amount ?? null;
    if (amount !== undefined && paidAmount !== null && paidAmount > amount)
      reasons.push(`paid_amount: more than the invoice amount (record overpayments as payments)`);

    const disputedText = field('disputed').toLowerCase();
    const disputed = YES.has(disputedText);
    if (!disputed && !NO.has(disputedText)) reasons.push(`disputed: '${truncate(disputedText)}' is not yes or no`);
    // A disputed invoice that was later paid in full is history: the import records the dispute as closed.

    const description = field('description');
    if (description.length > IMPORT_TEXT_LENGTH_MAX)
      reasons.push(`description: longer than ${IMPORT_TEXT_LENGTH_MAX} characters`);

    if (reasons.length > 0) {
      problems.push({ line: record.line, reason: reasons.join('; ') });
      continue;
    }
    if (!customerOfRef.has(customer.ref)) customerOfRef.set(customer.ref, customer);
    rows.push({
      line: record.line,
      customer,
      number,
      issueDate: issueDate as CalendarDate,
      dueDate: dueDate as CalendarDate,
      amount: amount as Minor,
      paidDate: paidDate ?? null,
      paidAmount: paidDate ? paidAmount : null,
      disputed,
      description: description === '' ? null : description,
    });
  }
  return { rows, problems: sortProblems(problems), ignoredColumns: ignoredColumns(table, 'invoices'), fatal: false };
}

function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return problems.sort((a, b) => a.line - b.line);
}
