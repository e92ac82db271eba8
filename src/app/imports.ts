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
import type { CalendarDate } from '../core/dates.js';
import { feePeriodsStarted } from '../core/fees.js';
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
import { QUANTITY_SCALE, issueEntry } from '../core/invoices.js';
import type { JournalEntryDraft } from '../core/ledger.js';
import { type Minor, isKnownCurrency, minor } from '../core/money.js';
import type { Business } from '../core/parties.js';
import { paymentEntry } from '../core/payments.js';
import type { CollectionPolicy } from '../core/policy.js';
import { type Result, fail, ok } from '../core/result.js';
import { chunked } from '../store/batches.js';
import {
  addToCustomerBalances,
  customerIdsByRef,
  existingInvoiceNumbers,
  insertImportRows,
  raiseSequence,
  refreshParentStatistics,
  refreshStatistics,
} from '../store/import-repo.js';
import { policyVersionsOfBusiness } from '../store/policies-repo.js';
import { todayOf } from './businesses.js';
import { type WriteTools, runCommand } from './command.js';
import type { AppContext } from './context.js';
import { requirePermission } from './permissions.js';
import { businessPolicyIn } from './policies.js';
import { parseInput } from './validate.js';

/** Files larger than this are refused before they are read: split them. */
export const IMPORT_BYTES_MAX = 128 * 1024 * 1024;
/** Problems listed in a refusal or report; the count says how many there were. */
export const PROBLEMS_LISTED_MAX = 1_000;
/** After an import this large, the planner's statistics are refreshed. */
const ROWS_BEFORE_STATISTICS = 10_000;
const IMPORTED_LINE_DESCRIPTION = 'Imported invoice';
const DISPUTE_REASON = 'disputed when imported';
/** Rows of the file turned into table rows and written at a time. */
const ROWS_PER_CHUNK = 20_000;
/** A table this large gets fresh statistics on PostgreSQL before more rows point at it. */
const STATISTICS_AFTER_ROWS = 1_000;

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

export interface ImportProgress {
  readonly phase: 'reading' | 'checking' | 'writing';
  readonly done: number;
  readonly total: number;
}

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

function refusal(message: string, problems: readonly ImportProblem[], rows: number) {
  return fail('validation_failed', message, {
    invalidRows: problems.length,
    rows,
    problems: problems.slice(0, PROBLEMS_LISTED_MAX),
  });
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
  if (content.byteLength > IMPORT_BYTES_MAX)
    return fail(
      'validation_failed',
      `the file is ${megabytes(content.byteLength)}; an import takes at most ${megabytes(IMPORT_BYTES_MAX)}: split it into smaller files`,
      { fields: { file: `larger than ${megabytes(IMPORT_BYTES_MAX)}` }, bytes: content.byteLength },
    );
  onProgress?.({ phase: 'reading', done: 0, total: content.byteLength });
  const decoded = decodeCsvBytes(content);
  if ('reason' in decoded) return refusal(`line ${decoded.line}: ${decoded.reason}; nothing was imported`, [decoded], 0);
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
  if (checked.fatal)
    return refusal(`${checked.problems[0]?.reason ?? 'the file cannot be read'}; nothing was imported`, checked.problems, 0);
  if (rowCount === 0)
    return refusal('the file has a header but no rows; nothing was imported', [{ line: 2, reason: 'no rows' }], 0);
  if (checked.problems.length > 0 && !request.skipInvalid)
    return refusal(
      `${checked.problems.length} of ${rowCount} rows are invalid; nothing was imported (fix them, or import the valid rows with skip-invalid)`,
      checked.problems,
      rowCount,
    );

  const digest = createHash('sha256').update(content).digest('hex');
  const { fileName, ...rest } = request;
  const result = await runCommand(
    ctx,
    { scope: business.id, command: `import.${request.kind}`, request: { ...rest, digest } },
    async (trx, tools) => {
      const writer = new ImportWriter(ctx, business, trx, tools, options.today, onProgress);
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

type Row = readonly unknown[];

/** Turns checked rows into the rows of each table and writes them in bulk. */
class ImportWriter {
  private readonly analysed = new Set<string>();
  private readonly rows = {
    customers: [] as Row[],
    invoices: [] as Row[],
    invoice_lines: [] as Row[],
    journal_entries: [] as Row[],
    journal_lines: [] as Row[],
    payments: [] as Row[],
    payment_allocations: [] as Row[],
    disputes: [] as Row[],
  };

  constructor(
    private readonly ctx: AppContext,
    private readonly business: Business,
    private readonly trx: Parameters<Parameters<typeof runCommand>[2]>[0],
    private readonly tools: WriteTools,
    private readonly today: CalendarDate,
    private readonly onProgress?: (progress: ImportProgress) => void,
  ) {}

  private customerRow(customer: CustomerRow, id: string, balance: number): Row {
    const { business, tools } = this;
    return [
      business.id,
      id,
      customer.name,
      customer.phone,
      customer.email,
      customer.ref,
      customer.creditLimit,
      customer.termsDays,
      'active',
      balance,
      0,
      tools.now,
      tools.now,
      JSON.stringify(customer.tags),
    ];
  }

  async customers(rows: readonly CustomerRow[]) {
    const existing = await customerIdsByRef(
      this.trx,
      this.business.id,
      rows.map((row) => row.ref),
    );
    const fresh = rows.filter((row) => !existing.has(row.ref));
    for (const row of fresh) this.rows.customers.push(this.customerRow(row, this.tools.newId('cus'), 0));
    this.onProgress?.({ phase: 'writing', done: 0, total: fresh.length });
    await this.flush();
    this.onProgress?.({ phase: 'writing', done: fresh.length, total: fresh.length });
    return { imported: fresh.length, created: { customers: fresh.length, invoices: 0, payments: 0, disputes: 0 } };
  }

  async invoices(rows: readonly InvoiceRow[]) {
    const { business, trx, tools } = this;
    const already = await existingInvoiceNumbers(
      trx,
      business.id,
      rows.map((row) => row.number),
    );
    const fresh = rows.filter((row) => !already.has(row.number));
    const customerIds = await customerIdsByRef(trx, business.id, [...new Set(fresh.map((row) => row.customer.ref))]);
    const known = new Set(customerIds.values());
    const newCustomers = new Map<string, CustomerRow>();
    for (const row of fresh)
      if (!customerIds.has(row.customer.ref)) {
        customerIds.set(row.customer.ref, tools.newId('cus'));
        newCustomers.set(row.customer.ref, row.customer);
      }
    const policies = await this.policies();
    const balances = new Map<string, number>();
    for (const row of fresh) {
      const customerId = customerIds.get(row.customer.ref) as string;
      balances.set(customerId, (balances.get(customerId) ?? 0) + row.amount - (row.paidAmount ?? 0));
    }
    // Customers first (invoices point at them), then the invoices a chunk at a time: memory stays bounded.
    for (const [ref, customer] of newCustomers) {
      const id = customerIds.get(ref) as string;
      this.rows.customers.push(this.customerRow(customer, id, balances.get(id) ?? 0));
    }
    await this.flush();
    const sequenceFloor = new Map<number, number>();
    let payments = 0;
    let disputes = 0;
    let done = 0;
    this.onProgress?.({ phase: 'writing', done, total: fresh.length });
    for (const chunk of chunked(fresh, ROWS_PER_CHUNK)) {
      for (const row of chunk) {
        const customerId = customerIds.get(row.customer.ref) as string;
        const policy = policies.get(customerId) ?? (policies.get('') as { id: string; policy: CollectionPolicy });
        const invoiceId = tools.newId('inv');
        const paid = row.paidAmount ?? 0;
        const outstanding = row.amount - paid;
        const fee = policy.policy.lateFee;
        const feePeriods =
          outstanding > 0 && fee.kind !== 'none'
            ? feePeriodsStarted(row.dueDate, policy.policy.graceDays, fee.period, this.today)
            : 0;
        let disputeId: string | null = null;
        if (row.disputed) {
          disputeId = tools.newId('dsp');
          disputes++;
          this.rows.disputes.push([business.id, disputeId, invoiceId, customerId, DISPUTE_REASON, 'open', this.today, tools.now]);
        }
        this.rows.invoices.push([
          business.id,
          invoiceId,
          row.number,
          customerId,
          row.issueDate,
          row.dueDate,
          business.currency,
          row.amount,
          0,
          row.amount,
          outstanding,
          outstanding === 0 ? 'paid' : 'open',
          0,
          tools.now,
          policy.id,
          feePeriods,
          outstanding === 0 ? row.paidDate : null,
          disputeId,
        ]);
        this.rows.invoice_lines.push([
          business.id,
          invoiceId,
          1,
          row.description ?? IMPORTED_LINE_DESCRIPTION,
          QUANTITY_SCALE,
          row.amount,
          0,
          row.amount,
          0,
        ]);
        const amount = minor(row.amount);
        this.entry(
          issueEntry({
            invoiceId,
            customerId,
            date: row.issueDate,
            totals: { subtotal: amount, tax: minor(0), total: amount, lines: [] },
            isQuickSale: false,
            memo: `import line ${row.line}`,
          }),
        );
        if (row.paidDate !== null && paid > 0) {
          const paymentId = tools.newId('pay');
          payments++;
          this.rows.payments.push([business.id, paymentId, customerId, paid, 'other', row.paidDate, null, 0, tools.now]);
          this.rows.payment_allocations.push([business.id, paymentId, invoiceId, paid]);
          this.entry(
            paymentEntry({
              paymentId,
              customerId,
              date: row.paidDate,
              method: 'other',
              amount: minor(paid),
              plan: { allocations: [{ invoiceId, amount: minor(paid) }], unapplied: minor(0) },
            }),
          );
        }
        const sequence = /^INV-(\d{4})-(\d{6,})$/.exec(row.number);
        if (sequence) {
          const year = Number(sequence[1]);
          sequenceFloor.set(year, Math.max(sequenceFloor.get(year) ?? 0, Number(sequence[2])));
        }
      }
      await this.flush();
      done += chunk.length;
      this.onProgress?.({ phase: 'writing', done, total: fresh.length });
    }
    await addToCustomerBalances(trx, business.id, new Map([...balances].filter(([id]) => known.has(id))), tools.now);
    for (const [year, floor] of sequenceFloor)
      if (Number.isSafeInteger(floor)) await raiseSequence(trx, business.id, 'invoice', year, floor);
    return {
      imported: fresh.length,
      created: { customers: newCustomers.size, invoices: fresh.length, payments, disputes },
    };
  }

  /** The policy version each customer's new invoices are issued under ('' : the business's). */
  private async policies(): Promise<Map<string, { id: string; policy: CollectionPolicy }>> {
    const business = await businessPolicyIn(this.trx, this.tools, this.business);
    const map = new Map<string, { id: string; policy: CollectionPolicy }>([['', business]]);
    // Versions come in order, so the last one of each customer wins.
    for (const version of await policyVersionsOfBusiness(this.trx, this.business.id))
      if (version.customerId !== null) map.set(version.customerId, version);
    return map;
  }

  private entry(entry: JournalEntryDraft): void {
    const entryId = this.tools.newId('jnl');
    this.rows.journal_entries.push([
      this.business.id,
      entryId,
      entry.code,
      entry.date,
      entry.sourceType,
      entry.sourceId,
      entry.memo ?? null,
      this.tools.now,
    ]);
    entry.lines.forEach((line, index) =>
      this.rows.journal_lines.push([
        this.business.id,
        entryId,
        index + 1,
        line.account,
        line.customerId ?? null,
        line.invoiceId ?? null,
        line.amount as Minor,
        entry.date,
      ]),
    );
  }

  /** Writes the rows gathered so far, parents first; PostgreSQL's statistics of each parent are refreshed once it has rows. */
  private async flush(): Promise<void> {
    const order = [
      'customers',
      'invoices',
      'invoice_lines',
      'journal_entries',
      'journal_lines',
      'payments',
      'payment_allocations',
      'disputes',
    ] as const;
    for (const table of order) {
      const rows = this.rows[table];
      if (rows.length === 0) continue;
      await insertImportRows(this.ctx.store.seam, this.trx, table, rows);
      this.rows[table] = [];
      if (rows.length >= STATISTICS_AFTER_ROWS && !this.analysed.has(table)) {
        this.analysed.add(table);
        await refreshParentStatistics(this.ctx.store.seam, this.trx, table);
      }
    }
  }
}
