/**
 * The import's write: what the file brings that the book does not have yet is
 * loaded, decided in core (core/import-effects.ts: customers, invoices with
 * their lines, payments, disputes and their entries, as effects) and written
 * through the one writer (store/effects-writer.ts), customers first, then the
 * invoices a chunk at a time, all inside the import's one transaction.
 */
import type { CalendarDate } from '../core/dates.js';
import type { Effect } from '../core/effects.js';
import { type ImportStamp, bulk, customerRecord, importedInvoices } from '../core/import-effects.js';
import type { CustomerRow, InvoiceRow } from '../core/import-rows.js';
import type { Business } from '../core/parties.js';
import type { CollectionPolicy } from '../core/policy.js';
import { chunked } from '../store/batches.js';
import { customerIdsByRef, existingInvoiceNumbers } from '../store/import-repo.js';
import { policyVersionsOfBusiness } from '../store/policies-repo.js';
import type { runCommand, WriteTools } from './command.js';
import { businessPolicyIn } from './policies.js';

export interface ImportProgress {
  readonly phase: 'reading' | 'checking' | 'writing';
  readonly done: number;
  readonly total: number;
}

/** Rows of the file decided and written at a time: memory stays bounded. */
const ROWS_PER_CHUNK = 20_000;

/** Loads what the book has of a file, decides the rest (core) and writes it through the one writer. */
export class ImportWriter {
  private readonly stamp: ImportStamp;

  constructor(
    private readonly business: Business,
    private readonly trx: Parameters<Parameters<typeof runCommand>[2]>[0],
    private readonly tools: WriteTools,
    today: CalendarDate,
    private readonly onProgress?: (progress: ImportProgress) => void,
  ) {
    this.stamp = { businessId: business.id, currency: business.currency, today, now: tools.now, newId: tools.newId };
  }

  async customers(rows: readonly CustomerRow[]) {
    const existing = await customerIdsByRef(
      this.trx,
      this.business.id,
      rows.map((row) => row.ref),
    );
    const fresh = rows.filter((row) => !existing.has(row.ref));
    this.onProgress?.({ phase: 'writing', done: 0, total: fresh.length });
    await this.tools.write([
      bulk(
        'customers',
        fresh.map((row) => customerRecord(this.stamp, row, this.tools.newId('cus'), 0)),
      ),
    ]);
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
    await tools.write([
      bulk(
        'customers',
        [...newCustomers].map(([ref, customer]) => {
          const id = customerIds.get(ref) as string;
          return customerRecord(this.stamp, customer, id, balances.get(id) ?? 0);
        }),
      ),
    ]);
    const sequenceFloor = new Map<number, number>();
    let payments = 0;
    let disputes = 0;
    let done = 0;
    this.onProgress?.({ phase: 'writing', done, total: fresh.length });
    const policyOf = (customerId: string) =>
      policies.get(customerId) ?? (policies.get('') as { id: string; policy: CollectionPolicy });
    for (const chunk of chunked(fresh, ROWS_PER_CHUNK)) {
      const decided = importedInvoices(this.stamp, chunk, (ref) => customerIds.get(ref) as string, policyOf);
      await tools.write(decided.effects);
      payments += decided.payments;
      disputes += decided.disputes;
      for (const [year, floor] of decided.sequenceFloor) sequenceFloor.set(year, Math.max(sequenceFloor.get(year) ?? 0, floor));
      done += chunk.length;
      this.onProgress?.({ phase: 'writing', done, total: fresh.length });
    }
    // Customers who were already here get the receivable (and may hold credit: the command settles it against their new invoices).
    const after: Effect[] = [...balances]
      .filter(([id]) => known.has(id))
      .map(([customerId, delta]) => ({ type: 'customer_balance', customerId, delta }));
    for (const [year, floor] of sequenceFloor)
      if (Number.isSafeInteger(floor)) after.push({ type: 'sequence_floor', name: 'invoice', year, atLeast: floor });
    await tools.write(after);
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
}
