/**
 * KPIs and the forecast computed from a store, on both stores: figures checked
 * by hand on a small business, the forecast adding up to the open receivable of
 * the demo counter, and every report's CSV reading back to its JSON totals.
 */
import { describe, expect, it } from 'vitest';
import { forecastReport, kpiReport } from '../src/app/analytics.js';
import { addCustomer } from '../src/app/customers.js';
import { runDemo } from '../src/app/demo.js';
import { recordSale } from '../src/app/invoices.js';
import { recordPayment } from '../src/app/payments.js';
import { collect } from '../src/app/collection.js';
import { setPolicy } from '../src/app/policies.js';
import { agingReport } from '../src/app/reports.js';
import { parseCsv } from '../src/core/csv.js';
import { agingCsv, forecastCsv, kpiCsv } from '../src/core/report-csv.js';
import { fixedClock } from '../src/app/context.js';
import { openApp } from '../src/app/open.js';
import { latestEntryDate } from '../src/store/journal-repo.js';
import { listBusinesses } from '../src/store/parties-repo.js';
import { DIALECTS, OWNER, must, openWithBusiness } from './helpers.js';

for (const dialect of DIALECTS)
  describe(`KPIs and forecast on ${dialect.name}`, () => {
    it('computes the KPIs of a small business by the book', async () => {
      const { app, business, clock } = await openWithBusiness(await dialect.location());
      must(await addCustomer(app, business, { name: 'Ani', ref: 'A' }));
      must(await addCustomer(app, business, { name: 'Budi', ref: 'B' }));
      // Before the period (March): Ani owes 40,000 from February.
      must(
        await recordSale(app, business, {
          customer: 'A',
          amount: 40_000,
          date: '2026-02-10',
          allowOldDate: true,
          due: '2026-02-24',
        }),
      );
      clock.set(new Date('2026-03-31T03:00:00Z'));
      // In March: Ani buys 60,000 and pays the February sale late (due 02-24, paid 03-04: 8 days late, 22 to pay).
      must(await recordSale(app, business, { customer: 'A', amount: 60_000, date: '2026-03-05', due: '2026-03-19' }));
      must(await recordPayment(app, business, { customer: 'A', amount: 40_000, method: 'cash', date: '2026-03-04' }));
      // Budi buys 100,000 and pays it on time (issued 03-10, due 03-24, paid 03-20: 10 days to pay).
      must(await recordSale(app, business, { customer: 'B', amount: 100_000, date: '2026-03-10', due: '2026-03-24' }));
      must(await recordPayment(app, business, { customer: 'B', amount: 100_000, method: 'cash', date: '2026-03-20' }));
      const report = must(await kpiReport(app, business, { from: '2026-03-01', to: '2026-03-31' }));
      const b = report.business;
      expect([b.receivableStart, b.creditSales, b.receivableEnd, b.cleared]).toEqual([40_000, 160_000, 60_000, 140_000]);
      // DSO simple: 60,000 / 160,000 x 31 = 11.6; countback: 60,000 of March's 160,000 over 31 days = 11.6.
      expect([b.dsoSimple, b.dsoCountback]).toEqual([11.6, 11.6]);
      // CEI: (40,000 + 160,000 - 60,000) / (40,000 + 160,000 - 0 current... Ani's 60,000 is overdue since 03-19).
      expect(b.cei).toBe(70);
      expect([b.invoicesSettled, b.avgDaysToPay, b.avgDaysLate, b.onTimeShare, b.over90Share]).toEqual([2, 16, 4, 50, 0]);
      const ani = report.customers.find((row) => row.name === 'Ani');
      expect([ani?.dsoSimple, ani?.avgDaysLate, ani?.onTimeShare]).toEqual([31, 8, 0]);
      const only = must(await kpiReport(app, business, { from: '2026-03-01', customer: 'B' }));
      expect(only.customers.map((row) => row.name)).toEqual(['Budi']);
      expect(only.business).toEqual(report.business);
      // A date after today is today; a backwards period is refused by name.
      expect(must(await kpiReport(app, business, { to: '2030-01-01' })).to).toBe('2026-03-31');
      // Aging after today ages today's book to that date; before the first entry it owes nothing.
      expect(must(await agingReport(app, business, { asOf: '2030-01-01' }))).toMatchObject({
        asOf: '2030-01-01',
        totals: { outstanding: 60_000, byBucket: { '90+': 60_000 } },
      });
      expect(must(await agingReport(app, business, { asOf: '2020-01-01' }))).toMatchObject({
        totals: { outstanding: 0 },
        customers: [],
      });
      const backwards = await kpiReport(app, business, { from: '2026-04-01', to: '2026-03-01' });
      expect(backwards.ok || backwards.details.fields).toEqual({
        from: '1 April 2026 is after the end of the period 1 March 2026',
      });
      await app.close();
    });

    it('issue 11 defect 9: KPIs count fees and discounts on both sides, and flag an exhausted countback', async () => {
      const { app, business, clock } = await openWithBusiness(await dialect.location());
      must(
        await setPolicy(app, business, {
          policy: { graceDays: 0, lateFee: { kind: 'rate', rateBps: 200, period: 'week', capShareBps: 600 } },
        }),
      );
      must(await addCustomer(app, business, { name: 'Ani', ref: 'A' }));
      clock.set(new Date('2026-03-01T03:00:00Z'));
      must(
        await recordSale(app, business, {
          customer: 'A',
          amount: 100_000,
          date: '2026-03-01',
          due: '2026-03-05',
          allowOldDate: true,
        }),
      );
      // Three weekly fees of 2% (capped at 6%): 6,000 of fees, nothing paid.
      clock.set(new Date('2026-03-31T03:00:00Z'));
      must(await collect(app, business, {}));
      const report = must(await kpiReport(app, business, { from: '2026-03-01', to: '2026-03-31' }));
      const b = report.business;
      expect([b.receivableEnd, b.creditSales, b.feesCharged, b.discountsGiven, b.billed]).toEqual([
        106_000, 100_000, 6_000, 0, 106_000,
      ]);
      // Nothing was collected: CEI is 0 (not negative), and the countback finds the whole receivable in March.
      expect([b.cleared, b.cei, b.dsoCountback, b.dsoCountbackExhausted]).toEqual([0, 0, 31, false]);
      // A receivable older than the history the countback reads is flagged in every format.
      clock.set(new Date('2028-06-30T03:00:00Z'));
      const late = must(await kpiReport(app, business, { from: '2028-06-01', to: '2028-06-30' }));
      expect(late.business.dsoCountbackExhausted).toBe(true);
      expect(late.customers[0]?.dsoCountbackExhausted).toBe(true);
      expect(kpiCsv(late).split('\r\n')[1]).toContain(',true,');
      await app.close();
    });

    it('forecasts the demo counter to its open receivable, and every report’s CSV matches its JSON', async () => {
      const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
      const app = await openApp(await dialect.location(), clock, OWNER);
      must(await runDemo(app, 7));
      const business = (await listBusinesses(app.store.db, 1))[0];
      if (!business) throw new Error('no demo business');
      // Today is the day of the book's last entry.
      clock.set(new Date(`${await latestEntryDate(app.store.db, business.id)}T05:00:00Z`));
      const forecast = must(await forecastReport(app, business));
      const aging = must(await agingReport(app, business));
      expect(forecast.openReceivable).toBe(aging.totals.outstanding);
      const weeks = forecast.weeks.reduce((sum, week) => sum + week.expected, 0);
      expect(weeks + forecast.later + forecast.atRisk + forecast.disputed).toBe(forecast.openReceivable);
      expect(weeks).toBeGreaterThan(0);

      const total = (csv: string, column: number) => {
        const rows = parseCsv(csv).records;
        return Number(rows.find((row) => row.fields.includes('TOTAL') || row.fields[0] === 'open_receivable')?.fields[column]);
      };
      expect(total(agingCsv(aging), 3)).toBe(aging.totals.outstanding);
      expect(parseCsv(agingCsv(aging)).records).toHaveLength(aging.customers.length + 1);
      const kpis = must(await kpiReport(app, business, {}));
      expect(total(kpiCsv(kpis), 5)).toBe(kpis.business.receivableEnd);
      expect(total(forecastCsv(forecast), 3)).toBe(forecast.openReceivable);
      await app.close();
    });
  });
