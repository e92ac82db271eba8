/**
 * Issue 11, defects 2, 3 and 10: a reported payment suspends fees and
 * reminders and is booked on the day it was paid; customer credit never waits
 * beside an open invoice; paying what made the policy hold a customer lifts
 * the hold in the same transaction. Runs on every database under test.
 */
import { describe, expect, it } from 'vitest';
import { initBusiness } from '../src/app/businesses.js';
import { type CollectReport, collect } from '../src/app/collection.js';
import { customerTimeline, reportPayment, verifyPendingPayment } from '../src/app/commitments.js';
import { fixedClock } from '../src/app/context.js';
import { addCustomer, setHold, showCustomer } from '../src/app/customers.js';
import { recordSale, showInvoice } from '../src/app/invoices.js';
import { openApp } from '../src/app/open.js';
import { recordPayment } from '../src/app/payments.js';
import { setPolicy } from '../src/app/policies.js';
import { verifyLedger } from '../src/app/reports.js';
import { type CalendarDate, addDays, calendarDate } from '../src/core/dates.js';
import type { Business } from '../src/core/parties.js';
import { getBusiness } from '../src/store/parties-repo.js';
import { DIALECTS, OWNER, must } from './helpers.js';

const morningOf = (date: CalendarDate) => new Date(`${date}T02:00:00Z`);

async function openShop(location: Awaited<ReturnType<(typeof DIALECTS)[number]['location']>>, today: CalendarDate) {
  const clock = fixedClock(morningOf(today));
  const app = await openApp(location, clock, OWNER);
  const created = must(await initBusiness(app, { name: 'Toko Makmur', termsDays: 14, overdueBlockDays: null }));
  const business = (await getBusiness(app.store.db, created.id)) as Business;
  return { app, clock, business };
}

/** Runs every day from `from` to `to` (inclusive) at the morning hour; returns the reports by day. */
async function runDays(
  app: Awaited<ReturnType<typeof openShop>>['app'],
  clock: ReturnType<typeof fixedClock>,
  business: Business,
  from: CalendarDate,
  to: CalendarDate,
) {
  const reports = new Map<CalendarDate, CollectReport>();
  for (let day = from; day <= to; day = addDays(day, 1)) {
    clock.set(morningOf(day));
    reports.set(day, must(await collect(app, business, {})));
    const verified = must(await verifyLedger(app, business));
    expect(verified.problems).toEqual([]);
  }
  return reports;
}

const LATE_FEE_POLICY = {
  lateFee: { kind: 'flat', amount: 5_000, period: 'week' },
  graceDays: 3,
  escalation: { holdAfterDaysOverdue: 7 },
} as const;

describe.each(DIALECTS)('issue 11 payments on $name', (dialect) => {
  it('issue 11 defect 2: a reported payment suspends fees and reminders and is booked on the day it was paid', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-01'));
    try {
      must(await setPolicy(app, business, { policy: LATE_FEE_POLICY }));
      const siti = must(await addCustomer(app, business, { name: 'Siti Rahayu', phone: '081234567890', ref: 'SITI' }));
      const sale = must(await recordSale(app, business, { customer: 'SITI', amount: 100_000, due: '2026-01-15' }));
      const before = await runDays(app, clock, business, calendarDate('2026-01-01'), calendarDate('2026-01-09'));
      expect([...before.values()].flatMap((r) => r.fees)).toEqual([]);

      clock.set(morningOf(calendarDate('2026-01-10')));
      const report = must(
        await reportPayment(app, business, {
          customer: 'SITI',
          amount: 100_000,
          method: 'bank_transfer',
          date: '2026-01-10',
        }),
      );
      const waiting = await runDays(app, clock, business, calendarDate('2026-01-10'), calendarDate('2026-01-23'));
      // No fee on 01-19 and no reminder while the report waits.
      expect([...waiting.values()].flatMap((r) => r.fees)).toEqual([]);
      expect([...waiting.values()].flatMap((r) => r.reminders.filter((m) => m.customerId === siti.id))).toEqual([]);

      clock.set(morningOf(calendarDate('2026-01-24')));
      const verified = must(await verifyPendingPayment(app, business, { pending: report.id, outcome: 'verified' }));
      expect(verified.status).toBe('verified');
      const invoice = must(await showInvoice(app, business, sale.id));
      expect([invoice.status, invoice.outstanding]).toEqual(['paid', 0]);
      const payment = await app.store.db
        .selectFrom('payments')
        .select(['date', 'amount_minor'])
        .where('id', '=', verified.paymentId as string)
        .executeTakeFirstOrThrow();
      expect(payment.date).toBe('2026-01-10');
      const customer = must(await showCustomer(app, business, 'SITI'));
      expect([customer.balance, customer.status]).toEqual([0, 'active']);
      expect(must(await verifyLedger(app, business)).problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('issue 11 defect 2: a report made after a fee, verified, reverses the fee charged after the paid date', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-01'));
    try {
      must(await setPolicy(app, business, { policy: LATE_FEE_POLICY }));
      must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '081298765432', ref: 'BUDI' }));
      const sale = must(await recordSale(app, business, { customer: 'BUDI', amount: 100_000, due: '2026-01-15' }));
      const days = await runDays(app, clock, business, calendarDate('2026-01-01'), calendarDate('2026-01-20'));
      expect([...days.values()].flatMap((r) => r.fees.map((f) => [f.date, f.amount]))).toEqual([['2026-01-19', 5_000]]);

      // On 01-21 Budi says he transferred on 01-10: the report covers the invoice, the later fee does not break that.
      clock.set(morningOf(calendarDate('2026-01-21')));
      const report = must(
        await reportPayment(app, business, { customer: 'BUDI', amount: 100_000, method: 'bank_transfer', date: '2026-01-10' }),
      );
      const waiting = await runDays(app, clock, business, calendarDate('2026-01-21'), calendarDate('2026-01-27'));
      expect([...waiting.values()].flatMap((r) => r.fees)).toEqual([]);
      expect([...waiting.values()].flatMap((r) => r.reminders)).toEqual([]);

      clock.set(morningOf(calendarDate('2026-01-28')));
      const verified = must(await verifyPendingPayment(app, business, { pending: report.id, outcome: 'verified' }));
      const invoice = must(await showInvoice(app, business, sale.id));
      expect([invoice.status, invoice.outstanding]).toEqual(['paid', 0]);
      const customer = must(await showCustomer(app, business, 'BUDI'));
      expect([customer.balance, customer.credit, customer.status]).toEqual([0, 0, 'active']);
      const entries = await app.store.db
        .selectFrom('journal_entries')
        .select(['code', 'date', 'source_type'])
        .where('business_id', '=', business.id)
        .where('source_type', '=', 'fee_waiver')
        .execute();
      expect(entries).toHaveLength(1);
      expect(verified.paymentId).not.toBeNull();
      expect(must(await verifyLedger(app, business)).problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('issue 11 defect 2: a rejected report resumes the fees and the ladder where they would have been', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-01'));
    try {
      must(await setPolicy(app, business, { policy: LATE_FEE_POLICY }));
      const eka = must(await addCustomer(app, business, { name: 'Eka Putri', phone: '081311112222', ref: 'EKA' }));
      must(await recordSale(app, business, { customer: 'EKA', amount: 100_000, due: '2026-01-15' }));
      clock.set(morningOf(calendarDate('2026-01-10')));
      const report = must(
        await reportPayment(app, business, { customer: 'EKA', amount: 100_000, method: 'bank_transfer', date: '2026-01-10' }),
      );
      await runDays(app, clock, business, calendarDate('2026-01-10'), calendarDate('2026-01-23'));
      clock.set(morningOf(calendarDate('2026-01-24')));
      must(await verifyPendingPayment(app, business, { pending: report.id, outcome: 'rejected' }));
      const after = must(await collect(app, business, {}));
      // The week's fee from 01-19 is charged now, dated as the policy says; the ladder's current step goes out.
      expect(after.fees.map((f) => [f.date, f.amount])).toEqual([['2026-01-19', 5_000]]);
      expect(after.reminders.map((m) => [m.customerId, m.tone])).toEqual([[eka.id, 'firm']]);
    } finally {
      await app.close();
    }
  });

  it('issue 11 defect 3: credit is applied to open invoices at once', async () => {
    const { app, business } = await openShop(await dialect.location(), calendarDate('2026-01-05'));
    try {
      must(await addCustomer(app, business, { name: 'Dewi Lestari', ref: 'DEWI' }));
      const first = must(await recordSale(app, business, { customer: 'DEWI', amount: 50_000 }));
      const second = must(await recordSale(app, business, { customer: 'DEWI', amount: 70_000 }));
      const paid = must(
        await recordPayment(app, business, { customer: 'DEWI', amount: 80_000, method: 'cash', invoice: first.id }),
      );
      // The 30,000 left over paid the second invoice at once: none of it is still credit.
      expect(paid).toMatchObject({ unapplied: 0, creditApplied: [{ invoiceId: second.id, amount: 30_000 }] });
      const customer = must(await showCustomer(app, business, 'DEWI'));
      expect([customer.balance, customer.credit]).toEqual([40_000, 0]);
      expect(must(await showInvoice(app, business, second.id)).outstanding).toBe(40_000);
      const applied = await app.store.db
        .selectFrom('journal_entries')
        .select(['code', 'date'])
        .where('business_id', '=', business.id)
        .where('code', '=', 'credit_applied')
        .execute();
      expect(applied).toEqual([{ code: 'credit_applied', date: '2026-01-05' }]);
      expect(must(await verifyLedger(app, business)).problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('issue 11 defect 3: what an early discount leaves over pays the next open invoice', async () => {
    const { app, business } = await openShop(await dialect.location(), calendarDate('2026-01-05'));
    try {
      must(await setPolicy(app, business, { policy: { earlyDiscount: { rateBps: 500, withinDays: 10 } } }));
      must(await addCustomer(app, business, { name: 'Rudi Hartono', ref: 'RUDI' }));
      const first = must(await recordSale(app, business, { customer: 'RUDI', amount: 10_000 }));
      const second = must(await recordSale(app, business, { customer: 'RUDI', amount: 20_000 }));
      must(await recordPayment(app, business, { customer: 'RUDI', amount: 10_000, method: 'cash', invoice: first.id }));
      expect(must(await showInvoice(app, business, first.id)).status).toBe('paid');
      expect(must(await showInvoice(app, business, second.id)).outstanding).toBe(19_500);
      const customer = must(await showCustomer(app, business, 'RUDI'));
      expect([customer.balance, customer.credit]).toEqual([19_500, 0]);
      expect(must(await verifyLedger(app, business)).problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('issue 11 defect 10: paying everything lifts the policy hold in the same transaction', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-01'));
    try {
      must(await setPolicy(app, business, { policy: LATE_FEE_POLICY }));
      must(await addCustomer(app, business, { name: 'Agus Wijaya', phone: '081355556666', ref: 'AGUS' }));
      must(await addCustomer(app, business, { name: 'Wati Susanti', phone: '081377778888', ref: 'WATI' }));
      must(await recordSale(app, business, { customer: 'AGUS', amount: 40_000, due: '2026-01-15' }));
      must(await recordSale(app, business, { customer: 'WATI', amount: 40_000, due: '2026-01-15' }));
      await runDays(app, clock, business, calendarDate('2026-01-01'), calendarDate('2026-01-25'));
      expect(must(await showCustomer(app, business, 'AGUS')).status).toBe('on_hold');
      // Wati's hold is the owner's own: paying does not lift it.
      must(await setHold(app, business, 'hold', { customer: 'WATI', reason: 'owner says so' }));

      for (const who of ['AGUS', 'WATI']) {
        const owed = must(await showCustomer(app, business, who)).balance;
        must(await recordPayment(app, business, { customer: who, amount: owed, method: 'cash' }));
      }
      expect(must(await showCustomer(app, business, 'AGUS')).status).toBe('active');
      const sale = await recordSale(app, business, { customer: 'AGUS', amount: 10_000 });
      expect(sale.ok).toBe(true);
      const timeline = must(await customerTimeline(app, business, 'AGUS'));
      expect(timeline.events.some((event) => event.kind === 'release')).toBe(true);
      expect(must(await showCustomer(app, business, 'WATI')).status).toBe('on_hold');
      const refused = await recordSale(app, business, { customer: 'WATI', amount: 10_000 });
      expect(refused.ok ? 'sold' : refused.code).toBe('customer_on_hold');
    } finally {
      await app.close();
    }
  });
});
