/**
 * Importing customers and invoice history from CSV (CONTRACT.md, "Import
 * files"). The whole file is read and checked before anything is written; the
 * write is one transaction, so an import lands whole or not at all. Invoice
 * numbers (and customer refs) already in the book are left alone, so importing
 * the same file twice creates nothing new.
 *
 * What an imported invoice is: issued on its issue date, one line, revenue
 * without tax; a paid row also records its payment (method `other`) on the paid
 * date. Late fees are not charged for periods that started before the import:
 * the collection run starts charging from the next period. Credit a customer
 * already holds is not applied to imported invoices: the history is taken as written.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { decodeCsvBytes, parseCsv } from '../core/csv.js';
import {
  type CheckedFile,
  type CustomerRow,
  DATE_FORMATS,
  IMPORT_KINDS,
  type ImportKind,
  type ImportOptions,
  type ImportProblem,
  type InvoiceRow,
  checkCustomerFile,
  checkInvoiceFile,
} from '../core/import-rows.js';
import { isKnownCurrency } from '../core/money.js';
import type { Business } from '../core/parties.js';
import { type Failure, type Result, fail, ok } from '../core/result.js';
import { refreshStatistics } from '../store/import-repo.js';
import { todayOf } from './businesses.js';
import { runCommand } from './command.js';
import type { AppContext } from './context.js';
import { requirePermission } from './permissions.js';
import { type ImportProgress, ImportWriter } from './import-writer.js';
import { parseInput } from './validate.js';
import { type RenderContext, type Text, english, render, t } from '../core/i18n/catalogue.js';

export type { ImportProgress } from './import-writer.js';

/** Files larger than this are refused before they are read: split them. */
export const IMPORT_BYTES_MAX = 128 * 1024 * 1024;
/** Problems listed in a refusal or report; the count says how many there were. */
export const PROBLEMS_LISTED_MAX = 1_000;
/** After an import this large, the planner's statistics are refreshed. */
const ROWS_BEFORE_STATISTICS = 10_000;

const optionsSchema = z
  .object({
    kind: z.enum(IMPORT_KINDS, { error: `must be one of ${IMPORT_KINDS.join(', ')}` }),
    dateFormat: z.enum(DATE_FORMATS, { error: `must be one of ${DATE_FORMATS.join(', ')}` }).default('ymd'),
    decimalSeparator: z.enum(['.', ','], { error: "must be '.' or ','" }).default('.'),
    currency: z
      .string({ error: 'must be a currency code' })
      .trim()
      .toUpperCase()
      .refine(isKnownCurrency, 'must be a known ISO 4217 currency code')
      .optional(),
    skipInvalid: z.boolean({ error: 'must be true or false' }).default(false),
    fileName: z.string().max(500).optional(),
  })
  .strict();

export type ImportInput = z.input<typeof optionsSchema>;

export interface ImportReport {
  readonly importId: string;
  readonly kind: ImportKind;
  readonly fileName: string | null;
  /** Data rows in the file (the header not counted). */
  readonly rows: number;
  /** Rows written now. */
  readonly imported: number;
  /** Valid rows already in the book (same invoice number, or same customer ref in a customers file). */
  readonly alreadyThere: number;
  readonly created: { customers: number; invoices: number; payments: number; disputes: number };
  /** Invalid rows, skipped with `skipInvalid` (at most PROBLEMS_LISTED_MAX listed). */
  readonly invalidRows: number;
  readonly invalid: readonly ImportProblem[];
  readonly ignoredColumns: readonly string[];
}

/** The report as people read it: each skipped line's reason rendered in the reader's language. */
export type RenderedImportReport = Omit<ImportReport, 'invalid'> & {
  readonly invalid: readonly { line: number; reason: string }[];
};

export function renderImportReport(report: ImportReport, context: RenderContext): RenderedImportReport {
  return {
    ...report,
    invalid: report.invalid.map((problem) => ({ line: problem.line, reason: render(problem.reason, context) })),
  };
}

function refusal(message: Text, problems: readonly ImportProblem[], rows: number): Failure {
  const listed = problems.slice(0, PROBLEMS_LISTED_MAX);
  return {
    ...fail('validation_failed', message, {
      invalidRows: problems.length,
      rows,
      problems: listed.map((problem) => ({ line: problem.line, reason: english(problem.reason) })),
    }),
    problemTexts: listed.map((problem) => problem.reason),
  };
}

/** A file over IMPORT_BYTES_MAX (or the API's own limit), refused before it is read. */
export function fileTooLarge(bytes: number, max = IMPORT_BYTES_MAX): Failure {
  const reason = t('import.larger_than', { max: megabytes(max) });
  return {
    ...fail('validation_failed', t('import.too_large', { size: megabytes(bytes), max: megabytes(max) }), {
      fields: { file: english(reason) },
      bytes,
    }),
    fieldTexts: { file: reason },
  };
}

/** Imports a CSV file of customers or invoices into the business. */
export async function importFile(
  ctx: AppContext,
  business: Business,
  input: ImportInput,
  content: Uint8Array,
  onProgress?: (progress: ImportProgress) => void,
): Promise<Result<ImportReport>> {
  const allowed = requirePermission(ctx.actor, 'data.import');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(optionsSchema, input);
  if (!parsed.ok) return parsed;
  const request = parsed.value;
  if (content.byteLength > IMPORT_BYTES_MAX) return fileTooLarge(content.byteLength);
  onProgress?.({ phase: 'reading', done: 0, total: content.byteLength });
  const decoded = decodeCsvBytes(content);
  if ('reason' in decoded) return refusal(t('import.refused', { line: decoded.line, reason: decoded.reason }), [decoded], 0);
  const table = parseCsv(decoded.text, (chars) => onProgress?.({ phase: 'reading', done: chars, total: decoded.text.length }));
  const options: ImportOptions = {
    dateFormat: request.dateFormat,
    decimalSeparator: request.decimalSeparator,
    currency: request.currency ?? business.currency,
    bookCurrency: business.currency,
    today: todayOf(ctx, business),
  };
  onProgress?.({ phase: 'checking', done: 0, total: table.records.length });
  const checked: CheckedFile<CustomerRow | InvoiceRow> =
    request.kind === 'customers' ? checkCustomerFile(table, options) : checkInvoiceFile(table, options);
  onProgress?.({ phase: 'checking', done: table.records.length, total: table.records.length });
  const rowCount = table.records.length + table.problems.length;
  if (checked.fatal) return refusal(t('import.fatal', { reason: checked.problems[0]?.reason ?? null }), checked.problems, 0);
  if (rowCount === 0) return refusal(t('import.no_rows'), [{ line: 2, reason: t('import.no_rows_line') }], 0);
  if (checked.problems.length > 0 && !request.skipInvalid)
    return refusal(t('import.rows_invalid', { invalid: checked.problems.length, rows: rowCount }), checked.problems, rowCount);

  const digest = createHash('sha256').update(content).digest('hex');
  const { fileName, ...rest } = request;
  const result = await runCommand(
    ctx,
    { scope: business.id, command: `import.${request.kind}`, request: { ...rest, digest } },
    async (trx, tools) => {
      const writer = new ImportWriter(business, trx, tools, options.today, onProgress);
      const written =
        request.kind === 'customers'
          ? await writer.customers(checked.rows as CustomerRow[])
          : await writer.invoices(checked.rows as InvoiceRow[]);
      const report: ImportReport = {
        importId: tools.newId('imp'),
        kind: request.kind,
        fileName: fileName ?? null,
        rows: rowCount,
        imported: written.imported,
        alreadyThere: checked.rows.length - written.imported,
        created: written.created,
        invalidRows: checked.problems.length,
        invalid: checked.problems.slice(0, PROBLEMS_LISTED_MAX),
        ignoredColumns: checked.ignoredColumns,
      };
      await tools.audit(`import.${request.kind}`, 'import', report.importId, {
        fileName: report.fileName,
        sha256: digest,
        rows: report.rows,
        imported: report.imported,
        alreadyThere: report.alreadyThere,
        invalidRows: report.invalidRows,
        created: report.created,
      });
      return ok(report);
    },
  );
  if (result.ok && result.value.imported >= ROWS_BEFORE_STATISTICS) await refreshStatistics(ctx.store.db, ctx.store.seam);
  return result;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
