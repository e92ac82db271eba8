/**
 * The import's decision as effects (decision 0016): checked rows turned into
 * the records they open (customers, invoices with their lines, payments with
 * their allocations, disputes) and their journal entries, the projections
 * computed here rather than replayed line by line. Pure; the app loads what is
 * already in the book and writes a chunk's effects through the one writer.
 *
 * Bulk records are rows in the order of the store's import columns
 * (store/import-repo.ts IMPORT_COLUMNS): the import is the one decision that
 * opens records by the hundred thousand, and that is its fastest form.
 */
import type { CalendarDate } from './dates.js';
import type { BulkRecordKind, Effect } from './effects.js';
import { countersAtEntry } from './entry-counters.js';
import type { CustomerRow, InvoiceRow } from './import-rows.js';
import { QUANTITY_SCALE, invoiceStatusFor, issueEntry } from './invoices.js';
import type { JournalEntryDraft } from './ledger.js';
import { minor } from './money.js';
import { paymentEntry } from './payments.js';
import type { CollectionPolicy } from './policy.js';

const IMPORTED_LINE_DESCRIPTION = 'Imported invoice';
const DISPUTE_REASON = 'disputed when imported';
const DISPUTE_PAID_RESOLUTION = 'paid in full (imported history)';

type Row = readonly unknown[];

export interface ImportStamp {
  readonly businessId: string;
  readonly currency: string;
  /** The import's business day: fees and reminders start from it, never retroactively. */
  readonly today: CalendarDate;
  readonly now: string;
  newId(prefix: string): string;
}

/** A customer of the file, opened with the receivable its invoices bring. */
export function customerRecord(stamp: ImportStamp, customer: CustomerRow, id: string, balance: number): Row {
  return [
    stamp.businessId,
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
    stamp.now,
    stamp.now,
    JSON.stringify(customer.tags),
  ];
}

export const bulk = (kind: BulkRecordKind, rows: readonly Row[]): Effect => ({ type: 'bulk_records', kind, rows });

/** What a chunk of invoice rows opens, and counts of what it made. */
export interface ImportedChunk {
  readonly effects: Effect[];
  readonly payments: number;
  readonly disputes: number;
  /** The highest `INV-<year>-<n>` number seen, by year: the sequence moves past it. */
  readonly sequenceFloor: ReadonlyMap<number, number>;
}

/**
 * A chunk of invoice rows as effects, parents first: invoices, their lines,
 * entries, payments, allocations, disputes. An invoice's status follows its
 * outstanding (the one rule, `invoiceStatusFor`).
 */
export function importedInvoices(
  stamp: ImportStamp,
  rows: readonly InvoiceRow[],
  customerIdOf: (ref: string) => string,
  policyOf: (customerId: string) => { readonly id: string; readonly policy: CollectionPolicy },
): ImportedChunk {
  const invoices: Row[] = [];
  const lines: Row[] = [];
  const entries: Effect[] = [];
  const payments: Row[] = [];
  const allocations: Row[] = [];
  const disputes: Row[] = [];
  const sequenceFloor = new Map<number, number>();
  const record = (entry: JournalEntryDraft) => entries.push({ type: 'entry_recorded', entry, entryId: stamp.newId('jnl') });
  for (const row of rows) {
    const customerId = customerIdOf(row.customer.ref);
    const policy = policyOf(customerId);
    const invoiceId = stamp.newId('inv');
    const paid = row.paidAmount ?? 0;
    const outstanding = row.amount - paid;
    const counters = countersAtEntry(policy.policy, { dueDate: row.dueDate, outstanding }, stamp.today);
    // The invoice names its dispute only while it is open: a disputed invoice paid in full was disputed once (a
    // risk signal, closed on the day it was paid) and suspends nothing.
    let disputeId: string | null = null;
    if (row.disputed) {
      const id = stamp.newId('dsp');
      const isOpen = outstanding > 0;
      if (isOpen) disputeId = id;
      disputes.push([
        stamp.businessId,
        id,
        invoiceId,
        customerId,
        DISPUTE_REASON,
        isOpen ? 'open' : 'resolved',
        isOpen ? stamp.today : row.issueDate,
        stamp.now,
        isOpen ? null : row.paidDate,
        isOpen ? null : DISPUTE_PAID_RESOLUTION,
      ]);
    }
    invoices.push([
      stamp.businessId,
      invoiceId,
      row.number,
      customerId,
      row.issueDate,
      row.dueDate,
      stamp.currency,
      row.amount,
      0,
      row.amount,
      outstanding,
      invoiceStatusFor('open', outstanding),
      0,
      stamp.now,
      policy.id,
      counters.feePeriodsDone,
      counters.reminderStepsDone,
      outstanding === 0 ? row.paidDate : null,
      disputeId,
    ]);
    lines.push([
      stamp.businessId,
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
    record(
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
      const paymentId = stamp.newId('pay');
      payments.push([stamp.businessId, paymentId, customerId, paid, 'other', row.paidDate, null, 0, stamp.now]);
      allocations.push([stamp.businessId, paymentId, invoiceId, paid]);
      record(
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
  return {
    effects: [
      bulk('invoices', invoices),
      bulk('invoice_lines', lines),
      ...entries,
      bulk('payments', payments),
      bulk('payment_allocations', allocations),
      bulk('disputes', disputes),
    ],
    payments: payments.length,
    disputes: disputes.length,
    sequenceFloor,
  };
}
