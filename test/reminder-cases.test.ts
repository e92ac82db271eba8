/**
 * Reminder cases a user found by trying Lunas day by day (issue 11, second
 * round), each through the use cases on both stores: what the customer is sent
 * (the outbox) and what the owner is shown.
 */
import { describe, expect, it } from 'vitest';
import { initBusiness } from '../src/app/businesses.js';
import { collect } from '../src/app/collection.js';
import { fixedClock } from '../src/app/context.js';
import { addCustomer, showCustomer } from '../src/app/customers.js';
import { verifyLedger } from '../src/app/reports.js';
import { customerStatement } from '../src/app/statements.js';
import { openDispute, recordPromise, reportPayment, verifyPendingPayment } from '../src/app/commitments.js';
import { recordSale } from '../src/app/invoices.js';
import { listInvoices, showPayment } from '../src/app/browse.js';
import { type OpenApp, openApp } from '../src/app/open.js';
import { recordPayment } from '../src/app/payments.js';
import { setPolicy } from '../src/app/policies.js';
import { type CalendarDate, addDays, calendarDate } from '../src/core/dates.js';
import type { Business } from '../src/core/parties.js';
import { getBusiness } from '../src/store/parties-repo.js';
import { DIALECTS, OWNER, must } from './helpers.js';

const morning = (date: CalendarDate) => new Date(`${date}T02:00:00Z`);

async function openShop(location: Awaited<ReturnType<(typeof DIALECTS)[number]['location']>>, today: CalendarDate) {
  const clock = fixedClock(morning(today));
  const app = await openApp(location, clock, OWNER);
  const created = must(await initBusiness(app, { name: 'Konter Pulsa Berkah', termsDays: 14, overdueBlockDays: null }));
  const business = (await getBusiness(app.store.db, created.id)) as Business;
  return { app, clock, business };
}

/** Runs the collection every morning from one day to another (both included). */
async function runDays(app: OpenApp, business: Business, clock: ReturnType<typeof fixedClock>, from: string, to: string) {
  for (let day = calendarDate(from); day <= calendarDate(to); day = addDays(day, 1)) {
    clock.set(morning(day));
    must(await collect(app, business, {}));
  }
}

/** The reminders a customer was sent: the day (from the message's key) and its text. */
async function sent(app: OpenApp, customerId: string): Promise<{ day: string; body: string }[]> {
  const rows = await app.store.db
    .selectFrom('outbox')
    .select(['key', 'body'])
    .where('customer_id', '=', customerId)
    .where('key', 'like', 'reminder:%')
    .orderBy('key')
    .execute();
  return rows.map((row) => ({ day: row.key.slice(row.key.lastIndexOf(':') + 1), body: row.body }));
}

describe.each(DIALECTS)('reminders tried day by day on $name', (dialect) => {
  it('issue 11 (tester): a customer who keeps a promise is not reminded that day; the next step is the next message', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-09-01'));
    try {
      const siti = must(await addCustomer(app, business, { name: 'Siti Rahayu', phone: '0812-3456-7890', ref: 'S01' }));
      must(await recordSale(app, business, { customer: 'S01', amount: 100_000 })); // due 09-15
      await runDays(app, business, clock, '2026-09-01', '2026-09-19');
      clock.set(morning(calendarDate('2026-09-20')));
      must(await recordPromise(app, business, { customer: 'S01', date: calendarDate('2026-10-01'), amount: 50_000 }));
      await runDays(app, business, clock, '2026-09-20', '2026-09-29');
      // Step +14 (09-29) came due while she was promising. She pays what she promised on 09-30.
      clock.set(morning(calendarDate('2026-09-30')));
      must(await recordPayment(app, business, { customer: 'S01', amount: 50_000, method: 'cash' }));
      const day = must(await collect(app, business, {}));
      expect(day.promises.map((p) => p.outcome)).toEqual(['kept']);
      expect(day.reminders).toEqual([]);
      await runDays(app, business, clock, '2026-10-01', '2026-10-06');
      // Before: a firm reminder on 09-30, the day she kept her promise. Now the next is the +21 step (10-06).
      expect((await sent(app, siti.id)).map((message) => message.day)).toEqual([
        '2026-09-12',
        '2026-09-15',
        '2026-09-18',
        '2026-10-06',
      ]);
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): a reported partial payment is not asked for again while it waits to be checked', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-09-01'));
    try {
      must(
        await setPolicy(app, business, {
          policy: { lateFee: { kind: 'flat', amount: 5_000, period: 'week', capAmount: 20_000 } },
        }),
      );
      const ani = must(await addCustomer(app, business, { name: 'Ani Wijaya', phone: '0813-1111-2222', ref: 'A01' }));
      must(await recordSale(app, business, { customer: 'A01', amount: 100_000 })); // due 09-15
      await runDays(app, business, clock, '2026-09-01', '2026-09-15');
      clock.set(morning(calendarDate('2026-09-16')));
      must(await reportPayment(app, business, { customer: 'A01', amount: 40_000, method: 'bank_transfer' }));
      await runDays(app, business, clock, '2026-09-16', '2026-09-22');
      const messages = await sent(app, ani.id);
      expect(messages.map((message) => message.day)).toEqual(['2026-09-12', '2026-09-15', '2026-09-18', '2026-09-22']);
      // Before: Rp 100.000, then Rp 105.000 with the fee. Now what is left once the reported Rp 40.000 is counted:
      // 60.000, and on 09-22 the week's fee on that rest (charged on 09-19, grace 3 days).
      expect(messages[2]?.body).toContain('Total: Rp 60.000');
      expect(messages[3]?.body).toContain('Total: Rp 65.000');
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): a look back at a day shows whom the owner was asked to call that day', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-09-01'));
    try {
      const dedi = must(await addCustomer(app, business, { name: 'Dedi Kurniawan', ref: 'D01' }));
      must(await recordSale(app, business, { customer: 'D01', amount: 30_000 })); // due 09-15
      await runDays(app, business, clock, '2026-09-01', '2026-09-20');
      const look = must(await collect(app, business, { asOf: calendarDate('2026-09-15') }));
      expect(look.lookBack).toEqual({ latestRun: '2026-09-20' });
      expect(look.unreachable).toEqual([expect.objectContaining({ customerId: dedi.id, reason: 'no_phone_or_email', step: 0 })]);
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): a payment entered late with the day it was made takes back the fees charged since; no more reminders', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-09-01'));
    try {
      must(
        await setPolicy(app, business, {
          policy: { lateFee: { kind: 'flat', amount: 5_000, period: 'week', capAmount: 20_000 } },
        }),
      );
      const budi = must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '0812-1111-2222', ref: 'B01' }));
      const sale = must(await recordSale(app, business, { customer: 'B01', amount: 100_000 })); // due 09-15
      await runDays(app, business, clock, '2026-09-01', '2026-09-24');
      expect(must(await showCustomer(app, business, 'B01')).balance).toBe(105_000); // the fee of 09-19 (due 09-15, 3 days' grace)
      // He paid by transfer on 09-18; it is entered on 09-25 with that day. Taking back fees is the owner's right
      // (found by a prober: staff could wipe fees this way): staff are refused, naming the date.
      clock.set(morning(calendarDate('2026-09-25')));
      const staff = { ...app, actor: { name: 'test:staff', role: 'staff' as const } };
      const byStaff = await recordPayment(staff, business, {
        customer: 'B01',
        amount: 100_000,
        method: 'bank_transfer',
        date: calendarDate('2026-09-18'),
      });
      expect(byStaff.ok ? 'paid' : [byStaff.code, byStaff.details?.fields]).toEqual(['forbidden', ['date']]);
      const paid = must(
        await recordPayment(app, business, {
          customer: 'B01',
          amount: 100_000,
          method: 'bank_transfer',
          date: calendarDate('2026-09-18'),
        }),
      );
      expect(paid.allocations).toEqual([expect.objectContaining({ invoiceId: sale.id, amount: 100_000 })]);
      const after = must(await showCustomer(app, business, 'B01'));
      expect([after.balance, after.status]).toEqual([0, 'active']);
      await runDays(app, business, clock, '2026-09-25', '2026-10-20');
      expect((await sent(app, budi.id)).filter((message) => message.day >= '2026-09-25')).toEqual([]);
      // The statement says why the fee was taken back, in the business's language.
      const statement = must(
        await customerStatement(app, business, {
          customer: 'B01',
          from: calendarDate('2026-09-01'),
          to: calendarDate('2026-10-20'),
        }),
      );
      // The fee's own line too (found by a tester: "Denda keterlambatan: late fee, period 1").
      expect(statement.lines.filter((line) => line.kind === 'fee').map((line) => line.memo)).toEqual(['periode ke-1']);
      expect(statement.lines.filter((line) => line.kind === 'fee_waiver').map((line) => line.memo)).toEqual([
        'dibayar pada 18 September 2026, sebelum denda ini dikenakan',
      ]);
      expect(must(await verifyLedger(app, business)).ok).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): once the fees reach the cap, reminders no longer say a fee will be charged', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-09-01'));
    try {
      must(
        await setPolicy(app, business, {
          policy: { lateFee: { kind: 'flat', amount: 5_000, period: 'week', capAmount: 10_000 } },
        }),
      );
      const siti = must(await addCustomer(app, business, { name: 'Siti Rahayu', phone: '0812-3456-7890', ref: 'S01' }));
      must(await recordSale(app, business, { customer: 'S01', amount: 100_000 })); // due 09-15; fees 09-19 and 09-26
      await runDays(app, business, clock, '2026-09-01', '2026-09-29');
      const byDay = new Map((await sent(app, siti.id)).map((message) => [message.day, message.body]));
      expect(byDay.get('2026-09-22')).toContain('keterlambatan dikenai denda Rp 5.000 per minggu');
      expect(byDay.get('2026-09-29')).toContain('Total: Rp 110.000');
      expect(byDay.get('2026-09-29')).not.toContain('denda');
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): a payment cannot pay an invoice issued after its day, and one not naming an invoice leaves a disputed one alone', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-09-20'));
    try {
      must(await addCustomer(app, business, { name: 'Eka Putri', phone: '0813-5555-6666', ref: 'E01' }));
      const old = must(
        await recordSale(app, business, {
          customer: 'E01',
          amount: 100_000,
          date: calendarDate('2026-09-01'),
          allowOldDate: true,
        }),
      );
      const later = must(
        await recordSale(app, business, {
          customer: 'E01',
          amount: 20_000,
          date: calendarDate('2026-09-10'),
          allowOldDate: true,
        }),
      );
      const early = await recordPayment(app, business, {
        customer: 'E01',
        amount: 1_000,
        method: 'cash',
        invoice: later.number,
        date: calendarDate('2026-09-05'),
        allowOldDate: true,
      });
      expect(early.ok ? 'paid' : [early.code, Object.keys(early.details?.fields ?? {})]).toEqual([
        'validation_failed',
        ['invoice'],
      ]);
      must(await openDispute(app, business, { invoice: old.number, reason: 'barang rusak' }));
      clock.set(morning(calendarDate('2026-09-21')));
      const paid = must(
        await recordPayment(app, business, { customer: 'E01', amount: 50_000, method: 'ewallet', provider: 'ovo' }),
      );
      // Not a rupiah to the disputed invoice: 20.000 to the other, 30.000 kept as credit until the dispute closes.
      expect(paid.allocations.map((a) => [a.invoiceId, a.amount])).toEqual([[later.id, 20_000]]);
      expect(paid.unapplied).toBe(30_000);
      expect(must(await showCustomer(app, business, 'E01')).credit).toBe(30_000);
    } finally {
      await app.close();
    }
  });

  it('issue 12 (probe): a quick sale keeps its reference, and the search finds it', async () => {
    const { app, business } = await openShop(await dialect.location(), calendarDate('2026-09-01'));
    try {
      must(await addCustomer(app, business, { name: 'Siti Rahayu', phone: '0812-3456-7890', ref: 'S01' }));
      const sale = must(await recordSale(app, business, { customer: 'S01', amount: 50_000, reference: 'NOTA-17' }));
      expect(sale.reference).toBe('NOTA-17');
      const found = must(await listInvoices(app, business, { search: 'NOTA-17' }));
      expect(found.invoices.map((invoice) => invoice.number)).toEqual([sale.number]);
    } finally {
      await app.close();
    }
  });

  it('issue 11 (tester): verifying a report on another day says that day, as the payment is dated', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-09-01'));
    try {
      must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '0812-1111-2222', ref: 'B01' }));
      must(await recordSale(app, business, { customer: 'B01', amount: 100_000 }));
      clock.set(morning(calendarDate('2026-09-20')));
      const report = must(
        await reportPayment(app, business, { customer: 'B01', amount: 100_000, method: 'bank_transfer', reference: 'B-REP' }),
      );
      clock.set(morning(calendarDate('2026-09-21')));
      const verified = must(
        await verifyPendingPayment(app, business, { pending: 'B-REP', outcome: 'verified', date: calendarDate('2026-09-19') }),
      );
      expect([report.paidOn, verified.paidOn]).toEqual(['2026-09-20', '2026-09-19']);
      const payment = must(await showPayment(app, business, verified.paymentId as string));
      expect(payment.date).toBe('2026-09-19');
    } finally {
      await app.close();
    }
  });
});
