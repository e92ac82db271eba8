/**
 * The exported journal, read by two independent implementations of balance
 * arithmetic (ledger-cli and hledger, from Debian): every customer's
 * receivable and credit as they compute it equals what Lunas says, for the
 * demo counter (rupiah, with a collection run's fees) and for a business in
 * dollars and cents (discounts, credit notes, overpayments).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBusiness } from '../src/app/businesses.js';
import { collect } from '../src/app/collection.js';
import { fixedClock } from '../src/app/context.js';
import { issueCreditNote } from '../src/app/corrections.js';
import { addCustomer } from '../src/app/customers.js';
import { runDemo } from '../src/app/demo.js';
import { exportJournal } from '../src/app/export.js';
import { addInvoice } from '../src/app/invoices.js';
import { type OpenApp, openApp } from '../src/app/open.js';
import { recordPayment } from '../src/app/payments.js';
import { setPolicy } from '../src/app/policies.js';
import { parseMajorAmount } from '../src/core/money.js';
import type { Business } from '../src/core/parties.js';
import { listBusinesses } from '../src/store/parties-repo.js';
import { OWNER, freshDataDir, must } from './helpers.js';

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const TOOLS = ['ledger', 'hledger'].filter(hasTool);
for (const missing of ['ledger', 'hledger'].filter((tool) => !TOOLS.includes(tool)))
  console.warn(`${missing} is not installed (apt-get install ${missing}): its cross-check of the exported journal is SKIPPED.`);

/** Balances by account as the tool computes them, in minor units. */
function toolBalances(tool: string, file: string, currency: string): Map<string, number> {
  const args = tool === 'ledger' ? ['-f', file, 'balance', '--flat', '--no-total'] : ['-f', file, 'balance', '--flat', '-N'];
  const output = execFileSync(tool, args, { encoding: 'utf8' });
  const balances = new Map<string, number>();
  for (const line of output.split('\n')) {
    const match = /^\s*(-?[\d.]+) ([A-Z]{3})\s+(\S.*?)\s*$/.exec(line);
    if (!match) continue;
    expect(match[2]).toBe(currency);
    balances.set(match[3] as string, parseMajorAmount(match[1] as string, currency) as number);
  }
  return balances;
}

async function crossCheck(app: OpenApp, business: Business): Promise<number> {
  const file = path.join(freshDataDir(), 'journal.ledger');
  const chunks: string[] = [];
  const exported = must(await exportJournal(app, business, 'ledger', (text) => void chunks.push(text)));
  fs.writeFileSync(file, chunks.join(''));
  const customers = await app.store.db
    .selectFrom('customers')
    .select(['id', 'balance_minor', 'credit_minor'])
    .where('business_id', '=', business.id)
    .execute();
  for (const tool of TOOLS) {
    const balances = toolBalances(tool, file, business.currency);
    for (const customer of customers) {
      expect(balances.get(`Assets:Receivable:${customer.id}`) ?? 0, `${tool}: receivable of ${customer.id}`).toBe(
        customer.balance_minor,
      );
      expect(0 - (balances.get(`Liabilities:Customer Credit:${customer.id}`) ?? 0) + 0, `${tool}: credit of ${customer.id}`).toBe(
        customer.credit_minor,
      );
    }
    // Every entry balances, so the whole file sums to zero.
    expect([...balances.values()].reduce((sum, value) => sum + value, 0)).toBe(0);
  }
  return exported.entries;
}

describe.skipIf(TOOLS.length === 0)('the exported journal read by ledger-cli and hledger', () => {
  it('gives every customer of the demo counter the balance Lunas gives', { timeout: 120_000 }, async () => {
    const clock = fixedClock(new Date('2026-11-22T02:00:00Z'));
    const app = await openApp({ kind: 'sqlite', dataDir: freshDataDir() }, clock, OWNER);
    try {
      must(await runDemo(app));
      const business = (await listBusinesses(app.store.db, 1))[0] as Business;
      must(await collect(app, business, {}));
      expect(await crossCheck(app, business)).toBeGreaterThan(500);
    } finally {
      await app.close();
    }
  });

  it(
    'keeps cents exact for a business in dollars, with a discount, a credit note and an overpayment',
    { timeout: 60_000 },
    async () => {
      const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
      const app = await openApp({ kind: 'sqlite', dataDir: freshDataDir() }, clock, OWNER);
      try {
        const created = must(await initBusiness(app, { name: 'Tata Consulting; Jakarta', currency: 'USD', termsDays: 30 }));
        const business = (await listBusinesses(app.store.db, 1)).find((b) => b.id === created.id) as Business;
        must(
          await setPolicy(app, business, {
            policy: { earlyDiscount: { rateBps: 200, withinDays: 10 }, lateFee: { kind: 'rate', rateBps: 150, period: 'month' } },
          }),
        );
        for (const ref of ['A', 'B', 'C']) must(await addCustomer(app, business, { name: `Client ${ref}`, ref }));
        must(
          await addInvoice(app, business, {
            customer: 'C',
            lines: [{ description: 'Workshop', quantity: 1, unitPrice: 123457 }],
            date: '2026-01-02',
            allowOldDate: true,
            due: '2026-01-31',
          }),
        );
        const a = must(
          await addInvoice(app, business, { customer: 'A', lines: [{ description: 'Audit', quantity: 1.5, unitPrice: 33333 }] }),
        );
        must(
          await addInvoice(app, business, { customer: 'B', lines: [{ description: 'Advice', quantity: 3, unitPrice: 12345 }] }),
        );
        must(
          await recordPayment(app, business, {
            customer: 'A',
            amount: a.total - Math.floor((a.total * 200) / 10000),
            method: 'bank_transfer',
          }),
        );
        const b = must(
          await addInvoice(app, business, { customer: 'B', lines: [{ description: 'Report', quantity: 1, unitPrice: 99999 }] }),
        );
        must(await issueCreditNote(app, business, { invoice: b.id, amount: 1001, reason: 'typo; corrected' }));
        must(await recordPayment(app, business, { customer: 'B', amount: 200_000, method: 'card' }));
        // The workshop was entered back-dated on 03-02: its first fee period (02-04) counts as done; the second starts 03-04.
        clock.set(new Date('2026-03-04T02:00:00Z'));
        const run = must(await collect(app, business, {}));
        // 1.5% of $1,234.57 is $18.52 (half-up from 18.51855): a fee with cents.
        expect([...run.caughtUp, run].flatMap((day) => day.fees.map((fee) => fee.amount))).toEqual([1852]);
        const codes = await app.store.db
          .selectFrom('journal_entries')
          .select('code')
          .where('business_id', '=', business.id)
          .execute();
        expect(new Set(codes.map((row) => row.code))).toEqual(
          new Set(['invoice', 'payment', 'early_discount', 'credit_note', 'late_fee']),
        );
        // Every entry of the journal is in the file.
        expect(await crossCheck(app, business)).toBe(codes.length);
      } finally {
        await app.close();
      }
    },
  );
});
