/**
 * The collection run's dates, on each database: a run for a date before the
 * latest run is a read-only look at that day and changes nothing today; a dry
 * run for a future date simulates the days before it in memory and shows what
 * that day would do (and writes nothing); a back-dated sale is treated like an
 * import (no fee for periods that started before it was entered, no reminder
 * steps dated before it).
 */
import { describe, expect, it } from 'vitest';
import { initBusiness } from '../src/app/businesses.js';
import { type CollectReport, type RunReport, collect } from '../src/app/collection.js';
import { fixedClock } from '../src/app/context.js';
import { addCustomer, showCustomer } from '../src/app/customers.js';
import { voidInvoice, writeOffInvoice } from '../src/app/corrections.js';
import { recordSale } from '../src/app/invoices.js';
import { recordPayment } from '../src/app/payments.js';
import { type OpenApp, openApp } from '../src/app/open.js';
import { setPolicy } from '../src/app/policies.js';
import { verifyLedger } from '../src/app/reports.js';
import { type CalendarDate, addDays, calendarDate } from '../src/core/dates.js';
import type { Business } from '../src/core/parties.js';
import { getBusiness } from '../src/store/parties-repo.js';
import { DIALECTS, OWNER, must } from './helpers.js';

/** 09:00 in Jakarta on a date. */
const morning = (date: CalendarDate) => new Date(`${date}T02:00:00Z`);

async function openShop(location: Awaited<ReturnType<(typeof DIALECTS)[number]['location']>>, today: CalendarDate) {
  const clock = fixedClock(morning(today));
  const app = await openApp(location, clock, OWNER);
  const created = must(await initBusiness(app, { name: 'Warung Bu Sri', termsDays: 7, overdueBlockDays: null }));
  const business = (await getBusiness(app.store.db, created.id)) as Business;
  return { app, clock, business };
}

/** Everything a run could write: the ledger's check, counts of what runs add, the counters and statuses they move. */
async function storeDigest(app: OpenApp, business: Business): Promise<string> {
  const verified = must(await verifyLedger(app, business));
  const db = app.store.db;
  const count = async (table: 'journal_entries' | 'collection_events' | 'outbox' | 'collection_runs') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('business_id', '=', business.id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const invoices = await db
    .selectFrom('invoices')
    .select(['id', 'outstanding_minor', 'fee_periods_done', 'fees_charged_minor', 'reminder_steps_done', 'status'])
    .where('business_id', '=', business.id)
    .orderBy('id')
    .execute();
  const customers = await db
    .selectFrom('customers')
    .select(['id', 'status', 'hold_source', 'reminded_on', 'credit_limit_minor', 'balance_minor'])
    .where('business_id', '=', business.id)
    .orderBy('id')
    .execute();
  return JSON.stringify({
    verified: [verified.ok, verified.entries],
    journal: await count('journal_entries'),
    events: await count('collection_events'),
    outbox: await count('outbox'),
    runs: await count('collection_runs'),
    invoices: invoices.map((row) => ({ ...row, outstanding_minor: Number(row.outstanding_minor) })),
    customers: customers.map((row) => ({ ...row, balance_minor: Number(row.balance_minor) })),
  });
}

const isEmpty = (report: RunReport) =>
  [
    report.reminders,
    report.fees,
    report.holds,
    report.limitChanges,
    report.writeOffSuggestions,
    report.plans,
    report.promises,
  ].every((list) => list.length === 0);

/** What a day decided, without ids that differ between a dry run and the real one. */
const gist = (report: RunReport) => ({
  reminders: report.reminders.map((r) => [r.customerId, r.step, r.tone, r.amountDue, r.invoiceIds]),
  fees: report.fees.map((f) => [f.invoiceId, f.period, f.amount, f.date]),
  holds: report.holds.map((h) => [h.customerId, h.action]),
});

describe.each(DIALECTS)('collection dates on $name', (dialect) => {
  it('issue 11 defect 4: a run for a date before the latest run changes nothing; re-running today is a fixed point', async () => {
    const today = calendarDate('2026-01-20');
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-01'));
    try {
      must(await setPolicy(app, business, { policy: { escalation: { holdAfterDaysOverdue: 5 } } }));
      const budi = must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '0812-1111-2222', ref: 'B01' }));
      must(await recordSale(app, business, { customer: 'B01', amount: 50_000, due: calendarDate('2026-01-10') }));
      clock.set(morning(today));
      // Caught up from 01-01 to today: held on 01-16, the first day overdue past the policy's 5.
      const first = must(await collect(app, business, {}));
      const holdDays = [...first.caughtUp, first].flatMap((r) => r.holds.map((h) => [r.asOf, h.customerId, h.action]));
      expect(holdDays).toEqual([['2026-01-16', budi.id, 'hold']]);
      const held = await storeDigest(app, business);

      // Re-running today is a fixed point: nothing new, nothing changed.
      const again = must(await collect(app, business, {}));
      expect(isEmpty(again) && again.caughtUp.length === 0).toBe(true);
      expect(await storeDigest(app, business)).toBe(held);

      // A past date (before the latest run), twice: a read-only look, said so, and today's state stays.
      for (const past of ['2026-01-12', '2026-01-14'] as const) {
        const look = must(await collect(app, business, { asOf: past }));
        expect(look.dryRun).toBe(true);
        expect(look.lookBack).toEqual({ latestRun: today });
        expect(look.holds.filter((h) => h.action === 'release')).toEqual([]);
        expect(await storeDigest(app, business)).toBe(held);
        const rerun = must(await collect(app, business, {}));
        expect(isEmpty(rerun)).toBe(true);
        expect(must(await showCustomer(app, business, 'B01')).status).toBe('on_hold');
      }
      // The look back at a day the run did something shows what it did that day.
      const dayOfHold = must(await collect(app, business, { asOf: calendarDate('2026-01-16') }));
      expect(dayOfHold.holds).toEqual([expect.objectContaining({ customerId: budi.id, action: 'hold' })]);
      expect(await storeDigest(app, business)).toBe(held);
      // The next morning, before its run, the day already run is a look too (a payment since could otherwise be undone).
      clock.set(morning(addDays(today, 1)));
      const latest = must(await collect(app, business, { asOf: today }));
      expect([latest.dryRun, latest.lookBack]).toEqual([true, { latestRun: today }]);
      expect(await storeDigest(app, business)).toBe(held);
      // And the customer still cannot buy on credit.
      const refused = await recordSale(app, business, { customer: 'B01', amount: 10_000 });
      expect(refused.ok ? 'sold' : refused.code).toBe('customer_on_hold');
    } finally {
      await app.close();
    }
  });

  it('issue 11 defect 4: a past day not run yet (the runs were missed) is a look too; a payment since is not undone', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-01'));
    try {
      must(await setPolicy(app, business, { policy: { escalation: { holdAfterDaysOverdue: 5 } } }));
      const budi = must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '0812-1111-2222', ref: 'B01' }));
      must(await recordSale(app, business, { customer: 'B01', amount: 50_000, due: calendarDate('2026-01-10') }));
      // Runs every day to 01-16: held that day. Then no runs (the phone was off) until 01-20.
      clock.set(morning(calendarDate('2026-01-16')));
      const held = must(await collect(app, business, {}));
      expect(held.holds).toEqual([expect.objectContaining({ customerId: budi.id, action: 'hold' })]);
      // Budi pays everything on 01-18: the hold is lifted with the payment.
      clock.set(morning(calendarDate('2026-01-18')));
      must(await recordPayment(app, business, { customer: 'B01', amount: 50_000, method: 'cash' }));
      expect(must(await showCustomer(app, business, 'B01')).status).toBe('active');
      clock.set(morning(calendarDate('2026-01-20')));
      const before = await storeDigest(app, business);
      // The owner asks about 01-17, a day not run yet: what it would have done then, said as a look; nothing changes.
      const look = must(await collect(app, business, { asOf: calendarDate('2026-01-17') }));
      expect([look.dryRun, look.lookPast]).toEqual([true, { today: '2026-01-20' }]);
      expect(await storeDigest(app, business)).toBe(before);
      expect(must(await showCustomer(app, business, 'B01')).status).toBe('active');
      must(await recordSale(app, business, { customer: 'B01', amount: 10_000 }));
      // Today's run catches up 01-17 to 01-19 and holds no one who has paid.
      const today = must(await collect(app, business, {}));
      expect(today.caughtUp.map((day) => day.asOf)).toEqual(['2026-01-17', '2026-01-18', '2026-01-19']);
      expect(must(await showCustomer(app, business, 'B01')).status).toBe('active');
    } finally {
      await app.close();
    }
  });

  it(
    'issue 11 defect 5: a dry run for a future date shows what that day would do, and writes nothing',
    { timeout: 60_000 },
    async () => {
      const today = calendarDate('2026-03-02');
      const { app, clock, business } = await openShop(await dialect.location(), today);
      try {
        must(
          await setPolicy(app, business, {
            policy: {
              lateFee: { kind: 'flat', amount: 2_000, period: 'week', capAmount: 10_000 },
              escalation: { holdAfterDaysOverdue: 10 },
            },
          }),
        );
        const siti = must(await addCustomer(app, business, { name: 'Siti Rahayu', phone: '0812-3456-7890', ref: 'S1' }));
        const ani = must(await addCustomer(app, business, { name: 'Ani Wijaya', phone: '0813-2222-3333', ref: 'A1' }));
        const sitiSale = must(await recordSale(app, business, { customer: 'S1', amount: 50_000 }));
        must(await recordSale(app, business, { customer: 'A1', amount: 30_000, due: calendarDate('2026-03-20') }));
        must(await collect(app, business, {}));
        const before = await storeDigest(app, business);

        // Siti's sale is due 03-09; fees weekly from 03-13 (grace 3); held once more than 10 days overdue (03-20).
        const targets = [1, 4, 7, 11, 18, 25, 40].map((n) => addDays(today, n));
        const looks = new Map<CalendarDate, CollectReport>();
        for (const target of targets) {
          const look = must(await collect(app, business, { asOf: target, dryRun: true }));
          expect(look.dryRun).toBe(true);
          looks.set(target, look);
          expect(await storeDigest(app, business)).toBe(before);
        }
        const lookAt = (n: number) => looks.get(addDays(today, n)) as CollectReport;
        expect(gist(lookAt(7)).reminders).toEqual([[siti.id, 0, 'friendly', 50_000, [sitiSale.id]]]);
        expect(gist(lookAt(11)).fees).toEqual([[sitiSale.id, 1, 2_000, '2026-03-13']]);
        // Looking 18 days ahead: the days before it counted (the first fee), so the day adds the second and the hold.
        expect(gist(lookAt(18)).fees).toEqual([[sitiSale.id, 2, 2_000, '2026-03-20']]);
        expect(gist(lookAt(18)).holds).toEqual([[siti.id, 'hold']]);
        expect(lookAt(18).caughtUp.map((d) => d.asOf)).toEqual(Array.from({ length: 17 }, (_, i) => addDays(today, i + 1)));
        // On 03-27 only Ani (due 03-20) has a step (+7, firm); Siti's ladder has none that day.
        expect(gist(lookAt(25)).reminders.map((r) => [r[0], r[1], r[2]])).toEqual([[ani.id, 7, 'firm']]);

        // The days then happen for real, nothing else happening: each day does what its look said it would.
        for (let n = 1; n <= 40; n++) {
          const day = addDays(today, n);
          clock.set(morning(day));
          const real = must(await collect(app, business, {}));
          const look = looks.get(day);
          if (look) expect(gist(real)).toEqual(gist(look));
        }
      } finally {
        await app.close();
      }
    },
  );

  it('a catch-up day before a void or a write-off charges that invoice nothing (it is closed now)', async () => {
    const { app, clock, business } = await openShop(await dialect.location(), calendarDate('2026-01-01'));
    try {
      must(
        await setPolicy(app, business, {
          policy: { graceDays: 0, lateFee: { kind: 'flat', amount: 5_000, period: 'week', capAmount: 50_000 } },
        }),
      );
      must(await collect(app, business, {}));
      must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '0812-1111-2222', ref: 'B01' }));
      must(await addCustomer(app, business, { name: 'Siti Rahayu', phone: '0812-3333-4444', ref: 'S01' }));
      const voided = must(await recordSale(app, business, { customer: 'B01', amount: 100_000 }));
      const writtenOff = must(await recordSale(app, business, { customer: 'S01', amount: 80_000 }));
      // No run for three weeks (the server was off); then the owner voids one sale and writes off the other.
      clock.set(morning(calendarDate('2026-01-22')));
      must(await voidInvoice(app, business, { invoice: voided.number, reason: 'salah catat' }));
      must(await writeOffInvoice(app, business, { invoice: writtenOff.number, reason: 'pindah kota' }));
      const day = must(await collect(app, business, {}));
      expect(day.caughtUp.length).toBeGreaterThan(0);
      expect([...day.caughtUp.flatMap((d) => d.fees), ...day.fees]).toEqual([]);
      expect(must(await verifyLedger(app, business)).ok).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('issue 11 defect 7: a back-dated sale gets no fee for periods before it was entered; its first reminder is the step due that day', async () => {
    const entered = calendarDate('2026-01-25');
    const { app, clock, business } = await openShop(await dialect.location(), entered);
    try {
      must(
        await setPolicy(app, business, {
          policy: { graceDays: 0, lateFee: { kind: 'flat', amount: 5_000, period: 'week', capAmount: 50_000 } },
        }),
      );
      must(await addCustomer(app, business, { name: 'Budi Santoso', phone: '0812-1111-2222', ref: 'B01' }));
      const sale = must(
        await recordSale(app, business, {
          customer: 'B01',
          amount: 100_000,
          date: calendarDate('2026-01-01'),
          due: calendarDate('2026-01-10'),
          // Before the business's first day: the owner says the old date is meant.
          allowOldDate: true,
        }),
      );
      // Fee periods started 01-11, 01-18 and 01-25 (the entry day): none is charged; ladder steps up to 01-24 are done.
      const reports: CollectReport[] = [];
      for (let n = 0; n <= 8; n++) {
        clock.set(morning(addDays(entered, n)));
        reports.push(must(await collect(app, business, {})));
      }
      const fees = reports.flatMap((r) => r.fees.map((f) => [r.asOf, f.period, f.amount]));
      expect(fees).toEqual([['2026-02-01', 4, 5_000]]);
      const reminders = reports.flatMap((r) => r.reminders.map((m) => [r.asOf, m.step, m.amountDue]));
      // The first reminder goes on the ladder's next date (21 days after due: 01-31), for what is owed then.
      expect(reminders).toEqual([['2026-01-31', 21, 100_000]]);
      const message = await app.store.db
        .selectFrom('outbox')
        .select(['body'])
        .where('business_id', '=', business.id)
        .executeTakeFirstOrThrow();
      expect(message.body).toContain(`${sale.number}: Rp 100.000 (jatuh tempo 10 Januari 2026, terlambat 21 hari)`);
      expect(message.body).toContain('Total: Rp 100.000');
      expect(must(await verifyLedger(app, business)).ok).toBe(true);
    } finally {
      await app.close();
    }
  });
});
