/**
 * Checking import rows (CONTRACT.md, "Import files"): every row of the file is
 * checked before anything is written, and every problem is named with its line.
 * Pure: what is already in the book (existing invoice numbers, customers) is the
 * application's business; this module knows only the file.
 */
import type { CsvRecord, CsvTable } from './csv.js';
import { type CalendarDate, compareDates, parseCalendarDate } from './dates.js';
import { MONEY_MAX, type Minor, currencyExponent, isKnownCurrency, majorAmountPastBound, parseMajorAmount } from './money.js';
import { TAGS_MAX, isValidEmail, normalizePhone, normalizeTag } from './parties.js';
import { type Text, t } from './i18n/catalogue.js';
import { cleanText, hasVisibleCharacter, refusedText } from './text.js';

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
  /** Why, as a catalogue entry (each column's reason, joined). */
  readonly reason: Text;
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
): { amount: Minor } | { reason: Text } {
  const trimmed = text.trim().replace(/[\s\u00a0]/g, '');
  if (trimmed === '') return { reason: t('import.empty') };
  if (/^-/.test(trimmed)) return { reason: t('import.negative', { text }) };
  const group = decimalSeparator === '.' ? ',' : '.';
  let plain = trimmed;
  const [whole = '', ...rest] = trimmed.split(decimalSeparator);
  if (whole.includes(group)) {
    if (!/^\d{1,3}(?:[.,]\d{3})+$/.test(whole) || rest.length > 1)
      return { reason: t('import.not_amount', { text, separator: decimalSeparator }) };
    plain = [whole.split(group).join(''), ...rest].join(decimalSeparator);
  }
  const fraction = rest[0];
  // `150.000` with `.` as the decimal separator reads just as well as a thousands group: ambiguous, so refused.
  const looksGrouped = !whole.includes(group) && rest.length === 1 && fraction?.length === 3 && currencyExponent(currency) < 3;
  const amount = looksGrouped ? undefined : parseMajorAmount(plain, currency, decimalSeparator);
  if (amount !== undefined) return { amount };
  if (!looksGrouped && majorAmountPastBound(plain, currency, decimalSeparator))
    return { reason: t('field.money_max', { max: MONEY_MAX }) };
  if (rest.length === 1 && fraction !== undefined && /^\d+$/.test(fraction) && /^[\d.,]+$/.test(whole))
    return {
      reason: t('import.too_many_decimals', {
        text,
        currency,
        separator: decimalSeparator,
        group: fraction.length === 3 ? group : null,
      }),
    };
  return { reason: t('import.not_amount', { text, separator: decimalSeparator }) };
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
  if (table.header.length === 0) return [{ line: 1, reason: t('import.file_empty') }];
  const names = table.header.map((name) => name.toLowerCase());
  const problems: ImportProblem[] = [];
  const missing = COLUMNS[kind].required.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    const single = table.header.length === 1 ? truncate(table.header[0] as string) : null;
    problems.push({ line: 1, reason: t('import.missing_columns', { columns: missing, single }) });
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name) && name !== '') problems.push({ line: 1, reason: t('import.column_twice', { column: name }) });
    seen.add(name);
  }
  return problems;
}

function truncate(text: string, length = 40): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Reads a record's fields by column name, cleaned by the text rule (NFC, invisible characters stripped, trimmed). */
function fieldReader(table: CsvTable) {
  const index = new Map(table.header.map((name, at) => [name.toLowerCase(), at]));
  return (record: CsvRecord, column: string): string => {
    const at = index.get(column);
    return at === undefined ? '' : cleanText(record.fields[at] ?? '');
  };
}

/**
 * The text rule (core/text.ts) on every field of the known columns: a refused character, or a
 * field of invisible characters only. A line with such a field is not read further.
 */
function textReasons(table: CsvTable, record: CsvRecord, kind: ImportKind): Text[] {
  const known = new Set([...COLUMNS[kind].required, ...COLUMNS[kind].optional]);
  const reasons: Text[] = [];
  table.header.forEach((name, at) => {
    const column = name.toLowerCase();
    const text = record.fields[at] ?? '';
    if (!known.has(column) || text === '') return;
    const refused = refusedText(text, 'single');
    if (refused) reasons.push(t('import.column', { column, reason: refused }));
    else if (text.trim() !== '' && !hasVisibleCharacter(cleanText(text)))
      reasons.push(t('import.column', { column, reason: t('text.no_visible') }));
  });
  return reasons;
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
  reasons: Text[],
  withTerms: boolean,
): CustomerRow {
  const because = (column: string, reason: Text) => reasons.push(t('import.column', { column, reason }));
  const ref = field('customer_ref');
  const name = field('customer_name');
  if (ref === '') because('customer_ref', t('import.empty'));
  else if (ref.length > IMPORT_NAME_LENGTH_MAX) because('customer_ref', t('import.longer_than', { max: IMPORT_NAME_LENGTH_MAX }));
  if (name === '') because('customer_name', t('import.empty'));
  else if (name.length > IMPORT_NAME_LENGTH_MAX)
    because('customer_name', t('import.longer_than', { max: IMPORT_NAME_LENGTH_MAX }));
  const phoneText = field('phone');
  const phone = phoneText === '' ? null : (normalizePhone(phoneText) ?? null);
  if (phoneText !== '' && phone === null) because('phone', t('import.not_phone', { text: truncate(phoneText) }));
  const emailText = field('email').toLowerCase();
  if (emailText !== '' && !isValidEmail(emailText)) because('email', t('import.not_email', { text: truncate(emailText) }));
  let creditLimit: Minor | null = null;
  let termsDays: number | null = null;
  const tags: string[] = [];
  if (withTerms) {
    const limitText = field('credit_limit');
    if (limitText !== '') {
      const parsed = parseImportAmount(limitText, options.bookCurrency, options.decimalSeparator);
      if ('reason' in parsed) because('credit_limit', parsed.reason);
      else creditLimit = parsed.amount;
    }
    const termsText = field('terms_days');
    if (termsText !== '') {
      termsDays = /^\d{1,4}$/.test(termsText) ? Number(termsText) : null;
      if (termsDays === null || termsDays > 3650) because('terms_days', t('import.terms_days', { text: truncate(termsText) }));
    }
    // Tags separated by spaces or commas: "grosir vip".
    for (const text of field('tags')
      .split(/[\s,]+/)
      .filter(Boolean)) {
      const tag = normalizeTag(text);
      if ('reason' in tag) because('tags', tag.reason);
      else if (!tags.includes(tag.tag)) tags.push(tag.tag);
    }
    if (tags.length > TAGS_MAX) because('tags', t('import.tags_max', { max: TAGS_MAX }));
  }
  return { line, ref, name, phone, email: emailText === '' ? null : emailText, creditLimit, termsDays, tags };
}

function fieldCountProblem(table: CsvTable, record: CsvRecord): Text | undefined {
  if (record.fields.length === table.header.length) return undefined;
  return t('import.field_count', { fields: record.fields.length, header: table.header.length });
}

/** One problem for a line: its reasons joined. */
const lineProblem = (line: number, reasons: readonly Text[]): ImportProblem => ({
  line,
  reason: t('import.reasons', { reasons }),
});

/** Checks a customers file. A ref listed twice is a problem on the second line. */
export function checkCustomerFile(table: CsvTable, options: ImportOptions): CheckedFile<CustomerRow> {
  const header = headerProblems(table, 'customers');
  if (header.length > 0) return { rows: [], problems: header, ignoredColumns: [], fatal: true };
  const read = fieldReader(table);
  const rows: CustomerRow[] = [];
  const problems: ImportProblem[] = [...table.problems];
  const firstLineOfRef = new Map<string, number>();
  for (const record of table.records) {
    const hostile = textReasons(table, record, 'customers');
    if (hostile.length > 0) {
      problems.push(lineProblem(record.line, hostile));
      continue;
    }
    const reasons: Text[] = [];
    const because = (column: string, reason: Text) => reasons.push(t('import.column', { column, reason }));
    const countProblem = fieldCountProblem(table, record);
    if (countProblem) reasons.push(countProblem);
    const customer = readCustomer((column) => read(record, column), record.line, options, reasons, true);
    const first = firstLineOfRef.get(customer.ref);
    if (first !== undefined) because('customer_ref', t('import.ref_repeated', { ref: customer.ref, line: first }));
    else if (customer.ref !== '') firstLineOfRef.set(customer.ref, record.line);
    if (reasons.length > 0) problems.push(lineProblem(record.line, reasons));
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
    const hostile = textReasons(table, record, 'invoices');
    if (hostile.length > 0) {
      problems.push(lineProblem(record.line, hostile));
      continue;
    }
    const field = (column: string) => read(record, column);
    const reasons: Text[] = [];
    const because = (column: string, reason: Text) => reasons.push(t('import.column', { column, reason }));
    const countProblem = fieldCountProblem(table, record);
    if (countProblem) reasons.push(countProblem);
    let customer = readCustomer(field, record.line, options, reasons, false);
    const known = customerOfRef.get(customer.ref);
    if (known && known.name !== customer.name && customer.name !== '')
      because('customer_name', t('import.ref_other_name', { ref: customer.ref, name: truncate(known.name), line: known.line }));
    else if (known) customer = known;

    const number = field('invoice_number');
    if (number === '') because('invoice_number', t('import.empty'));
    else if (number.length > IMPORT_NAME_LENGTH_MAX)
      because('invoice_number', t('import.longer_than', { max: IMPORT_NAME_LENGTH_MAX }));
    const firstLine = firstLineOfNumber.get(number);
    if (firstLine !== undefined) because('invoice_number', t('import.number_repeated', { number, line: firstLine }));
    else if (number !== '') firstLineOfNumber.set(number, record.line);

    const currencyText = field('currency').toUpperCase();
    const currency = currencyText === '' ? options.currency : currencyText;
    let currencyOk = true;
    if (!isKnownCurrency(currency)) {
      because('currency', t('import.unknown_currency', { currency: truncate(currency) }));
      currencyOk = false;
    } else if (currency !== options.bookCurrency) {
      because('currency', t('import.other_currency', { book: options.bookCurrency, currency }));
      currencyOk = false;
    }

    const date = (column: string, required: boolean): CalendarDate | null | undefined => {
      const text = field(column);
      if (text === '') {
        if (required) because(column, t('import.empty'));
        return required ? undefined : null;
      }
      const parsed = parseImportDate(text, options.dateFormat);
      if (parsed === undefined) {
        because(column, t('import.not_date', { text: truncate(text), format: options.dateFormat, example }));
        return undefined;
      }
      if (compareDates(parsed, options.today) > 0)
        because(column, t('import.future_date', { date: parsed, today: options.today }));
      return parsed;
    };
    const issueDate = date('issue_date', true);
    const dueText = field('due_date');
    const dueDate = dueText === '' ? undefined : parseImportDate(dueText, options.dateFormat);
    if (dueText === '') because('due_date', t('import.empty'));
    else if (dueDate === undefined)
      because('due_date', t('import.not_date', { text: truncate(dueText), format: options.dateFormat, example }));
    if (issueDate && dueDate && compareDates(dueDate, issueDate) < 0)
      because('due_date', t('import.before_issue', { date: dueDate, issue: issueDate }));
    const paidDate = date('paid_date', false);
    if (issueDate && paidDate && compareDates(paidDate, issueDate) < 0)
      because('paid_date', t('import.before_issue', { date: paidDate, issue: issueDate }));

    const money = (column: string): Minor | undefined => {
      const text = field(column);
      if (text === '' || !currencyOk) return undefined;
      const parsed = parseImportAmount(text, currency, options.decimalSeparator);
      if ('reason' in parsed) {
        because(column, parsed.reason);
        return undefined;
      }
      if (parsed.amount === 0) {
        because(column, t('import.not_positive'));
        return undefined;
      }
      return parsed.amount;
    };
    const amount = money('amount');
    if (field('amount') === '') because('amount', t('import.empty'));
    let paidAmount = money('paid_amount') ?? null;
    if (field('paid_amount') !== '' && field('paid_date') === '') because('paid_amount', t('import.paid_without_date'));
    if (paidDate && paidAmount === null && field('paid_amount') === '') paidAmount = amount ?? null;
    if (amount !== undefined && paidAmount !== null && paidAmount > amount) because('paid_amount', t('import.paid_over_amount'));

    const disputedText = field('disputed').toLowerCase();
    const disputed = YES.has(disputedText);
    if (!disputed && !NO.has(disputedText)) because('disputed', t('import.not_yes_no', { text: truncate(disputedText) }));
    // A disputed invoice that was later paid in full is history: the import records the dispute as closed.

    const description = field('description');
    if (description.length > IMPORT_TEXT_LENGTH_MAX)
      because('description', t('import.longer_than', { max: IMPORT_TEXT_LENGTH_MAX }));

    if (reasons.length > 0) {
      problems.push(lineProblem(record.line, reasons));
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
