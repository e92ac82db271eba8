/**
 * The store suite: every use case against a real database, once per dialect
 * (SQLite always, PostgreSQL when the test cluster is up).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addCustomer, listCustomers, setHold, showCustomer } from '../src/app/customers.js';
import { issueCreditNote, voidInvoice, writeOffInvoice } from '../src/app/corrections.js';
import { addInvoice, recordSale } from '../src/app/invoices.js';
import type { OpenApp } from '../src/app/open.js';
import { recordPayment } from '../src/app/payments.js';
import { agingReport, verifyLedger } from '../src/app/reports.js';
import { initBusiness } from '../src/app/businesses.js';
import type { Business } from '../src/core/parties.js';
import { auditOfObject } from '../src/store/records-repo.js';
import { DIALECTS, must, openWithBusiness } from './helpers.js';

async function counts(app: OpenApp): Promise<Record<string, number>> {
  const tables = [
    'customers',
    'invoices',
    'invoice_lines',
    'payments',
    'journal_entries',
    'journal_lines',
    'audit_log',
    'idempotency_keys',
    'credit_notes',
  ] as const;
  const result: Record<string, number> = {};
  for (const table of tables) {
    const row = await app.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

async function expectVerified(app: OpenApp, business: Business): Promise<void> {
  const report = must(await verifyLedger(app, business));
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
}

describe.each(DIALECTS)('store on $name', (dialect) => {
  let app: OpenApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function setup(settings: Parameters<typeof openWithBusiness>[1] = { defaultCreditLimit: 500_000, termsDays: 14 }) {
    const opened = await openWithBusiness(await dialect.location(), settings);
    app = opened.app;
    const ani = must(await addCustomer(opened.app, opened.business, { name: 'Ani', phone: '0812-3456-7890', ref: 'P001' }));
    return { ...opened, ani };
  }

  it('numbers invoices per business without gaps, even around a refused sale', async () => {
    const { app, business, ani } = await setup();
    const first = must(await recordSale(app, business, { customer: 'P001', amount: 400_000 }));
    const refused = await recordSale(app, business, { customer: 'P001', amount: 200_000 });
    const second = must(await recordSale(app, business, { customer: ani.id, amount: 100_000, item: 'Pulsa 100rb' }));
    expect(first.number).toBe('INV-2026-000001');
    expect(refused.ok).toBe(false);
    expect(second.number).toBe('INV-2026-000002');
    expect(second).toMatchObject({
      issueDate: '2026-03-02',
      dueDate: '2026-03-16',
      total: 100_000,
      outstanding: 100_000,
      status: 'open',
    });
    expect(second.lines).toEqual([
      expect.objectContaining({ description: 'Pulsa 100rb', quantity: 1, unitPrice: 100_000, amount: 100_000 }),
    ]);
    await expectVerified(app, business);
  });

  it('refuses a sale over the limit with the numbers, and records an owner override', async () => {
    const { app, business, ani } = await setup();
    must(await recordSale(app, business, { customer: ani.id, amount: 465_000 }));
    const refused = await recordSale(app, business, { customer: ani.id, amount: 70_000 });
    expect(refused).toMatchObject({
      ok: false,
      code: 'credit_limit_exceeded',
      details: { limit: 500_000, exposure: 465_000, shortfall: 35_000 },
    });
    const overridden = must(
      await recordSale(app, business, { customer: ani.id, amount: 70_000, overrideReason: 'Langganan lama, bayar Jumat' }),
    );
    expect(overridden.overrideReason).toBe('Langganan lama, bayar Jumat');
    const audit = await auditOfObject(app.store.db, business.id, 'invoice', overridden.id);
    expect(audit.map((record) => record.action)).toEqual(['sale.create', 'credit.override']);
    expect(audit[1]?.details).toMatchObject({ reason: 'Langganan lama, bayar Jumat', refusal: 'credit_limit_exceeded' });
    const staff = await recordSale({ ...app, actor: { name: 'staff', role: 'staff' } }, business, {
      customer: ani.id,
      amount: 1,
      overrideReason: 'x',
    });
    expect(staff).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('blocks a customer on hold or long overdue, and lets them buy again when released', async () => {
    const { app, clock, business, ani } = await setup({ defaultCreditLimit: null, overdueBlockDays: 30, termsDays: 7 });
    must(await setHold(app, business, 'hold', { customer: 'P001', reason: 'Transfer ditolak bank' }));
    expect(await recordSale(app, business, { customer: ani.id, amount: 1_000 })).toMatchObject({
      ok: false,
      code: 'customer_on_hold',
      details: { reason: 'Transfer ditolak bank' },
    });
    must(await setHold(app, business, 'release', { customer: 'P001', reason: 'Sudah lunas' }));
    must(await recordSale(app, business, { customer: ani.id, amount: 1_000 }));
    clock.advanceMs(38 * 86_400_000); // due after 7 days, so 31 days overdue
    expect(await recordSale(app, business, { customer: ani.id, amount: 1_000 })).toMatchObject({
      ok: false,
      code: 'customer_on_hold',
      details: { overdueDays: 31 },
    });
  });

  it('allocates oldest due first, keeps the excess as credit, and applies it to the next invoice', async () => {
    const { app, business, ani } = await setup();
    const a = must(
      await recordSale(app, business, {
        customer: ani.id,
        amount: 30_000,
        date: '2026-03-01',
        allowOldDate: true,
        due: '2026-03-20',
      }),
    );
    const b = must(
      await recordSale(app, business, {
        customer: ani.id,
        amount: 20_000,
        date: '2026-02-20',
        allowOldDate: true,
        due: '2026-03-05',
      }),
    );
    const payment = must(
      await recordPayment(app, business, { customer: ani.id, amount: 60_000, method: 'ewallet', provider: 'gopay' }),
    );
    expect(payment.allocations).toEqual([
      { invoiceId: b.id, invoiceNumber: b.number, amount: 20_000 },
      { invoiceId: a.id, invoiceNumber: a.number, amount: 30_000 },
    ]);
    expect(payment.unapplied).toBe(10_000);
    let customer = must(await showCustomer(app, business, ani.id));
    expect(customer).toMatchObject({ balance: 0, credit: 10_000, openInvoices: [] });
    const next = must(await recordSale(app, business, { customer: ani.id, amount: 25_000 }));
    expect(next.outstanding).toBe(15_000);
    customer = must(await showCustomer(app, business, ani.id));
    expect(customer).toMatchObject({ balance: 15_000, credit: 0 });
    await expectVerified(app, business);
  });

  it('pays a named invoice only, and says why it cannot', async () => {
    const { app, business, ani } = await setup();
    const budi = must(await addCustomer(app, business, { name: 'Budi', ref: 'P002' }));
    const older = must(
      await recordSale(app, business, { customer: ani.id, amount: 10_000, date: '2026-02-01', allowOldDate: true }),
    );
    const newer = must(await recordSale(app, business, { customer: ani.id, amount: 10_000 }));
    const budis = must(await recordSale(app, business, { customer: budi.id, amount: 10_000 }));
    const paid = must(
      await recordPayment(app, business, { customer: ani.id, amount: 10_000, method: 'cash', invoice: newer.id }),
    );
    expect(paid.allocations).toEqual([{ invoiceId: newer.id, invoiceNumber: newer.number, amount: 10_000 }]);
    expect(await recordPayment(app, business, { customer: ani.id, amount: 1, method: 'cash', invoice: newer.id })).toMatchObject({
      ok: false,
      code: 'invoice_not_open',
    });
    expect(await recordPayment(app, business, { customer: ani.id, amount: 1, method: 'cash', invoice: budis.id })).toMatchObject({
      ok: false,
      code: 'validation_failed',
      details: { fields: { invoice: expect.stringContaining('another customer') } },
    });
    expect(
      await recordPayment(app, business, { customer: ani.id, amount: 1, method: 'cash', invoice: 'inv_nope' }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(must(await showCustomer(app, business, ani.id)).openInvoices.map((i) => i.id)).toEqual([older.id]);
  });

  it('answers every bad input with validation_failed naming the field, and writes nothing', async () => {
    const { app, business, ani } = await setup();
    const before = await counts(app);
    const cases = [
      [await recordSale(app, business, { customer: ani.id, amount: -5 }), 'amount'],
      [await recordSale(app, business, { customer: ani.id, amount: 1.5 }), 'amount'],
      [await recordSale(app, business, { customer: ani.id, amount: Number.NaN }), 'amount'],
      [await recordSale(app, business, { customer: ani.id, amount: 2 ** 53 }), 'amount'],
      [await recordSale(app, business, { customer: ani.id, amount: 10, date: '2026-02-30' }), 'date'],
      [await recordSale(app, business, { customer: ani.id, amount: 10, date: '2026-03-02', due: '2026-03-01' }), 'due'],
      [await addCustomer(app, business, { name: 'X', phone: '12345' }), 'phone'],
      [await addCustomer(app, business, { name: 'X', email: 'not-an-email' }), 'email'],
      [await addCustomer(app, business, { name: 'X', ref: 'P001' }), 'ref'],
      [await addCustomer(app, business, { name: '' }), 'name'],
      [await recordPayment(app, business, { customer: ani.id, amount: 10, method: 'cheque' as 'cash' }), 'method'],
      [await recordPayment(app, business, { customer: ani.id, amount: 10, method: 'ewallet' }), 'provider'],
      [await addInvoice(app, business, { customer: ani.id, lines: [] }), 'lines'],
      [
        await addInvoice(app, business, { customer: ani.id, lines: [{ description: 'Jasa', quantity: 1.2345, unitPrice: 10 }] }),
        'lines.0.quantity',
      ],
    ] as const;
    for (const [result, field] of cases) {
      expect(result.ok, field).toBe(false);
      expect(!result.ok && result.code).toBe('validation_failed');
      expect(!result.ok && Object.keys(result.details.fields as object)).toContain(field);
    }
    expect(await recordSale(app, business, { customer: 'nobody', amount: 10 })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await counts(app)).toEqual(before);
  });

  it('replays an idempotency key with the first answer, and refuses it for another request', async () => {
    const { app, business, ani } = await setup();
    const first = must(await recordSale(app, business, { customer: ani.id, amount: 12_000, idempotencyKey: 'sale-1' }));
    const before = await counts(app);
    const replay = must(await recordSale(app, business, { customer: ani.id, amount: 12_000, idempotencyKey: 'sale-1' }));
    expect(replay).toEqual(first);
    expect(await counts(app)).toEqual(before);
    const conflict = await recordSale(app, business, { customer: ani.id, amount: 13_000, idempotencyKey: 'sale-1' });
    expect(conflict).toMatchObject({ ok: false, code: 'idempotency_conflict' });
    const otherCommand = await recordPayment(app, business, {
      customer: ani.id,
      amount: 12_000,
      method: 'cash',
      idempotencyKey: 'sale-1',
    });
    expect(otherCommand).toMatchObject({ ok: false, code: 'idempotency_conflict' });
    expect(await counts(app)).toEqual(before);
    // A refused command stores nothing under its key: the owner may retry it once the reason is gone.
    const refused = await recordSale(app, business, { customer: ani.id, amount: 600_000, idempotencyKey: 'big' });
    expect(refused).toMatchObject({ ok: false, code: 'credit_limit_exceeded' });
    must(await recordSale(app, business, { customer: ani.id, amount: 600_000, overrideReason: 'ok', idempotencyKey: 'big' }));
  });

  it('corrects by credit note, write-off and void, never by editing', async () => {
    const { app, business, ani } = await setup({ defaultCreditLimit: null });
    const invoice = must(
      await addInvoice(app, business, {
        customer: ani.id,
        reference: 'PO-2026-17',
        lines: [
          { description: 'Konsultasi', quantity: 2.5, unitPrice: 400_000 },
          { description: 'Laporan', quantity: 1, unitPrice: 250_000, discount: 50_000, taxRateBps: 1_100 },
        ],
      }),
    );
    expect(invoice).toMatchObject({ subtotal: 1_200_000, tax: 22_000, total: 1_222_000, reference: 'PO-2026-17' });
    expect(await issueCreditNote(app, business, { invoice: invoice.id, amount: 1_222_001, reason: 'x' })).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    const note = must(
      await issueCreditNote(app, business, { invoice: invoice.id, amount: 22_000, reason: 'Pajak salah hitung' }),
    );
    expect(note).toMatchObject({ number: 'CN-2026-000001', invoice: { outstanding: 1_200_000, total: 1_222_000 } });
    expect(await voidInvoice(app, business, { invoice: invoice.id, reason: 'salah' })).toMatchObject({
      ok: false,
      code: 'invoice_not_open',
    });
    const written = must(await writeOffInvoice(app, business, { invoice: invoice.id, reason: 'Perusahaan tutup' }));
    expect(written).toMatchObject({ status: 'written_off', outstanding: 0 });
    expect(await writeOffInvoice(app, business, { invoice: invoice.id, reason: 'again' })).toMatchObject({
      ok: false,
      code: 'invoice_not_open',
    });
    expect(
      await recordPayment(app, business, { customer: ani.id, amount: 5, method: 'cash', invoice: invoice.id }),
    ).toMatchObject({ ok: false, code: 'invoice_not_open' });

    const mistake = must(await recordSale(app, business, { customer: ani.id, amount: 9_000 }));
    const voided = must(await voidInvoice(app, business, { invoice: mistake.id, reason: 'Salah pelanggan' }));
    expect(voided).toMatchObject({ status: 'void', outstanding: 0, total: 9_000 });
    expect(must(await showCustomer(app, business, ani.id)).balance).toBe(0);
    await expectVerified(app, business);
  });

  it('ages receivables as the book stood on any date, adding up to the balances', async () => {
    const { app, clock, business, ani } = await setup({ defaultCreditLimit: null, termsDays: 10 });
    const budi = must(await addCustomer(app, business, { name: 'Budi' }));
    must(await recordSale(app, business, { customer: ani.id, amount: 100_000, date: '2026-01-01', allowOldDate: true })); // due 01-11
    must(await recordSale(app, business, { customer: budi.id, amount: 50_000, date: '2026-02-20', allowOldDate: true })); // due 03-02
    must(
      await recordPayment(app, business, {
        customer: ani.id,
        amount: 40_000,
        method: 'cash',
        date: '2026-02-15',
        allowOldDate: true,
      }),
    );
    clock.set(new Date('2026-03-10T02:00:00Z'));
    must(await recordPayment(app, business, { customer: budi.id, amount: 50_000, method: 'qris', date: '2026-03-10' }));

    const today = must(await agingReport(app, business));
    expect(today.asOf).toBe('2026-03-10');
    expect(today.totals).toEqual({
      outstanding: 60_000,
      byBucket: { current: 0, '1-30': 0, '31-60': 60_000, '61-90': 0, '90+': 0 },
    });
    const balances = must(await listCustomers(app, business)).customers.reduce((sum, c) => sum + c.balance, 0);
    expect(today.totals.outstanding).toBe(balances);

    const past = must(await agingReport(app, business, { asOf: '2026-02-10' }));
    expect(past.totals).toEqual({
      outstanding: 100_000,
      byBucket: { current: 0, '1-30': 100_000, '31-60': 0, '61-90': 0, '90+': 0 },
    });
    const beforeBudiPaid = must(await agingReport(app, business, { asOf: '2026-03-05', buckets: '7,14' }));
    expect(beforeBudiPaid.buckets.map((b) => b.key)).toEqual(['current', '1-7', '8-14', '14+']);
    expect(beforeBudiPaid.customers.map((c) => [c.name, c.outstanding, c.byBucket])).toEqual([
      ['Ani', 60_000, { current: 0, '1-7': 0, '8-14': 0, '14+': 60_000 }],
      ['Budi', 50_000, { current: 0, '1-7': 50_000, '8-14': 0, '14+': 0 }],
    ]);
    expect(must(await agingReport(app, business, { asOf: '2025-12-31' })).totals.outstanding).toBe(0);
    expect(await agingReport(app, business, { asOf: '31/12/2025' })).toMatchObject({ ok: false, code: 'validation_failed' });
  });

  it('keeps businesses apart', async () => {
    const { app, business, ani } = await setup();
    const other = must(await initBusiness(app, { name: 'Toko Lain' }));
    const otherBusiness = { ...business, id: other.id };
    expect(await showCustomer(app, otherBusiness, ani.id)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await recordSale(app, otherBusiness, { customer: ani.id, amount: 1 })).toMatchObject({ ok: false, code: 'not_found' });
    // A ref is unique per business, not across them.
    must(await addCustomer(app, otherBusiness, { name: 'Ani lain', ref: 'P001' }));
    expect(must(await listCustomers(app, otherBusiness)).customers).toHaveLength(1);
  });

  it('lists customers a page at a time', async () => {
    const { app, business } = await setup();
    for (let i = 0; i < 4; i++) must(await addCustomer(app, business, { name: `C${i}` }));
    const first = must(await listCustomers(app, business, { limit: 3 }));
    expect(first.customers.map((c) => c.name)).toEqual(['Ani', 'C0', 'C1']);
    const second = must(await listCustomers(app, business, { limit: 3, after: first.nextCursor as string }));
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.customers.map((c) => c.name)).toEqual(['C2', 'C3']);
    expect(await listCustomers(app, business, { limit: 0 })).toMatchObject({ ok: false, code: 'validation_failed' });
  });
});
