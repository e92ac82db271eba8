/**
 * Issue 12, defect 5: money has a stated bound (decision 0014). Every amount,
 * every balance and the business's journal total (the sum of every entry it
 * ever recorded) stay at most 2^53 - 1 minor units; up to it every view is
 * exact to the unit, and a write that would pass it is refused with
 * validation_failed naming the field. Runs on every database under test.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../src/app/context.js';
import { forecastReport, kpiReport } from '../src/app/analytics.js';
import {
  createPlan,
  recordPromise,
  reportPayment,
  openDispute,
  settleDispute,
  verifyPendingPayment,
} from '../src/app/commitments.js';
import { issueCreditNote, voidInvoice, writeOffInvoice } from '../src/app/corrections.js';
import { addCustomer, listCustomers, showCustomer } from '../src/app/customers.js';
import { importFile } from '../src/app/imports.js';
import { addInvoice, recordSale } from '../src/app/invoices.js';
import { recordPayment } from '../src/app/payments.js';
import { agingReport, verifyLedger } from '../src/app/reports.js';
import { customerStatement } from '../src/app/statements.js';
import { englishFields, render } from '../src/core/i18n/catalogue.js';
import { MONEY_MAX } from '../src/core/money.js';
import type { Result } from '../src/core/result.js';
import { openApi, signUpOwner } from './api-helpers.js';
import { DIALECTS, must, openWithBusiness } from './helpers.js';

const MAX = Number.MAX_SAFE_INTEGER; // 9_007_199_254_740_991
const HALF = 2 ** 52; // 4_503_599_627_370_496

/** The field reasons of a refusal, in English, after checking it is validation_failed. */
function refusedFields(result: Result<unknown>): Record<string, string> {
  expect(result.ok).toBe(false);
  if (result.ok) return {};
  expect(result.code).toBe('validation_failed');
  const texts = (result as { fieldTexts?: Record<string, Parameters<typeof render>[0]> }).fieldTexts ?? {};
  return englishFields(texts);
}

describe.each(DIALECTS)('money bound on $name', (dialect) => {
  it('issue 12 defect 5: up to the bound every view answers exactly', async () => {
    const { app, clock, business } = await openWithBusiness(await dialect.location(), {
      defaultCreditLimit: null,
      termsDays: 14,
    });
    try {
      expect(MONEY_MAX).toBe(MAX);
      const siti = must(await addCustomer(app, business, { name: 'Siti Rahayu', ref: 'P001' }));
      const budi = must(await addCustomer(app, business, { name: 'Budi Santoso', ref: 'P002' }));
      const ani = must(await addCustomer(app, business, { name: 'Ani Wijaya', ref: 'P003' }));
      // Three sales that bring the receivable to 2^53 - 2, a line invoice of 2^51 - 2 among them.
      must(await recordSale(app, business, { customer: 'P001', amount: HALF, item: 'Grosir' }));
      must(
        await addInvoice(app, business, {
          customer: 'P002',
          lines: [
            { description: 'Semen', quantity: 2, unitPrice: 2 ** 50 - 1 },
            { description: 'Pasir', quantity: 1, unitPrice: 1, discount: 1 },
          ],
        }),
      );
      must(await recordSale(app, business, { customer: 'P003', amount: 2 ** 51 }));
      // A payment of 1 by Ani and one of 2 towards Budi's invoice: the journal total is then 2^53 - 1 exactly.
      clock.set(new Date('2026-03-20T02:00:00Z'));
      must(await recordPayment(app, business, { customer: 'P003', amount: 1, method: 'cash' }));
      const receivable = HALF + (2 ** 51 - 2) + 2 ** 51 - 1;
      expect(HALF + (2 ** 51 - 2) + 2 ** 51 + 1).toBe(MAX);
      clock.set(new Date('2026-04-20T02:00:00Z'));

      const list = must(await listCustomers(app, business, {}));
      const byRef = new Map(list.customers.map((item) => [item.ref, item]));
      expect(byRef.get('P001')?.balance).toBe(HALF);
      expect(byRef.get('P002')?.balance).toBe(2 ** 51 - 2);
      expect(byRef.get('P003')?.balance).toBe(2 ** 51 - 1);
      expect(must(await showCustomer(app, business, 'P001')).balance).toBe(HALF);
      expect(receivable).toBe(MAX - 2);

      const statement = must(await customerStatement(app, business, { customer: 'P003', from: '2026-03-01', to: '2026-04-20' }));
      expect(statement.closingBalance).toBe(2 ** 51 - 1);
      expect(statement.lines.at(-1)?.balance).toBe(2 ** 51 - 1);

      const aging = must(await agingReport(app, business));
      expect(aging.totals.outstanding).toBe(receivable);
      const agingBack = must(await agingReport(app, business, { asOf: '2026-03-10' }));
      expect(agingBack.totals.outstanding).toBe(receivable + 1);

      const kpis = must(await kpiReport(app, business, { from: '2026-03-01', to: '2026-04-20' }));
      expect(kpis.business.billed).toBe(receivable + 1);
      expect(kpis.business.receivableEnd).toBe(receivable);

      const forecast = must(await forecastReport(app, business));
      const spread =
        forecast.weeks.reduce((sum, week) => sum + BigInt(week.expected), 0n) +
        BigInt(forecast.later) +
        BigInt(forecast.atRisk) +
        BigInt(forecast.disputed);
      expect(spread).toBe(BigInt(receivable));

      const verified = must(await verifyLedger(app, business));
      expect(verified.problems).toEqual([]);
      expect(verified.receivable).toBe(receivable);

      // The journal is full: one more unit anywhere is refused.
      expect(refusedFields(await recordPayment(app, business, { customer: 'P001', amount: 1, method: 'cash' }))).toHaveProperty(
        'amount',
      );
      void siti;
      void budi;
      void ani;
    } finally {
      await app.close();
    }
  });

  it('issue 12 defect 5: one past the bound is refused with validation_failed naming the field', async () => {
    const { app, clock, business } = await openWithBusiness(await dialect.location(), {
      defaultCreditLimit: null,
      termsDays: 14,
    });
    try {
      must(await addCustomer(app, business, { name: 'Siti Rahayu', ref: 'P001' }));
      must(await addCustomer(app, business, { name: 'Ani Wijaya', ref: 'P003' }));

      // One amount past the bound, and lines whose sums pass it, before anything is written.
      expect(refusedFields(await recordSale(app, business, { customer: 'P001', amount: MAX + 1 })).amount).toContain(
        '9,007,199,254,740,991',
      );
      expect(
        refusedFields(
          await addInvoice(app, business, { customer: 'P001', lines: [{ description: 'Semen', quantity: 2, unitPrice: HALF }] }),
        ),
      ).toHaveProperty(['lines[0].unitPrice']);
      expect(
        refusedFields(
          await addInvoice(app, business, {
            customer: 'P001',
            lines: [{ description: 'Semen', quantity: 1, unitPrice: HALF, taxRateBps: 10_000 }],
          }),
        ),
      ).toHaveProperty(['lines[0].taxRateBps']);
      expect(
        refusedFields(
          await addInvoice(app, business, {
            customer: 'P001',
            lines: [
              { description: 'Semen', quantity: 1, unitPrice: HALF },
              { description: 'Pasir', quantity: 1, unitPrice: HALF },
            ],
          }),
        ),
      ).toHaveProperty('lines');
      expect(
        refusedFields(await recordPromise(app, business, { customer: 'P001', date: '2026-03-09', amount: MAX + 1 })),
      ).toHaveProperty('amount');

      // The journal filled to the bound: an invoice of 10 (with a dispute), then a payment of 2^53 - 11 to a customer who owes nothing.
      const invoice = must(await recordSale(app, business, { customer: 'P001', amount: 10 }));
      // A plan's amounts past the bound are refused by name, not by a crash.
      expect(
        refusedFields(
          await createPlan(app, business, { customer: 'P001', frequency: 'weekly', firstDate: '2026-03-09', amounts: [MAX, 1] }),
        ),
      ).toHaveProperty('amounts');
      const dispute = must(await openDispute(app, business, { invoice: invoice.number, reason: 'Barang rusak' }));
      must(await recordPayment(app, business, { customer: 'P003', amount: MAX - 10, method: 'bank_transfer' }));
      const pending = must(await reportPayment(app, business, { customer: 'P001', amount: 5, method: 'cash' }));

      // The issue's case: a payment of 1 more to the same customer.
      const payment = refusedFields(await recordPayment(app, business, { customer: 'P003', amount: 1, method: 'cash' }));
      expect(payment.amount).toContain('9,007,199,254,740,991');
      expect(refusedFields(await recordSale(app, business, { customer: 'P001', amount: 1 }))).toHaveProperty('amount');
      expect(
        refusedFields(
          await addInvoice(app, business, { customer: 'P001', lines: [{ description: 'Pulsa', quantity: 1, unitPrice: 1 }] }),
        ),
      ).toHaveProperty('lines');
      expect(
        refusedFields(await issueCreditNote(app, business, { invoice: invoice.number, amount: 1, reason: 'Retur' })),
      ).toHaveProperty('amount');
      expect(
        refusedFields(
          await settleDispute(app, business, { dispute: dispute.id, outcome: 'resolved', note: 'Retur', creditAmount: 1 }),
        ),
      ).toHaveProperty('creditAmount');
      expect(refusedFields(await writeOffInvoice(app, business, { invoice: invoice.number, reason: 'Macet' }))).toHaveProperty(
        'invoice',
      );
      expect(refusedFields(await voidInvoice(app, business, { invoice: invoice.number, reason: 'Salah' }))).toHaveProperty(
        'invoice',
      );
      expect(
        refusedFields(await verifyPendingPayment(app, business, { pending: pending.id, outcome: 'verified' })),
      ).toHaveProperty('pending');
      const csv =
        'customer_ref,customer_name,invoice_number,issue_date,due_date,amount\nP009,Joko,LAMA-1,2026-02-01,2026-02-15,1\n';
      expect(refusedFields(await importFile(app, business, { kind: 'invoices' }, new TextEncoder().encode(csv)))).toHaveProperty(
        'file',
      );

      // Nothing was written past the bound: every view still answers, exactly.
      const list = must(await listCustomers(app, business, {}));
      expect(list.customers.find((item) => item.ref === 'P003')?.credit).toBe(MAX - 10);
      expect(must(await showCustomer(app, business, 'P003')).credit).toBe(MAX - 10);
      const statement = must(await customerStatement(app, business, { customer: 'P003' }));
      expect(statement.closingBalance).toBe(-(MAX - 10));
      const verified = must(await verifyLedger(app, business));
      expect(verified.problems).toEqual([]);
      expect(verified.receivable).toBe(10);
      clock.set(new Date('2026-04-20T02:00:00Z'));
      must(await agingReport(app, business));
      must(await kpiReport(app, business, {}));
      must(await forecastReport(app, business));
    } finally {
      await app.close();
    }
  });

  it('issue 12 defect 5: an import row past the bound is refused by its column', async () => {
    const { app, business } = await openWithBusiness(await dialect.location(), { defaultCreditLimit: null });
    try {
      const csv =
        'customer_ref,customer_name,invoice_number,issue_date,due_date,amount,paid_date,paid_amount\n' +
        'P001,Siti,LAMA-1,2026-02-01,2026-02-15,9007199254740992,,\n' +
        'P002,Budi,LAMA-2,2026-02-01,2026-02-15,4503599627370496,2026-02-10,4503599627370496\n';
      const refused = await importFile(app, business, { kind: 'invoices' }, new TextEncoder().encode(csv));
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      const problems = (refused.details as { problems: { line: number; reason: string }[] }).problems;
      // Line 2: the amount itself; line 3: what the file would record (an invoice and its payment) passes the bound.
      expect(problems.find((problem) => problem.line === 2)?.reason).toContain('9,007,199,254,740,991');
      expect(problems.find((problem) => problem.line === 3)).toBeUndefined();
      const fits = csv.split('\n').slice(0, 1).concat(csv.split('\n').slice(2)).join('\n');
      expect(refusedFields(await importFile(app, business, { kind: 'invoices' }, new TextEncoder().encode(fits)))).toHaveProperty(
        'file',
      );
      const half = fits.replace('2026-02-10,4503599627370496', '2026-02-10,4503599627370495');
      must(await importFile(app, business, { kind: 'invoices' }, new TextEncoder().encode(half)));
      expect(must(await verifyLedger(app, business)).problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('issue 12 defect 5: the API refuses a write past the bound with 400 naming the field', async () => {
    const api = await openApi(dialect);
    try {
      const owner = await signUpOwner(api, `bound-${process.pid}@example.com`, 'Toko Batas');
      const as = { session: owner.session };
      const customer = await api.call('POST', '/api/v1/customers', { body: { name: 'Ani Wijaya', ref: 'P003' }, as });
      expect(customer.status).toBe(201);
      const first = await api.call('POST', '/api/v1/payments', { body: { customerId: 'P003', amount: MAX, method: 'cash' }, as });
      expect(first.status).toBe(201);
      const second = await api.call('POST', '/api/v1/payments', {
        body: { customerId: 'P003', amount: 1, method: 'cash' },
        as,
        headers: { 'accept-language': 'id' },
      });
      expect(second.status).toBe(400);
      expect(second.body.error.code).toBe('validation_failed');
      expect(second.body.error.details.fields.amount).toContain('Rp 9.007.199.254.740.991');
      const tooBig = await api.call('POST', '/api/v1/invoices', {
        body: { customerId: 'P003', lines: [{ description: 'Semen', quantity: 3, unitPrice: 2 ** 52 }] },
        as,
        headers: { 'accept-language': 'en' },
      });
      expect(tooBig.status).toBe(400);
      expect(
        tooBig.body.error.details.fields['lines.0.unitPrice'] ?? tooBig.body.error.details.fields['lines[0].unitPrice'],
      ).toContain('Rp 9.007.199.254.740.991');
      const promise = await api.call('POST', '/api/v1/promises', {
        body: { customerId: 'P003', date: '2026-03-09', amount: MAX + 1 },
        as,
        headers: { 'accept-language': 'en' },
      });
      expect(promise.status).toBe(400);
      expect(promise.body.error.details.fields.amount).toContain('Rp 9.007.199.254.740.991');
      const list = await api.call('GET', '/api/v1/customers', { as });
      expect(list.status).toBe(200);
      expect(list.body.customers[0].credit).toBe(MAX);
      const shown = await api.call('GET', '/api/v1/customers/P003', { as });
      expect(shown.status).toBe(200);
    } finally {
      await api.close();
    }
  });
});

void fixedClock;
