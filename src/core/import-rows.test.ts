import { describe, expect, it } from 'vitest';
import { csvField, decodeCsvBytes, parseCsv, toCsv } from './csv.js';
import { calendarDate } from './dates.js';
import { type ImportOptions, checkInvoiceFile, parseImportAmount, parseImportDate } from './import-rows.js';
import { type Text, english, render } from './i18n/catalogue.js';

/** Problems with their reasons in English, as a test reads them. */
const inEnglish = (problems: readonly { line: number; reason: Text }[]) =>
  problems.map((problem) => ({ line: problem.line, reason: english(problem.reason) }));

const OPTIONS: ImportOptions = {
  dateFormat: 'ymd',
  decimalSeparator: '.',
  currency: 'IDR',
  bookCurrency: 'IDR',
  today: calendarDate('2026-11-22'),
};
const HEADER = 'customer_ref,customer_name,invoice_number,issue_date,due_date,amount';

function check(text: string, options: Partial<ImportOptions> = {}) {
  return checkInvoiceFile(parseCsv(text), { ...OPTIONS, ...options });
}

describe('reading CSV', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks, and keeps each record’s first line', () => {
    const table = parseCsv('\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,"two\nlines",3\n4,5,6');
    expect(table.separator).toBe(',');
    expect(table.header).toEqual(['a', 'b', 'c']);
    expect(table.records).toEqual([
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 4, fields: ['2', 'two\nlines', '3'] },
      { line: 6, fields: ['4', '5', '6'] },
    ]);
  });

  it('detects the semicolon separator from the header', () => {
    const table = parseCsv('a;b;c\n1;2,5;3\n');
    expect(table.separator).toBe(';');
    expect(table.records[0]?.fields).toEqual(['1', '2,5', '3']);
  });

  it('names a quote never closed and a quote inside an unquoted field by line', () => {
    expect(inEnglish(parseCsv('a,b\n1,"open\n2,3\n').problems)).toEqual([
      { line: 2, reason: 'a quoted field opened on line 2 is never closed' },
    ]);
    expect(inEnglish(parseCsv('a,b\n1,2\n3,4"5\n').problems)).toEqual([
      { line: 3, reason: 'a quote inside unquoted field 2: quote the whole field' },
    ]);
  });

  it('writes fields that read back the same, and disarms spreadsheet formulas', () => {
    const rows = [['plain', 'with, comma', 'with "quote"', 'two\nlines', '=SUM(A1)', '-5', 1500]];
    const table = parseCsv(toCsv(['a', 'b', 'c', 'd', 'e', 'f', 'g'], rows));
    expect(table.records[0]?.fields).toEqual(['plain', 'with, comma', 'with "quote"', 'two\nlines', "'=SUM(A1)", '-5', '1500']);
    expect(csvField(null)).toBe('');
  });

  it('refuses binary files and bytes that are not UTF-8, naming the line', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    expect(inEnglish([decodeCsvBytes(png) as { line: number; reason: Text }])[0]).toMatchObject({
      line: 3,
      reason: expect.stringContaining('binary'),
    });
    const latin1 = Buffer.concat([Buffer.from('a,b\n1,2\nJos'), Buffer.from([0xe9]), Buffer.from(',3\n')]);
    expect(inEnglish([decodeCsvBytes(latin1) as { line: number; reason: Text }])[0]).toMatchObject({
      line: 3,
      reason: expect.stringContaining('UTF-8'),
    });
    expect(decodeCsvBytes(Buffer.from('a,b\nJosé,2\n'))).toEqual({ text: 'a,b\nJosé,2\n' });
  });
});

describe('import amounts and dates', () => {
  it.each([
    ['150000', '.', 'IDR', 150_000],
    ['150.000', ',', 'IDR', 150_000],
    ['1.500.000', ',', 'IDR', 1_500_000],
    ['1,500,000', '.', 'IDR', 1_500_000],
    ['12.50', '.', 'USD', 1_250],
    ['1.234,5', ',', 'USD', 123_450],
    ['1 500 000', '.', 'IDR', 1_500_000],
    // Issue 11 defect 11: Excel's default amount format in Indonesia.
    ['1.500.000,00', ',', 'IDR', 1_500_000],
    ['1,500,000.00', '.', 'IDR', 1_500_000],
    ['250000,0', ',', 'IDR', 250_000],
  ] as const)('%s with decimal separator %s in %s is %i minor units', (text, separator, currency, expected) => {
    expect(parseImportAmount(text, currency, separator)).toEqual({ amount: expected });
  });

  it.each([
    ['-5000', '.', 'IDR', 'negative'],
    ['150.000', '.', 'IDR', "more decimals than IDR allows (if '.' groups thousands here, the decimal separator is ',')"],
    ['12.345', '.', 'USD', 'more decimals than USD allows'],
    ['1.500.000,50', ',', 'IDR', 'more decimals than IDR allows'],
    // Three zeros after a lone separator read as a thousands group as well: still refused, with the hint.
    ['150,000', ',', 'IDR', "if ',' groups thousands here"],
    ['12,5', '.', 'IDR', 'not an amount'],
    ['1.50.0', ',', 'IDR', 'not an amount'],
    ['Rp 5000', '.', 'IDR', 'not an amount'],
    ['', '.', 'IDR', 'is empty'],
  ] as const)('%s (separator %s, %s) is refused: %s', (text, separator, currency, reason) => {
    const parsed = parseImportAmount(text, currency, separator);
    expect('reason' in parsed && english(parsed.reason)).toContain(reason);
  });

  it.each([
    ['2026-03-31', 'ymd', '2026-03-31'],
    ['2026/3/1', 'ymd', '2026-03-01'],
    ['31/03/2026', 'dmy', '2026-03-31'],
    ['1.3.2026', 'dmy', '2026-03-01'],
    ['03/31/2026', 'mdy', '2026-03-31'],
    ['29/02/2024', 'dmy', '2024-02-29'],
  ] as const)('%s in %s is %s', (text, format, expected) => {
    expect(parseImportDate(text, format)).toBe(expected);
  });

  it.each([
    ['31/03/2026', 'ymd'],
    ['2026-02-30', 'ymd'],
    ['29/02/2026', 'dmy'],
    ['31/03/2026', 'mdy'],
    ['yesterday', 'dmy'],
  ] as const)('%s is not a %s date', (text, format) => {
    expect(parseImportDate(text, format)).toBeUndefined();
  });
});

describe('checking an invoices file', () => {
  it('reads a good file: payments default to the whole amount, disputes and descriptions kept', () => {
    const checked = check(
      `${HEADER},paid_date,paid_amount,disputed,description,notes\n` +
        'C1,Budi,A-1,2026-09-01,2026-09-15,150000,2026-09-20,,no,Pulsa,x\n' +
        'C1,Budi,A-2,2026-10-01,2026-10-15,200000,2026-10-20,50000,yes,,y\n',
    );
    expect(checked.problems).toEqual([]);
    expect(checked.ignoredColumns).toEqual(['notes']);
    expect(checked.rows.map((row) => [row.line, row.number, row.amount, row.paidAmount, row.disputed, row.description])).toEqual([
      [2, 'A-1', 150_000, 150_000, false, 'Pulsa'],
      [3, 'A-2', 200_000, 50_000, true, null],
    ]);
  });

  it('names missing columns, and hints at the separator when the header is one column', () => {
    const missing = check('customer_ref,customer_name,invoice_number\nC1,B,1\n');
    expect(missing.fatal).toBe(true);
    expect(inEnglish(missing.problems)).toEqual([{ line: 1, reason: 'missing columns issue_date, due_date, amount.' }]);
    const tabs = check(`${HEADER.replace(/,/g, '\t')}\nC1\tB\t1\t2026-01-01\t2026-01-10\t5\n`);
    expect(tabs.fatal).toBe(true);
    expect(english(tabs.problems[0]?.reason as Text)).toContain("separate columns with ',' or ';'");
  });

  it('lists every bad row with its line number and every reason', () => {
    const checked = check(
      `${HEADER},currency,paid_date,paid_amount,disputed\n` +
        'C1,Budi,A-1,2026-09-01,2026-09-15,150000,,,,\n' + // 2: good
        'C2,Ani,A-2,01/09/2026,2026-09-15,150000,,,,\n' + // 3: bad issue date
        'C3,Citra,A-3,2026-09-01,2026-08-15,150000,,,,\n' + // 4: due before issue
        'C4,Dedi,A-4,2026-09-01,2026-09-15,150.5,,,,\n' + // 5: decimals
        'C5,Eka,A-5,2026-09-01,2026-09-15,-150000,,,,\n' + // 6: negative
        'C6,Fajar,A-1,2026-09-01,2026-09-15,150000,,,,\n' + // 7: duplicate number
        'C7,Gita,A-7,2026-09-01,2026-09-15,150000,XYZ,,,\n' + // 8: unknown currency
        'C8,Hadi,A-8,2026-09-01,2026-09-15,150000,USD,,,\n' + // 9: other currency
        'C9,Indah,A-9,2026-09-01,2026-09-15,150000,,2026-09-20,200000,\n' + // 10: paid more than owed
        'C10,Joko,A-10,2026-12-01,2026-12-15,150000,,,,\n' + // 11: future
        'C1,Budi Santoso,A-11,2026-09-01,2026-09-15,150000,,,,maybe\n' + // 12: other name, bad disputed
        'C12,Kiki,A-12,2026-09-01\n', // 13: too few fields
    );
    expect(checked.rows.map((row) => row.line)).toEqual([2]);
    const reasons = Object.fromEntries(checked.problems.map((problem) => [problem.line, english(problem.reason)]));
    expect(Object.keys(reasons).map(Number)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(reasons[3]).toBe("issue_date: '01/09/2026' is not a date in the ymd format (like 2026-03-31)");
    expect(reasons[4]).toBe('due_date: 15 August 2026 is before the issue date 1 September 2026');
    expect(reasons[5]).toContain("amount: '150.5' has more decimals than IDR allows");
    expect(reasons[6]).toContain("amount: '-150000' is negative");
    expect(reasons[7]).toBe('invoice_number: A-1 is already on line 2');
    expect(reasons[8]).toBe("currency: unknown currency 'XYZ'");
    expect(reasons[9]).toBe('currency: the book is kept in IDR, this row is in USD');
    expect(reasons[10]).toContain('paid_amount: more than the invoice amount');
    expect(reasons[11]).toContain('issue_date: 1 December 2026 is in the future (today is 22 November 2026)');
    expect(reasons[12]).toBe("customer_name: customer_ref C1 is named 'Budi' on line 2; disputed: 'maybe' is not yes or no");
    expect(reasons[13]).toContain('has 4 fields, the header has 10');
    // The same reasons in the business's language when it is Indonesian.
    const line12 = checked.problems.find((problem) => problem.line === 12)?.reason as Text;
    expect(render(line12, { language: 'id' })).toBe(
      "customer_name: customer_ref C1 bernama 'Budi' di baris 2; disputed: 'maybe' bukan ya atau tidak",
    );
  });

  it('reads day-first dates and comma decimals when told', () => {
    const checked = check(`${HEADER}\nC1,Budi,A-1,31/01/2026,28/02/2026,"1.500,25"\n`, {
      dateFormat: 'dmy',
      decimalSeparator: ',',
      currency: 'USD',
      bookCurrency: 'USD',
    });
    expect(checked.problems).toEqual([]);
    expect(checked.rows[0]).toMatchObject({ issueDate: '2026-01-31', dueDate: '2026-02-28', amount: 150_025 });
  });
});
