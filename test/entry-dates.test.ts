/**
 * Issue 11 defect 6: dates that cannot be right are refused. Nothing is dated
 * after today; a date before the business's first day, or more than its
 * backdate limit ago, needs --allow-old-date (API: allowOldDate); imported
 * history keeps its dates and moves the first day back; and every view of one
 * day (customer show, aging, statement) says the same.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { openApi, signUpOwner, tokenFor } from './api-helpers.js';
import { uniqueEmail } from './api-fixture.js';
import { DIALECTS, freshDataDir } from './helpers.js';

const TODAY = '2026-12-03';
const NOW = { LUNAS_NOW: `${TODAY}T02:00:00Z` };

async function lunas(dataDir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--data', dataDir, ...args], NOW, { out: (t) => out.push(t), err: (t) => err.push(t) });
  const stdout = out.join('\n');
  const stderr = err.join('\n');
  return { code, stdout, stderr, json: () => JSON.parse(stdout), error: () => JSON.parse(stderr).error };
}

async function storeWithCustomer() {
  const dir = freshDataDir();
  expect((await lunas(dir, ['init', '--name', 'Toko Berkah'])).code).toBe(0);
  expect((await lunas(dir, ['customer', 'add', '--name', 'Siti Rahayu', '--ref', 'P001'])).code).toBe(0);
  return dir;
}

describe('issue 11 defect 6: dates that cannot be right are refused', () => {
  it('issue 11 defect 6: a typo of a year, a date after today, and old dates without the flag are refused, writing nothing', async () => {
    const dir = await storeWithCustomer();
    const typo = await lunas(dir, ['--json', 'sale', '--customer', 'P001', '--amount', '50000', '--date', '1999-01-01']);
    expect(typo.code).toBe(2);
    expect(typo.error().code).toBe('validation_failed');
    expect(typo.error().details.fields.date).toContain('1 Januari 1999');

    const future = await lunas(dir, ['--json', 'sale', '--customer', 'P001', '--amount', '50000', '--date', '2027-01-05']);
    expect(future.code).toBe(2);
    expect(future.error().details.fields.date).toBe('tanggal 5 Januari 2027 sesudah hari ini 3 Desember 2026');
    // A reported payment's day is checked the same way (found by a user trying it: 1999 was accepted).
    const reported = await lunas(dir, [
      '--json',
      'pending',
      'add',
      '--customer',
      'P001',
      '--amount',
      '5000',
      '--method',
      'cash',
      '--date',
      '1999-10-16',
    ]);
    expect(reported.code).toBe(2);
    expect(reported.error().details.fields.date).toContain('16 Oktober 1999');
    // The flag allows old dates, never future ones.
    const flagged = await lunas(dir, ['sale', '--customer', 'P001', '--amount', '1', '--date', '2027-01-05', '--allow-old-date']);
    expect(flagged.code).toBe(2);

    // Nothing was written: no INV-1999 number, no hold, no balance.
    const shown = await lunas(dir, ['--json', 'customer', 'show', 'P001']);
    expect(shown.json()).toMatchObject({ balance: 0, overdue: 0, status: 'active', openInvoices: [] });

    // A sale today, then a payment and a credit note dated after today are refused too.
    expect((await lunas(dir, ['sale', '--customer', 'P001', '--amount', '100000'])).code).toBe(0);
    const pay = await lunas(dir, [
      '--json',
      'pay',
      '--customer',
      'P001',
      '--amount',
      '1000',
      '--method',
      'cash',
      '--date',
      '2027-02-01',
    ]);
    expect(pay.error().details.fields.date).toContain('sesudah hari ini');
    const note = await lunas(dir, [
      '--json',
      'credit-note',
      '--invoice',
      'INV-2026-000001',
      '--amount',
      '1000',
      '--reason',
      'x',
      '--date',
      '2026-12-04',
    ]);
    expect(note.error().details.fields.date).toContain('sesudah hari ini');

    // Before the business's first day (created today): refused unless the person says the date is meant.
    const before = await lunas(dir, ['--json', 'sale', '--customer', 'P001', '--amount', '20000', '--date', '2026-11-20']);
    expect(before.error().details.fields.date).toContain('sebelum hari pertama usaha 3 Desember 2026');
    const meant = await lunas(dir, [
      '--json',
      'sale',
      '--customer',
      'P001',
      '--amount',
      '20000',
      '--date',
      '2026-11-20',
      '--allow-old-date',
    ]);
    expect(meant.code).toBe(0);
    expect(meant.json().issueDate).toBe('2026-11-20');
    // That entry moved the first day back: later entries may follow it without the flag.
    expect(
      (await lunas(dir, ['pay', '--customer', 'P001', '--amount', '5000', '--method', 'cash', '--date', '2026-11-25'])).code,
    ).toBe(0);
  });

  it('issue 11 defect 6: imported history keeps its dates, and entries may then follow it within the backdate limit', async () => {
    const dir = await storeWithCustomer();
    const file = path.join(dir, 'history.csv');
    fs.writeFileSync(
      file,
      [
        'customer_ref,customer_name,invoice_number,issue_date,due_date,amount,paid_date',
        'P001,Siti Rahayu,F-0001,2025-03-01,2025-03-31,150000,2025-03-20',
        'P002,Budi Santoso,F-0002,2026-01-10,2026-02-10,80000,',
      ].join('\n'),
    );
    expect((await lunas(dir, ['import', 'invoices', file])).code).toBe(0);
    // Within 366 days and after the book's first day (2025-03-01): accepted as it is.
    const pay = await lunas(dir, [
      '--json',
      'pay',
      '--customer',
      'P002',
      '--amount',
      '30000',
      '--method',
      'cash',
      '--date',
      '2026-02-15',
    ]);
    expect(pay.code).toBe(0);
    // More than 366 days back (2025-12-02 is the limit), though after the first day: needs the flag.
    const old = await lunas(dir, [
      '--json',
      'pay',
      '--customer',
      'P002',
      '--amount',
      '1000',
      '--method',
      'cash',
      '--date',
      '2025-11-30',
    ]);
    expect(old.error().details.fields.date).toContain('lebih dari 366 hari sebelum hari ini 3 Desember 2026');
  });

  it('issue 11 defect 6: customer show, aging and statement agree on one day', async () => {
    const dir = await storeWithCustomer();
    await lunas(dir, ['sale', '--customer', 'P001', '--amount', '200000', '--date', '2026-11-01', '--allow-old-date']);
    await lunas(dir, ['sale', '--customer', 'P001', '--amount', '100000']);
    await lunas(dir, ['sale', '--customer', 'P001', '--amount', '100000', '--date', '2026-12-10']);
    await lunas(dir, ['pay', '--customer', 'P001', '--amount', '30000', '--method', 'cash', '--date', '2027-01-01']);
    const shown = (await lunas(dir, ['--json', 'customer', 'show', 'P001'])).json();
    const aging = (await lunas(dir, ['--json', 'aging'])).json();
    const statement = (await lunas(dir, ['--json', 'statement', '--customer', 'P001', '--from', '2026-11-01'])).json();
    expect(shown.balance).toBe(300_000);
    expect(aging.totals.outstanding).toBe(shown.balance);
    expect(statement.closingBalance).toBe(shown.balance);
  });

  it.each(DIALECTS)('issue 11 defect 6: the API refuses the same dates and takes allowOldDate ($name)', async (dialect) => {
    const api = await openApi(dialect);
    try {
      api.clock.set(new Date(NOW.LUNAS_NOW));
      const owner = await signUpOwner(api, uniqueEmail('dates'));
      const as = { token: await tokenFor(api, owner, 'owner') };
      expect((await api.call('POST', '/api/v1/customers', { body: { name: 'Siti', ref: 'P001' }, as })).status).toBe(201);
      const future = await api.call('POST', '/api/v1/invoices', {
        body: { customerId: 'P001', amount: 5_000, issueDate: '2027-01-05' },
        as,
      });
      expect(future.status).toBe(400);
      expect(future.body.error.details.fields.date).toBe('tanggal 5 Januari 2027 sesudah hari ini 3 Desember 2026');
      const typo = await api.call('POST', '/api/v1/invoices', {
        body: { customerId: 'P001', amount: 5_000, issueDate: '2016-12-03' },
        as,
      });
      expect(typo.status).toBe(400);
      const meant = await api.call('POST', '/api/v1/invoices', {
        body: { customerId: 'P001', amount: 5_000, issueDate: '2026-06-01', allowOldDate: true },
        as,
      });
      expect(meant.status).toBe(201);
      const pay = await api.call('POST', '/api/v1/payments', {
        body: { customerId: 'P001', amount: 1_000, method: 'cash', date: '2026-12-31' },
        as,
      });
      expect(pay.status).toBe(400);
      expect(pay.body.error.details.fields.date).toContain('sesudah hari ini');
      // The limit is a business setting.
      const settings = await api.call('PATCH', '/api/v1/business', { body: { backdateDaysMax: 30 }, as });
      expect(settings.status).toBe(200);
      expect(settings.body.backdateDaysMax).toBe(30);
      const past = await api.call('POST', '/api/v1/payments', {
        body: { customerId: 'P001', amount: 1_000, method: 'cash', date: '2026-10-01' },
        as,
      });
      expect(past.body.error.details.fields.date).toContain('lebih dari 30 hari sebelum hari ini');
    } finally {
      await api.close();
    }
  });
});
