/**
 * Risk on a generated history where the late payers are known: a third pay on
 * time, a third always late, and a third turn late in the last months. Scores
 * on a past date use only what the book said that day (a store holding only the
 * history up to the date scores the same), and `evaluate` ranks the customers
 * who then paid late above those who did not, better than their past late share.
 */
import { describe, expect, it } from 'vitest';
import { evaluateRisk, riskReport, riskWarnings } from '../src/app/risk.js';
import { addCustomer } from '../src/app/customers.js';
import { recordSale } from '../src/app/invoices.js';
import { recordPayment } from '../src/app/payments.js';
import { type CalendarDate, addDays, calendarDate } from '../src/core/dates.js';
import { DIALECTS, must, openWithBusiness } from './helpers.js';
import { formatDate } from '../src/core/i18n/catalogue.js';

const CUSTOMERS = 24;
const FIRST = calendarDate('2025-06-02');
const MONTHS = 9;
type Kind = 'on_time' | 'late' | 'turning';
const kindOf = (index: number): Kind => (['on_time', 'late', 'turning'] as const)[index % 3] as Kind;

/** Days after the due date a customer pays the invoice of month `month`. */
function lateness(kind: Kind, month: number, random: () => number): number {
  if (kind === 'on_time') return -Math.floor(random() * 5);
  if (kind === 'late' || month >= 5) return 15 + Math.floor(random() * 30);
  return -Math.floor(random() * 3);
}

async function generate(location: Awaited<ReturnType<(typeof DIALECTS)[number]['location']>>, until: CalendarDate) {
  const { app, business, clock } = await openWithBusiness(location, { overdueBlockDays: null });
  clock.set(new Date(`${until}T10:00:00Z`));
  let state = 7;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  for (let c = 0; c < CUSTOMERS; c++) must(await addCustomer(app, business, { name: `C${c} ${kindOf(c)}`, ref: `C${c}` }));
  for (let month = 0; month < MONTHS; month++)
    for (let c = 0; c < CUSTOMERS; c++) {
      const issued = addDays(FIRST, month * 30 + (c % 5));
      if (issued > until) continue;
      const due = addDays(issued, 14);
      const sale = must(
        await recordSale(app, business, { customer: `C${c}`, amount: 100_000, date: issued, due, allowOldDate: true }),
      );
      const paidOn = addDays(due, lateness(kindOf(c), month, random));
      if (paidOn <= until)
        must(
          await recordPayment(app, business, {
            customer: `C${c}`,
            amount: 100_000,
            method: 'cash',
            date: paidOn,
            allowOldDate: true,
            invoice: sale.id,
          }),
        );
    }
  return { app, business };
}

for (const dialect of DIALECTS)
  describe(`risk on ${dialect.name}`, () => {
    const scoredOn = calendarDate('2025-12-01');
    const end = calendarDate('2026-03-01');

    it('scores a past date from what was known then, and ranks the late payers that followed', async () => {
      const full = await generate(await dialect.location(), end);
      const cut = await generate(await dialect.location(), scoredOn);
      const byName = (report: { customers: readonly { name: string; score: number; reasons: readonly { sign: string }[] }[] }) =>
        Object.fromEntries(report.customers.map((row) => [row.name, [row.score, row.reasons.map((reason) => reason.sign)]]));
      const then = must(await riskReport(full.app, full.business, { asOf: scoredOn }));
      expect(byName(then)).toEqual(byName(must(await riskReport(cut.app, cut.business, { asOf: scoredOn }))));
      await cut.app.close();

      // On the date, the always-late score high; the turning ones have just started to slip.
      const scoreOf = (name: string) => then.customers.find((row) => row.name === name)?.score ?? 0;
      expect(scoreOf('C1 late')).toBeGreaterThanOrEqual(25);
      expect(scoreOf('C0 on_time')).toBe(0);
      expect(then.customers.find((row) => row.name === 'C1 late')?.reasons.map((reason) => reason.sign)).toContain(
        'usually_late',
      );

      const evaluation = must(await evaluateRisk(full.app, full.business, { asOf: scoredOn, horizonDays: 60 }));
      expect(evaluation.customers).toBe(CUSTOMERS);
      // The late and the turning customers paid late after the date; the on-time ones did not.
      expect(evaluation.latePayers).toBe((CUSTOMERS * 2) / 3);
      expect(evaluation.auc).not.toBeNull();
      expect(evaluation.auc as number).toBeGreaterThanOrEqual(0.9);
      expect(evaluation.auc as number).toBeGreaterThan(evaluation.baselineAuc as number);

      // The turning customers' scores rose: they lead the early-warning list a month into their slide.
      const warnings = must(await riskWarnings(full.app, full.business, { asOf: '2025-12-15', days: 45 }));
      expect(warnings.customers.length).toBeGreaterThan(0);
      expect(warnings.customers.every((row) => row.rise >= 10)).toBe(true);
      expect(warnings.customers[0]?.name).toMatch(/turning/);

      const refused = await evaluateRisk(full.app, full.business, { asOf: '2030-01-01' });
      expect(refused.ok || refused.details.fields).toEqual({
        asOf: `must be before today (${formatDate(end, 'en')}): what happened next must be known`,
      });
      await full.app.close();
    });
  });
