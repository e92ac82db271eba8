/**
 * The import's write: checked rows turned into the rows of each table and
 * written in bulk, customers first, then the invoices a chunk at a time, all
 * inside the import's one transaction.
 */
import type { CalendarDate } from '../core/dates.js';
import { countersAtEntry } from '../core/entry-counters.js';
import type { CustomerRow, InvoiceRow } from '../core/import-rows.js';
import { QUANTITY_SCALE, issueEntry } from '../core/invoices.js';
import type { JournalEntryDraft } from '../core/ledger.js';
import { type Minor, minor } from '../core/money.js';
import type { Business } from '../core/parties.js';
import { paymentEntry } from '../core/payments.js';
import type { CollectionPolicy } from '../core/policy.js';
import { chunked } from '../store/batches.js';
import {
  addToCustomerBalances,
  customerIdsByRef,
  existingInvoiceNumbers,
  insertImportRows,
  raiseSequence,
  refreshParentStatistics,
} from '../store/import-repo.js';
import { claimJournalRoom, notePosted } from '../store/journal-repo.js';
import { policyVersionsOfBusiness } from '../store/policies-repo.js';
import type { runCommand, WriteTools } from './command.js';
import type { AppContext } from './context.js';
import { businessPolicyIn } from './policies.js';

export interface ImportProgress {
  readonly phase: 'reading' | 'checking' | 'writing';
  readonly done: number;
  readonly total: number;
}

const IMPORTED_LINE_DESCRIPTION = 'Imported invoice';
const DISPUTE_REASON = 'disputed when imported';
const DISPUTE_PAID_RESOLUTION = 'paid in full (imported history)';
/** Rows of the file turned into table rows and written at a time. */
const ROWS_PER_CHUNK = 20_000;
/** A table this large gets fresh statistics on PostgreSQL before more rows point at it. */
const STATISTICS_AFTER_ROWS = 1_000;

type Row = readonly unknown[];

/** Turns checked rows into the rows of each table and writes them in bulk. */
export class ImportWriter {
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
    // What the file records (each invoice, and its payment) must fit under the money bound before anything is written.
    await claimJournalRoom(
      trx,
      business.id,
      fresh.reduce((size, row) => size + BigInt(row.amount) + BigInt(row.paidDate === null ? 0 : (row.paidAmount ?? 0)), 0n),
    );
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
        // Fees and reminders start from the import day, never retroactively.
        const counters = countersAtEntry(policy.policy, { dueDate: row.dueDate, outstanding }, this.today);
        // The invoice names its dispute only while it is open: a disputed invoice paid in full was disputed once (a
        // risk signal, closed on the day it was paid) and suspends nothing.
        let disputeId: string | null = null;
        if (row.disputed) {
          const id = tools.newId('dsp');
          disputes++;
          const isOpen = outstanding > 0;
          if (isOpen) disputeId = id;
          this.rows.disputes.push([
            business.id,
            id,
            invoiceId,
            customerId,
            DISPUTE_REASON,
            isOpen ? 'open' : 'resolved',
            isOpen ? this.today : row.issueDate,
            tools.now,
            isOpen ? null : row.paidDate,
            isOpen ? null : DISPUTE_PAID_RESOLUTION,
          ]);
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
          counters.feePeriodsDone,
          counters.reminderStepsDone,
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
    // Customers who were already here may hold credit: the command settles it against their new invoices.
    notePosted(
      trx,
      business.id,
      [...balances.keys()].filter((id) => known.has(id)).map((customerId) => ({ customerId, balanceLowered: false })),
    );
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
