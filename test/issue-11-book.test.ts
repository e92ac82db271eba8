/**
 * Issue 11, the testers' last findings on the ledger and the book: credit and
 * disputes, what a payment shows, voids beside reported payments, verifying a
 * report on an invoice paid meanwhile, the fee a reminder quotes, voids in the
 * views of any day, and what the CEI counts as collected. Runs on every
 * database under test.
 */
import { describe, expect, it } from 'vitest';
import { initBusiness } from '../src/app/businesses.js';
import { openDispute, reportPayment, settleDispute, verifyPendingPayment } from '../src/app/commitments.js';
import { issueCreditNote, voidInvoice, writeOffInvoice } from '../src/app/corrections.js';
import { kpiReport } from '../src/app/analytics.js';
import { collect } from '../src/app/collection.js';
import { setPolicy } from '../src/app/policies.js';
import { fixedClock } from '../src/app/context.js';
import { addCustomer, showCustomer } from '../src/app/customers.js';
import { recordSale, showInvoice } from '../src/app/invoices.js';
import { openApp } from '../src/app/open.js';
import { recordPayment } from '../src/app/payments.js';
import { showPayment } from '../src/app/browse.js';
import { main } from '../src/cli/main.js';
import { agingReport, verifyLedger } from '../src/app/reports.js';
import { customerStatement } from '../src/app/statements.js';
import { type CalendarDate, calendarDate } from '../src/core/dates.js';
import type { Business } from '../src/core/parties.js';
import { getBusiness } from '../src/store/parties-repo.js';
import { DIALECTS, OWNER, must } from './helpers.js';

const morningOf = (date: CalendarDate) => new Date(`${date}T02:00:00Z`);

async function openShop(location: Awaited<ReturnType<(typeof DIALECTS)[number]['location']>>, today: CalendarDate) {
  const clock = fixedClock(morningOf(today));
  const app = await openApp(location, clock, OWNER);
  const created = must(
    await initBusiness(app, { name: 'Toko Makmur', termsDays: 14, overdueBlockDays: null, defaultCreditLimit: null }),
  );
  const business = (await getBusiness(app.store.db, created.id)) as Business;
  return { app, clock, business };
}

/** Runs the command in-process (as bin/lunas does) and returns what it printed. */
async function lunas(args: string[], now: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { LUNAS_NOW: now }, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe.each(DIALECTS)('issue 11 book on $name', (dialect) => {
  it('issue 11 (tester): credit is not applied to a disputed invoice, and applies when the dispute closes', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-01'));
    try {
      must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '081234567890', ref: 'BUDI' }));
      const older = must(await recordSale(app, business, { customer: 'BUDI', amount: 50_000, date: '2026-01-01' }));
      clock.set(morningOf(calendarDate('2026-01-05')));
      const disputed = must(await recordSale(app, business, { customer: 'BUDI', amount: 60_000, date: '2026-01-03' }));
      const newer = must(await recordSale(app, business, { customer: 'BUDI', amount: 70_000 }));
      const dispute = must(await openDispute(app, business, { invoice: disputed.number, reason: 'barang rusak' }));

      // 80,000 on the newest invoice leaves 10,000: it pays the oldest undisputed invoice, not the disputed one.
      clock.set(morningOf(calendarDate('2026-01-06')));
      const paid = must(
        await recordPayment(app, business, { customer: 'BUDI', amount: 80_000, method: 'cash', invoice: newer.number }),
      );
      expect(paid.creditApplied).toMatchObject([{ invoiceId: older.id, amount: 10_000 }]);
      // Paying off the older invoice leaves credit that waits while the only open invoice is disputed.
      must(await recordPayment(app, business, { customer: 'BUDI', amount: 55_000, method: 'cash', invoice: older.number }));
      expect(must(await showInvoice(app, business, disputed.number))).toMatchObject({ status: 'open', outstanding: 60_000 });
      expect(must(await showCustomer(app, business, 'BUDI'))).toMatchObject({ balance: 60_000, credit: 15_000 });

      // Rejecting the dispute puts the invoice back in collection: the credit pays it in the same transaction, dated that day.
      clock.set(morningOf(calendarDate('2026-01-09')));
      must(await settleDispute(app, business, { dispute: dispute.id, outcome: 'rejected', note: 'barang sudah dicek' }));
      expect(must(await showInvoice(app, business, disputed.number))).toMatchObject({ status: 'open', outstanding: 45_000 });
      expect(must(await showCustomer(app, business, 'BUDI'))).toMatchObject({ balance: 45_000, credit: 0 });
      const applied = await app.store.db
        .selectFrom('journal_entries')
        .select(['date'])
        .where('business_id', '=', business.id)
        .where('code', '=', 'credit_applied')
        .orderBy('seq')
        .execute();
      expect(applied.map((entry) => entry.date)).toEqual(['2026-01-06', '2026-01-09']);
      expect(must(await verifyLedger(app, business)).problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): payment show says where the money went: the invoice, each credit application, what is still credit', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-05'));
    try {
      must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '081234567890', ref: 'BUDI' }));
      const first = must(await recordSale(app, business, { customer: 'BUDI', amount: 50_000 }));
      const second = must(await recordSale(app, business, { customer: 'BUDI', amount: 70_000 }));

      // 80,000 on the second invoice: 70,000 to it, 10,000 of credit paid the first at once; nothing is left as credit.
      const paid = must(
        await recordPayment(app, business, {
          customer: 'BUDI',
          amount: 80_000,
          method: 'cash',
          invoice: second.number,
          reference: 'TRF-1',
        }),
      );
      const expected = {
        amount: 80_000,
        allocations: [{ invoiceId: second.id, invoiceNumber: second.number, amount: 70_000 }],
        creditApplied: [{ invoiceId: first.id, invoiceNumber: first.number, amount: 10_000, date: '2026-01-05' }],
        unapplied: 0,
      };
      expect(paid).toMatchObject(expected);
      expect(must(await showPayment(app, business, 'TRF-1'))).toMatchObject(expected);

      // 60,000 more on the first invoice (40,000 left on it): 20,000 is kept as credit until the next sale uses it.
      const kept = must(
        await recordPayment(app, business, {
          customer: 'BUDI',
          amount: 60_000,
          method: 'cash',
          invoice: first.number,
          reference: 'TRF-2',
        }),
      );
      expect(kept).toMatchObject({ allocations: [{ invoiceId: first.id, amount: 40_000 }], unapplied: 20_000 });
      expect(kept.creditApplied ?? []).toEqual([]);
      clock.set(morningOf(calendarDate('2026-01-07')));
      const third = must(await recordSale(app, business, { customer: 'BUDI', amount: 15_000 }));
      expect(must(await showPayment(app, business, 'TRF-2'))).toMatchObject({
        allocations: [{ invoiceId: first.id, invoiceNumber: first.number, amount: 40_000 }],
        creditApplied: [{ invoiceId: third.id, invoiceNumber: third.number, amount: 15_000, date: '2026-01-07' }],
        unapplied: 5_000,
      });
      // The first payment is untouched by what the second one's credit did.
      expect(must(await showPayment(app, business, 'TRF-1'))).toMatchObject(expected);
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): lunas payment show prints invoice numbers and only the credit really kept', async () => {
    const location = await dialect.location();
    const store =
      location.kind === 'postgres' ? ['--database-url', location.url] : ['--data', (location as { dataDir: string }).dataDir];
    const now = '2026-01-05T02:00:00Z';
    const cmd = (...args: string[]) => lunas([...store, ...args], now);
    expect((await cmd('init', '--name', 'Toko Makmur', '--locale', 'en')).code).toBe(0);
    expect((await cmd('customer', 'add', '--name', 'Budi Santoso', '--ref', 'BUDI')).code).toBe(0);
    expect((await cmd('sale', '--customer', 'BUDI', '--amount', '50000')).code).toBe(0);
    expect((await cmd('sale', '--customer', 'BUDI', '--amount', '70000')).code).toBe(0);
    expect(
      (
        await cmd(
          'pay',
          '--customer',
          'BUDI',
          '--amount',
          '80000',
          '--method',
          'cash',
          '--invoice',
          'INV-2026-000002',
          '--reference',
          'TRF-1',
        )
      ).code,
    ).toBe(0);
    const shown = await cmd('payment', 'show', 'TRF-1');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('to INV-2026-000002: Rp 70.000');
    expect(shown.stdout).toContain('credit to INV-2026-000001: Rp 10.000');
    expect(shown.stdout).not.toContain('kept as customer credit');
    expect(shown.stdout).not.toContain('inv_');
  });

  it('issue 11 (tester): an invoice a reported payment covers cannot be voided until the report is verified or rejected', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-05'));
    try {
      must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '081234567890', ref: 'BUDI' }));
      const named = must(await recordSale(app, business, { customer: 'BUDI', amount: 50_000 }));
      const oldest = must(await recordSale(app, business, { customer: 'BUDI', amount: 30_000 }));
      clock.set(morningOf(calendarDate('2026-01-06')));
      const spare = must(await recordSale(app, business, { customer: 'BUDI', amount: 20_000 }));
      const onNamed = must(
        await reportPayment(app, business, { customer: 'BUDI', amount: 50_000, method: 'bank_transfer', invoice: named.number }),
      );
      // A report naming no invoice covers the oldest due first: here 10,000 of the second invoice.
      const unnamed = must(await reportPayment(app, business, { customer: 'BUDI', amount: 10_000, method: 'bank_transfer' }));

      for (const [invoice, report] of [
        [named, onNamed],
        [oldest, unnamed],
      ] as const) {
        const refused = await voidInvoice(app, business, { invoice: invoice.number, reason: 'salah input' });
        expect(refused).toMatchObject({ ok: false, code: 'validation_failed' });
        const reason = refused.ok ? '' : String((refused.details as { fields: Record<string, string> }).fields.invoice);
        expect(reason).toContain(invoice.number);
        expect(reason).toContain(report.id);
        expect(reason).toMatch(/verify|verifikasi/i);
      }
      // What no report covers can still be voided.
      expect(must(await voidInvoice(app, business, { invoice: spare.number, reason: 'salah input' }))).toMatchObject({
        status: 'void',
      });
      // Once the report is rejected, the invoice can be voided.
      must(await verifyPendingPayment(app, business, { pending: unnamed.id, outcome: 'rejected' }));
      expect(must(await voidInvoice(app, business, { invoice: oldest.number, reason: 'salah input' }))).toMatchObject({
        status: 'void',
      });
      expect(must(await verifyLedger(app, business)).problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): the CEI counts only money collected, not write-offs or credit notes', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-03-01'));
    try {
      must(await addCustomer(app, business, { name: 'Budi Santoso', ref: 'BUDI' }));
      must(await addCustomer(app, business, { name: 'Siti Rahayu', ref: 'SITI' }));
      const budis = must(await recordSale(app, business, { customer: 'BUDI', amount: 100_000 }));
      const sitis = must(await recordSale(app, business, { customer: 'SITI', amount: 100_000 }));
      clock.set(morningOf(calendarDate('2026-03-20')));
      // Budi pays half and the rest is written off: half of what was collectable came in.
      must(await recordPayment(app, business, { customer: 'BUDI', amount: 50_000, method: 'cash' }));
      must(await writeOffInvoice(app, business, { invoice: budis.number, reason: 'macet' }));
      // Siti's invoice is lowered by 40,000 (she was overcharged) and she pays the 60,000 she owes: all she owed came in.
      must(await issueCreditNote(app, business, { invoice: sitis.number, amount: 40_000, reason: 'salah harga' }));
      must(await recordPayment(app, business, { customer: 'SITI', amount: 60_000, method: 'cash' }));
      const report = must(await kpiReport(app, business, { from: '2026-03-01', to: '2026-03-31' }));
      const byName = new Map(report.customers.map((row) => [row.name, row]));
      expect(byName.get('Budi Santoso')).toMatchObject({ collected: 50_000, cei: 50 });
      expect(byName.get('Siti Rahayu')).toMatchObject({ collected: 60_000, cei: 100 });
      // The business: 110,000 collected of 160,000 collectable (200,000 billed less 40,000 credited).
      expect(report.business).toMatchObject({ collected: 110_000, cei: 68.8 });
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): a reminder quotes the late fee of the policy its invoices were issued under', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-01'));
    try {
      // Three customers; the first two buy before the shop adds a late fee, the third after.
      must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '081234567890', ref: 'BUDI' }));
      must(await addCustomer(app, business, { name: 'Siti Rahayu', phone: '081234567891', ref: 'SITI' }));
      must(await addCustomer(app, business, { name: 'Dewi Lestari', phone: '081234567892', ref: 'DEWI' }));
      must(await recordSale(app, business, { customer: 'BUDI', amount: 50_000 }));
      must(await recordSale(app, business, { customer: 'SITI', amount: 50_000 }));
      must(await setPolicy(app, business, { policy: { lateFee: { kind: 'flat', amount: 5_000, period: 'week' } } }));
      must(await recordSale(app, business, { customer: 'SITI', amount: 40_000 }));
      must(await recordSale(app, business, { customer: 'DEWI', amount: 40_000 }));
      // Day -3 of the due date (terms 14 days): the first reminder of each.
      clock.set(morningOf(calendarDate('2026-01-12')));
      must(await collect(app, business, {}));
      const bodies = await app.store.db
        .selectFrom('outbox as o')
        .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'o.customer_id'))
        .select(['c.name', 'o.body'])
        .where('o.business_id', '=', business.id)
        .execute();
      const bodyOf = (name: string) => bodies.find((row) => row.name === name)?.body ?? '';
      const FEE = /denda|late fee|fee of/i;
      // Budi's invoice was issued without a fee: no fee is quoted.
      expect(bodyOf('Budi Santoso')).toContain('INV-2026-000001');
      expect(bodyOf('Budi Santoso')).not.toMatch(FEE);
      // Dewi's was issued under the fee: it is quoted.
      expect(bodyOf('Dewi Lestari')).toMatch(/Rp 5\.000/);
      // Siti's two invoices carry different terms: one fee sentence would misstate one of them, so none is written.
      expect(bodyOf('Siti Rahayu')).toContain('INV-2026-000003');
      expect(bodyOf('Siti Rahayu')).not.toMatch(FEE);
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): verifying a report on an invoice paid meanwhile takes back the fees after the day paid and keeps the money as credit', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-01'));
    try {
      must(
        await setPolicy(app, business, { policy: { lateFee: { kind: 'flat', amount: 5_000, period: 'week' }, graceDays: 3 } }),
      );
      must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '081234567890', ref: 'BUDI' }));
      const sale = must(await recordSale(app, business, { customer: 'BUDI', amount: 100_000 }));
      for (let day = 1; day <= 25; day++) {
        clock.set(morningOf(calendarDate(`2026-01-${String(day).padStart(2, '0')}`)));
        must(await collect(app, business, {}));
      }
      // Due 01-15, grace 3 days: the 5,000 fee of 01-19 stands.
      expect(must(await showInvoice(app, business, sale.number)).outstanding).toBe(105_000);
      // On 01-25 Budi says he transferred 100,000 on 01-10; the owner has not checked the bank yet.
      const report = must(
        await reportPayment(app, business, {
          customer: 'BUDI',
          amount: 100_000,
          method: 'bank_transfer',
          invoice: sale.number,
          date: '2026-01-10',
        }),
      );
      // On 01-26 his wife pays the 105,000 the shop asks for, in cash.
      clock.set(morningOf(calendarDate('2026-01-26')));
      must(await recordPayment(app, business, { customer: 'BUDI', amount: 105_000, method: 'cash', invoice: sale.number }));
      // On 01-28 a new sale, then the owner finds the transfer of 01-10 in the bank and verifies it.
      clock.set(morningOf(calendarDate('2026-01-28')));
      const next = must(await recordSale(app, business, { customer: 'BUDI', amount: 40_000 }));
      must(await verifyPendingPayment(app, business, { pending: report.id, outcome: 'verified' }));

      // The invoice was paid on 01-10: the fee of 01-19 should never have been charged. Budi paid it in cash, so
      // it comes back to him as credit; the transfer found the invoice already paid, so it is his credit too.
      // His credit pays the new invoice at once; the rest (100,000 + 5,000 - 40,000) stays his.
      expect(must(await showInvoice(app, business, sale.number))).toMatchObject({ status: 'paid', outstanding: 0 });
      expect(must(await showInvoice(app, business, next.number))).toMatchObject({ status: 'paid', outstanding: 0 });
      expect(must(await showCustomer(app, business, 'BUDI'))).toMatchObject({ balance: 0, credit: 65_000 });
      const waived = await app.store.db
        .selectFrom('collection_events')
        .select(['kind', 'invoice_id'])
        .where('business_id', '=', business.id)
        .where('kind', '=', 'fee_waived')
        .execute();
      expect(waived).toEqual([{ kind: 'fee_waived', invoice_id: sale.id }]);
      expect(must(await verifyLedger(app, business)).problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): a voided invoice never existed: no view of any day shows it, and it does not move the first day', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-10'));
    try {
      must(await addCustomer(app, business, { name: 'Budi Santoso', ref: 'BUDI' }));
      // A sale typed with a wrong year, said to be meant, then voided: the first day goes back to the day the shop began.
      const typo = must(
        await recordSale(app, business, { customer: 'BUDI', amount: 50_000, date: '2025-01-10', allowOldDate: true }),
      );
      must(await voidInvoice(app, business, { invoice: typo.number, reason: 'salah tahun' }));
      const refused = await recordSale(app, business, { customer: 'BUDI', amount: 50_000, date: '2025-06-01' });
      expect(refused).toMatchObject({ ok: false, code: 'validation_failed' });

      const kept = must(await recordSale(app, business, { customer: 'BUDI', amount: 50_000 }));
      clock.set(morningOf(calendarDate('2026-01-11')));
      const mistaken = must(await recordSale(app, business, { customer: 'BUDI', amount: 70_000 }));
      clock.set(morningOf(calendarDate('2026-01-13')));
      must(await voidInvoice(app, business, { invoice: mistaken.number, reason: 'pelanggan salah' }));

      // On 01-12 the book held the 70,000 invoice; the void says it never existed, so 01-12 shows only the 50,000.
      const aging = must(await agingReport(app, business, { asOf: '2026-01-12' }));
      expect(aging.totals.outstanding).toBe(50_000);
      const kpis = must(await kpiReport(app, business, { from: '2026-01-01', to: '2026-01-12' }));
      expect(kpis.business).toMatchObject({ receivableEnd: 50_000, creditSales: 50_000 });
      const statement = must(await customerStatement(app, business, { customer: 'BUDI', from: '2025-01-01', to: '2026-01-12' }));
      expect(statement.closingBalance).toBe(50_000);
      expect(statement.openInvoices.map((line) => line.number)).toEqual([kept.number]);
      const whole = must(await customerStatement(app, business, { customer: 'BUDI', from: '2025-01-01', to: '2026-01-13' }));
      expect(whole.openingBalance).toBe(0);
      expect(whole.lines.map((line) => line.amount)).toEqual([50_000]);
      expect(must(await verifyLedger(app, business)).problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
