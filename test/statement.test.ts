/**
 * The statement of account: opening balance from before the period, every
 * entry of the period with the running balance (invoice, payment, fee, fee
 * waiver, discount, credit note, write-off), the closing balance equal to the
 * customer's balance, and the aging of what is open. CSV reads back to the same
 * figures; the PDF, read by poppler's pdftotext, shows them; the API serves all three.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../src/app/collection.js';
import { issueCreditNote, writeOffInvoice } from '../src/app/corrections.js';
import { addCustomer } from '../src/app/customers.js';
import { waiveFee } from '../src/app/fee-waivers.js';
import { addInvoice, recordSale } from '../src/app/invoices.js';
import { recordPayment } from '../src/app/payments.js';
import { setPolicy } from '../src/app/policies.js';
import { customerStatement, renderStatement } from '../src/app/statements.js';
import { parseCsv } from '../src/core/csv.js';
import { formatDate } from '../src/core/i18n/catalogue.js';
import { DIALECTS, freshDataDir, must, openWithBusiness } from './helpers.js';
import { openApi, signUpOwner } from './api-helpers.js';

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const PDFTOTEXT = hasPdftotext();
if (!PDFTOTEXT)
  console.warn('pdftotext is not installed (apt-get install poppler-utils): reading the statement PDF back is SKIPPED.');

/** A customer with a month of everything: START is 2026-03-02. */
async function history(location: Awaited<ReturnType<(typeof DIALECTS)[number]['location']>>) {
  const { app, business, clock } = await openWithBusiness(location);
  must(
    await setPolicy(app, business, {
      policy: {
        graceDays: 0,
        lateFee: { kind: 'flat', amount: 2_000, period: 'week', capAmount: null },
        earlyDiscount: { rateBps: 200, withinDays: 5 },
      },
    }),
  );
  const customer = must(await addCustomer(app, business, { name: 'Rina', ref: 'R1' }));
  // Before the period: 50,000 owed since February.
  const old = must(
    await recordSale(app, business, {
      customer: 'R1',
      amount: 50_000,
      date: '2026-02-10',
      allowOldDate: true,
      due: '2026-02-20',
    }),
  );
  // In the period (March): a new invoice, a partial payment of the old one, a fee, its waiver, a credit note, an early discount.
  const march = must(
    await addInvoice(app, business, {
      customer: 'R1',
      lines: [{ description: 'Voucher', quantity: 2, unitPrice: 40_000 }],
      date: '2026-03-02',
      due: '2026-03-06',
    }),
  );
  // Entries are never dated after today: the payment is recorded on its day.
  clock.set(new Date(Date.UTC(2026, 2, 3, 2)));
  must(
    await recordPayment(app, business, { customer: 'R1', amount: 20_000, method: 'cash', date: '2026-03-03', invoice: old.id }),
  );
  clock.set(new Date(Date.UTC(2026, 2, 10, 2)));
  const day = must(await collect(app, business, {}));
  const fees = [...day.fees, ...(day.caughtUp ?? []).flatMap((d) => d.fees)].filter((fee) => fee.invoiceId === march.id);
  expect(fees.length).toBeGreaterThan(0);
  must(await waiveFee(app, business, { invoice: march.id, period: 1, reason: 'first time' }));
  must(await issueCreditNote(app, business, { invoice: march.id, amount: 10_000, reason: 'one voucher short' }));
  const april = must(await recordSale(app, business, { customer: 'R1', amount: 100_000, date: '2026-03-10', due: '2026-03-31' }));
  must(
    await recordPayment(app, business, {
      customer: 'R1',
      amount: 98_000,
      method: 'bank_transfer',
      date: '2026-03-10',
      invoice: april.id,
      reference: 'TRF-77',
    }),
  );
  must(await writeOffInvoice(app, business, { invoice: old.id, reason: 'moved away' }));
  return { app, business, customer, clock, old, march, april };
}

for (const dialect of DIALECTS)
  describe(`statement of account on ${dialect.name}`, () => {
    it('carries the opening balance, every entry with its running balance, and closes at the customer balance', async () => {
      const { app, business, customer } = await history(await dialect.location());
      const statement = must(await customerStatement(app, business, { customer: 'R1', from: '2026-03-01', to: '2026-03-10' }));
      // 50,000 owed since February; entered on 03-02, it is charged no fee for the weeks before (issue 11 defect 7).
      expect(statement.openingBalance).toBe(50_000);
      const kinds = statement.lines.map((line) => line.kind);
      expect(kinds).toEqual([
        'invoice',
        'payment',
        'fee',
        'fee',
        'fee_waiver',
        'credit_note',
        'invoice',
        'payment',
        'discount',
        'write_off',
      ]);
      expect(statement.lines.map((line) => line.date)).toEqual([
        '2026-03-02',
        '2026-03-03',
        '2026-03-07',
        '2026-03-07',
        ...Array(6).fill('2026-03-10'),
      ]);
      // The running balance is the opening plus each line, in order.
      let running = statement.openingBalance as number;
      for (const line of statement.lines) {
        running += line.charge - line.credit;
        expect(line.balance).toBe(running);
        expect(line.charge === 0 || line.credit === 0).toBe(true);
      }
      expect(statement.closingBalance).toBe(running);
      expect(statement.closingBalance).toBe(statement.openingBalance + statement.totals.charges - statement.totals.credits);
      const now = await app.store.db.selectFrom('customers').selectAll().where('id', '=', customer.id).executeTakeFirstOrThrow();
      expect(statement.closingBalance).toBe(Number(now.balance_minor) - Number(now.credit_minor));
      // The figures of the lines, by hand: the early discount is 2% of 100,000; the write-off is what was left of the
      // old sale: 50,000 + the one fee of 2,000 whose week started after it was entered (03-07) - 20,000 paid.
      expect(statement.lines.find((line) => line.kind === 'discount')?.credit).toBe(2_000);
      expect(statement.lines.find((line) => line.kind === 'write_off')?.credit).toBe(32_000);
      expect(statement.lines.find((line) => line.kind === 'credit_note')?.credit).toBe(10_000);
      expect(statement.lines.find((line) => line.kind === 'fee')?.charge).toBe(2_000);
      expect(statement.lines.find((line) => line.kind === 'fee_waiver')?.credit).toBe(2_000);
      expect(statement.lines[7]?.document).toMatch(/^TRF-77 \/ INV-2026-/);
      // 80,000 of vouchers less the 10,000 credit note; the fee was waived, the rest paid, discounted or written off.
      expect(statement.closingBalance).toBe(70_000);
      // Open at the end: the March invoice, less its credit note, plus fees not waived; its aging adds up.
      expect(statement.openInvoices.map((item) => item.number)).toEqual([statement.lines[0]?.document]);
      const aged = Object.values(statement.aging.byBucket).reduce((sum, amount) => sum + amount, 0);
      expect(aged).toBe(statement.closingBalance);

      // The period before the first entry is empty and balanced at zero.
      const before = must(
        await customerStatement(app, business, { customer: customer.id, from: '2025-01-01', to: '2025-12-31' }),
      );
      expect([before.openingBalance, before.lines.length, before.closingBalance]).toEqual([0, 0, 0]);
      // Dates after today, and periods backwards, are refused by name.
      const future = must(await customerStatement(app, business, { customer: 'R1', to: '2027-01-01' }));
      expect([future.from, future.to, future.closingBalance]).toEqual(['2026-03-01', '2026-03-10', 70_000]);
      const ahead = await customerStatement(app, business, { customer: 'R1', from: '2026-04-01', to: '2026-04-30' });
      expect(ahead.ok || ahead.details.fields).toEqual({ from: '1 April 2026 is after today (10 March 2026)' });
      const backwards = await customerStatement(app, business, { customer: 'R1', from: '2026-03-05', to: '2026-03-01' });
      expect(backwards.ok || backwards.details.fields).toEqual({
        from: '5 March 2026 is after the end of the period 1 March 2026',
      });
      expect((await customerStatement(app, business, { customer: 'nobody' })).ok).toBe(false);
      await app.close();
    });

    it('renders CSV that reads back to the same balances, and a PDF that shows them', async () => {
      const { app, business } = await history(await dialect.location());
      const statement = must(await customerStatement(app, business, { customer: 'R1', from: '2026-03-01', to: '2026-03-10' }));
      const csv = await renderStatement(statement, 'csv');
      const table = parseCsv(csv.body as string);
      expect(table.header).toEqual(['date', 'kind', 'description', 'document', 'charge', 'credit', 'balance', 'balance_minor']);
      expect(table.records.map((record) => Number(record.fields[7]))).toEqual([
        statement.openingBalance,
        ...statement.lines.map((line) => line.balance),
        statement.closingBalance,
      ]);
      expect(table.records[0]?.fields.slice(0, 3)).toEqual(['2026-03-01', 'opening', 'Saldo awal']);
      const pdf = await renderStatement(statement, 'pdf');
      const bytes = pdf.body as Uint8Array;
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      if (PDFTOTEXT) {
        const file = path.join(freshDataDir(), 'statement.pdf');
        fs.writeFileSync(file, bytes);
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        expect(text).toContain('Laporan Rekening Pelanggan');
        expect(text).toContain('Rina (R1)');
        expect(text).toContain('Saldo akhir');
        expect(text).toContain('Penghapusan piutang');
        // Dates as people write them (issue 13 part 6: the PDF shares the invoice's formatting).
        for (const line of statement.lines) expect(text).toContain(formatDate(line.date, 'id'));
      }
      await app.close();
    });
  });

describe('statement over the API', () => {
  it('answers JSON, CSV and PDF', async () => {
    const dialect = DIALECTS[0] as (typeof DIALECTS)[number];
    const api = await openApi(dialect);
    const owner = await signUpOwner(api, `statement-${Date.now()}@example.com`, 'Toko S');
    const as = { session: owner.session };
    const customer = await api.call('POST', '/api/v1/customers', { body: { name: 'Tono', ref: 'T1' }, as });
    await api.call('POST', '/api/v1/invoices', { body: { customerId: customer.body.id, amount: 25_000 }, as });
    const json = await api.call('GET', '/api/v1/customers/T1/statement', { as });
    expect(json.status).toBe(200);
    expect(json.body.closingBalance).toBe(25_000);
    const csv = await api.call('GET', `/api/v1/customers/${customer.body.id}/statement?format=csv`, { as });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body)).toContain('closing');
    const pdf = await api.call('GET', `/api/v1/customers/${customer.body.id}/statement?format=pdf`, { as });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(String(pdf.body).startsWith('%PDF-')).toBe(true);
    const bad = await api.call('GET', `/api/v1/customers/${customer.body.id}/statement?format=doc`, { as });
    expect(bad.status).toBe(400);
    await api.close();
  });
});
