/**
 * Issue 11, what user testers found the owner still reads wrong: internal ids in the collection
 * run and the timeline, "for 0 invoices" on an instalment reminder, a stale hold reason, raw JSON
 * from the commitment commands, English field names in an Indonesian timeline, reported payments
 * not found by their reference, and invoice lists in creation order. Each is run through the
 * `lunas` command as a shop owner would, in Indonesian (the business's locale) and in English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { DIALECTS, freshDataDir } from './helpers.js';
import { openApi, signUpOwner, tokenFor } from './api-helpers.js';
import { uniqueEmail } from './api-fixture.js';

const INTERNAL_ID = /\b(inv|cus|ppy|pln|prm|dsp|cev|pay)_[0-9a-z]{10,}/;

/** A shop in a fresh store; `lunas(day, ...args)` runs the command on that day (09:00 in Jakarta) or at that instant. */
function shop(locale: 'id' | 'en' = 'id') {
  const dataDir = freshDataDir();
  const lunas = async (day: string, ...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['--data', dataDir, ...args],
      { LUNAS_NOW: day.includes('T') ? day : `${day}T02:00:00Z` },
      {
        out: (text) => out.push(text),
        err: (text) => err.push(text),
      },
    );
    const stdout = out.join('\n');
    return { code, stdout, stderr: err.join('\n'), json: () => JSON.parse(stdout) };
  };
  const setUp = async () => {
    expect((await lunas('2026-01-05', 'init', '--name', 'Toko Sari', '--terms-days', '7', '--locale', locale)).code).toBe(0);
    const policy = path.join(dataDir, 'policy.json');
    fs.writeFileSync(
      policy,
      JSON.stringify({
        lateFee: { kind: 'flat', amount: 2000, period: 'week', capAmount: 20000 },
        graceDays: 0,
        escalation: {
          holdAfterDaysOverdue: 10,
          holdAboveOverdue: null,
          inCollectionAfterDays: null,
          suggestWriteOffAfterDays: 20,
        },
      }),
    );
    expect((await lunas('2026-01-05', 'policy', 'set', '--file', policy)).code).toBe(0);
    for (const [name, ref, phone] of [
      ['Siti Rahayu', 'S1', '081234567890'],
      ['Budi Santoso', 'B1', '081211112222'],
      ['Wati Lestari', 'W1', '081299998888'],
    ] as const)
      expect((await lunas('2026-01-05', 'customer', 'add', '--name', name, '--ref', ref, '--phone', phone)).code).toBe(0);
  };
  return { lunas, setUp, dataDir };
}

describe('issue 11, found by user testers', () => {
  it('issue 11 (tester): invoice list is newest first by issue date, and search finds the customer by name', async () => {
    const { lunas, setUp } = shop('id');
    await setUp();
    // Entered in this order, dated otherwise: a sale noted late from paper is older than the one before it.
    const sales = [
      ['S1', '50000', '2026-01-15'],
      ['B1', '75000', '2026-01-10'],
      ['S1', '20000', '2026-01-18'],
      ['W1', '30000', '2026-01-15'],
    ];
    for (const [minute, [customer, amount, date]] of sales.entries())
      expect(
        (await lunas(`2026-01-20T02:0${minute}:00Z`, 'sale', '--customer', customer!, '--amount', amount!, '--date', date!)).code,
      ).toBe(0);
    const listed = (await lunas('2026-01-20', '--json', 'invoice', 'list')).json();
    expect(listed.invoices.map((i: { issueDate: string; number: string }) => `${i.issueDate} ${i.number}`)).toEqual([
      '2026-01-18 INV-2026-000003',
      '2026-01-15 INV-2026-000004',
      '2026-01-15 INV-2026-000001',
      '2026-01-10 INV-2026-000002',
    ]);
    // Pages follow the same order.
    const first = (await lunas('2026-01-20', '--json', 'invoice', 'list', '--limit', '2')).json();
    const second = (await lunas('2026-01-20', '--json', 'invoice', 'list', '--limit', '2', '--after', first.nextCursor)).json();
    expect([...first.invoices, ...second.invoices].map((i: { number: string }) => i.number)).toEqual(
      listed.invoices.map((i: { number: string }) => i.number),
    );
    // The owner types a name (any case, part of it) or a ref.
    const byName = (await lunas('2026-01-20', '--json', 'invoice', 'list', '--search', 'siti')).json();
    expect(byName.invoices.map((i: { number: string }) => i.number)).toEqual(['INV-2026-000003', 'INV-2026-000001']);
    const byRef = (await lunas('2026-01-20', '--json', 'invoice', 'list', '--search', 'B1')).json();
    expect(byRef.invoices.map((i: { number: string }) => i.number)).toEqual(['INV-2026-000002']);
    const table = await lunas('2026-01-20', 'invoice', 'list', '--search', 'Siti');
    expect(table.stdout).toContain('Siti Rahayu');
    expect(table.stdout).not.toContain('Budi');
  });

  for (const [locale, instalment, noItems] of [
    ['id', 'cicilan 1/3 dari rencana cicilan', /untuk 0 faktur/],
    ['en', 'instalment 1/3 of the payment plan', /for 0 invoices?/],
  ] as const)
    it(`issue 11 (tester): collect names invoices by number and instalments by their place in the plan, never by id (${locale})`, async () => {
      const { lunas, setUp } = shop(locale);
      await setUp();
      expect((await lunas('2026-01-05', 'sale', '--customer', 'S1', '--amount', '50000')).code).toBe(0);
      expect((await lunas('2026-01-05', 'sale', '--customer', 'W1', '--amount', '90000')).code).toBe(0);
      expect(
        (
          await lunas(
            '2026-01-05',
            'plan',
            '--customer',
            'W1',
            '--frequency',
            'weekly',
            '--first',
            '2026-01-16',
            '--instalments',
            '3',
          )
        ).code,
      ).toBe(0);
      // 13 January: INV-2026-000001 is a day late (a fee), the plan's first instalment is three days off (a reminder).
      const day = await lunas('2026-01-13', 'collect');
      expect(day.code).toBe(0);
      expect(day.stdout).toContain(instalment);
      expect(day.stdout).not.toMatch(noItems);
      expect(day.stdout).toMatch(/Rp 2\.000 (pada|on) INV-2026-000001/);
      // Weeks later: the plan defaults, a write-off is suggested; everything named as people name it.
      const later = await lunas('2026-02-05', 'collect');
      expect(later.code).toBe(0);
      expect(later.stdout).toMatch(/INV-2026-000001.*Siti Rahayu/);
      expect(later.stdout).toContain(
        locale === 'id' ? 'rencana cicilan Wati Lestari: gagal' : 'payment plan of Wati Lestari: defaulted',
      );
      const look = await lunas('2026-02-06', 'collect', '--as-of', '2026-01-13');
      expect(look.stdout).toContain(instalment);
      for (const output of [day.stdout, later.stdout, look.stdout]) expect(output).not.toMatch(INTERNAL_ID);
      // JSON keeps the ids (the contract) and adds the numbers.
      const json = (await lunas('2026-02-06', '--json', 'collect', '--as-of', '2026-02-02')).json();
      expect(json.writeOffSuggestions[0].invoiceId).toMatch(/^inv_/);
      expect(json.invoiceNumbers[json.writeOffSuggestions[0].invoiceId]).toBe('INV-2026-000001');
    });

  it('issue 11 (tester): what sale, pay and customer commands print names customers, invoices and payments as people do', async () => {
    for (const locale of ['id', 'en'] as const) {
      const { lunas, setUp } = shop(locale);
      await setUp();
      const outputs = [
        await lunas('2026-01-05', 'sale', '--customer', 'S1', '--amount', '50000'),
        await lunas('2026-01-05', 'invoice', 'show', 'INV-2026-000001'),
        await lunas('2026-01-06', 'pay', '--customer', 'S1', '--amount', '20000', '--method', 'cash', '--reference', 'KW-01'),
        await lunas('2026-01-06', 'payment', 'show', 'KW-01'),
        await lunas('2026-01-06', 'customer', 'show', 'S1'),
        await lunas('2026-01-06', 'customer', 'list'),
      ];
      for (const output of outputs) {
        expect(output.code).toBe(0);
        expect(output.stdout).not.toMatch(INTERNAL_ID);
      }
      expect(outputs[0]!.stdout).toContain('INV-2026-000001');
      expect(outputs[0]!.stdout).toContain('Siti Rahayu (S1)');
      expect(outputs[3]!.stdout).toContain('KW-01');
      expect(outputs[3]!.stdout).toMatch(/INV-2026-000001: Rp 20\.000/);
    }
  });

  for (const locale of ['id', 'en'] as const)
    it(`issue 11 (tester): the timeline tells each event as a sentence in the business language, without field names or ids (${locale})`, async () => {
      const { lunas, setUp } = shop(locale);
      await setUp();
      expect((await lunas('2026-01-05', 'sale', '--customer', 'S1', '--amount', '50000')).code).toBe(0);
      expect((await lunas('2026-01-05', 'sale', '--customer', 'S1', '--amount', '30000')).code).toBe(0);
      expect(
        (await lunas('2026-01-05', 'promise', 'add', '--customer', 'S1', '--date', '2026-01-20', '--amount', '20000')).code,
      ).toBe(0);
      expect(
        (await lunas('2026-01-05', 'dispute', 'open', '--invoice', 'INV-2026-000002', '--reason', 'Barang kurang')).code,
      ).toBe(0);
      expect(
        (
          await lunas(
            '2026-01-05',
            'pending',
            'add',
            '--customer',
            'S1',
            '--amount',
            '50000',
            '--method',
            'bank_transfer',
            '--reference',
            'TRF-123',
            '--date',
            '2026-01-14',
          )
        ).code,
      ).not.toBe(1);
      expect((await lunas('2026-01-27', 'collect')).code).toBe(0);
      expect(
        (await lunas('2026-01-27', 'fee', 'waive', '--invoice', 'INV-2026-000001', '--period', '1', '--reason', 'Pelanggan lama'))
          .code,
      ).toBe(0);
      const timeline = await lunas('2026-01-27', 'timeline', 'S1');
      expect(timeline.code).toBe(0);
      expect(timeline.stdout).not.toMatch(INTERNAL_ID);
      // No English field names in an Indonesian business; in English, none of the raw ones either.
      if (locale === 'id') expect(timeline.stdout).not.toMatch(/\b(amount|period|reason|channel|note|total|frequency)\b/);
      expect(timeline.stdout).not.toMatch(/\b(customer id|invoice ids|promise id|pending id|paid on|amount due|dispute id)\b/);
      expect(timeline.stdout).toContain(
        locale === 'id'
          ? 'Denda keterlambatan Rp 2.000 pada INV-2026-000001 (periode 1) dibebaskan: Pelanggan lama'
          : 'Late fee of Rp 2.000 on INV-2026-000001 (period 1) waived: Pelanggan lama',
      );
      expect(timeline.stdout).toContain(
        locale === 'id'
          ? 'Berjanji membayar Rp 20.000 paling lambat 20 Januari 2026'
          : 'Promised to pay Rp 20.000 by 20 January 2026',
      );
      expect(timeline.stdout).toContain(
        locale === 'id' ? 'INV-2026-000002 disengketakan: Barang kurang' : 'INV-2026-000002 disputed: Barang kurang',
      );
    });

  for (const locale of ['id', 'en'] as const)
    it(`issue 11 (tester): disputes, plans, promises, reported payments and fee waivers print a readable line, not JSON (${locale})`, async () => {
      const { lunas, setUp } = shop(locale);
      await setUp();
      expect((await lunas('2026-01-05', 'sale', '--customer', 'S1', '--amount', '50000')).code).toBe(0);
      expect((await lunas('2026-01-05', 'sale', '--customer', 'B1', '--amount', '75000')).code).toBe(0);
      expect((await lunas('2026-01-05', 'sale', '--customer', 'W1', '--amount', '30000')).code).toBe(0);
      const outputs = {
        plan: await lunas(
          '2026-01-05',
          'plan',
          '--customer',
          'B1',
          '--frequency',
          'weekly',
          '--first',
          '2026-01-12',
          '--instalments',
          '3',
        ),
        promise: await lunas('2026-01-05', 'promise', 'add', '--customer', 'W1', '--date', '2026-01-20', '--amount', '20000'),
        dispute: await lunas('2026-01-05', 'dispute', 'open', '--invoice', 'INV-2026-000001', '--reason', 'Barang kurang'),
        report: await lunas(
          '2026-01-05',
          'pending',
          'add',
          '--customer',
          'W1',
          '--amount',
          '30000',
          '--method',
          'bank_transfer',
          '--reference',
          'TRF-9',
        ),
        resolve: await lunas('2026-01-06', 'dispute', 'resolve', 'INV-2026-000001', '--note', 'Dua barang', '--credit', '10000'),
        verify: await lunas('2026-01-06', 'pending', 'verify', 'TRF-9'),
      };
      expect((await lunas('2026-01-20', 'collect')).code).toBe(0);
      const waiver = await lunas(
        '2026-01-20',
        'fee',
        'waive',
        '--invoice',
        'INV-2026-000001',
        '--period',
        '1',
        '--reason',
        'Pelanggan lama',
      );
      for (const [name, output] of Object.entries({ ...outputs, waiver })) {
        expect(output.code, `${name}: ${output.stderr}`).toBe(0);
        expect(output.stdout.trimStart().startsWith('{'), name).toBe(false);
        expect(output.stdout, name).not.toMatch(INTERNAL_ID);
        expect(output.stdout, name).not.toMatch(/"\w+":/);
      }
      const id = locale === 'id';
      expect(outputs.plan.stdout).toContain(
        id
          ? 'Rencana cicilan disepakati dengan Budi Santoso (B1): Rp 75.000 untuk INV-2026-000002'
          : 'Payment plan agreed with Budi Santoso (B1): Rp 75.000 for INV-2026-000002',
      );
      expect(outputs.plan.stdout).toContain(id ? '1/3  12 Januari 2026  Rp 25.000' : '1/3  12 January 2026  Rp 25.000');
      expect(outputs.promise.stdout).toContain(
        id
          ? 'Wati Lestari (W1) akan membayar Rp 20.000 paling lambat 20 Januari 2026'
          : 'Wati Lestari (W1) will pay Rp 20.000 by 20 January 2026',
      );
      expect(outputs.dispute.stdout).toContain(
        id
          ? 'INV-2026-000001 milik Siti Rahayu (S1) disengketakan: Barang kurang'
          : 'INV-2026-000001 of Siti Rahayu (S1) is disputed: Barang kurang',
      );
      expect(outputs.report.stdout).toContain('TRF-9');
      expect(outputs.resolve.stdout).toContain(
        id
          ? 'Sengketa INV-2026-000001 diselesaikan dengan nota kredit Rp 10.000'
          : 'Dispute on INV-2026-000001 resolved with a credit note of Rp 10.000',
      );
      expect(outputs.verify.stdout).toContain(
        id ? 'sudah diperiksa dan dicatat pada 5 Januari 2026' : 'checked and booked on 5 January 2026',
      );
      expect(waiver.stdout).toMatch(
        id
          ? /Denda keterlambatan Rp 2\.000 pada INV-2026-000001 \(periode 1\) dibebaskan/
          : /Late fee of Rp 2\.000 on INV-2026-000001 \(period 1\) waived/,
      );
      // --json keeps the records as the contract has them.
      const json = await lunas(
        '2026-01-20',
        '--json',
        'promise',
        'add',
        '--customer',
        'S1',
        '--date',
        '2026-01-30',
        '--amount',
        '10000',
      );
      expect(json.json().id).toMatch(/^prm_/);
    });

  it('issue 11 (tester): reported payments are checked by their reference, and reports, disputes and promises can be listed', async () => {
    const { lunas, setUp, dataDir } = shop('id');
    await setUp();
    for (const customer of ['S1', 'B1', 'W1'])
      expect((await lunas('2026-01-05', 'sale', '--customer', customer, '--amount', '50000')).code).toBe(0);
    const report = (...args: string[]) => lunas('2026-01-06', 'pending', 'add', '--method', 'bank_transfer', ...args);
    expect((await report('--customer', 'S1', '--amount', '50000', '--reference', 'TRF-777')).code).toBe(0);
    expect((await report('--customer', 'B1', '--amount', '20000')).code).toBe(0);
    expect((await report('--customer', 'W1', '--amount', '10000', '--reference', 'DUP')).code).toBe(0);
    expect((await report('--customer', 'W1', '--amount', '15000', '--reference', 'DUP')).code).toBe(0);
    expect(
      (await lunas('2026-01-06', 'promise', 'add', '--customer', 'W1', '--date', '2026-01-25', '--amount', '25000')).code,
    ).toBe(0);
    expect((await lunas('2026-01-06', 'dispute', 'open', '--invoice', 'INV-2026-000002', '--reason', 'Salah harga')).code).toBe(
      0,
    );

    const waiting = await lunas('2026-01-07', 'pending', 'list');
    expect(waiting.code).toBe(0);
    expect(waiting.stdout).toMatch(/Siti Rahayu \(S1\)\s+Rp 50\.000\s+transfer bank\s+TRF-777/);
    expect(waiting.stdout).toContain('4 laporan pembayaran');
    expect(waiting.stdout).not.toMatch(INTERNAL_ID);
    const ofWati = (await lunas('2026-01-07', '--json', 'pending', 'list', '--customer', 'W1')).json();
    expect(ofWati.pendingPayments).toHaveLength(2);

    // By the reference the customer gave; by the customer when they have one report waiting; never a guess.
    const verified = await lunas('2026-01-07', 'pending', 'verify', 'TRF-777');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Rp 50.000 dari Siti Rahayu (S1) (referensi TRF-777) sudah diperiksa');
    expect((await lunas('2026-01-07', 'pending', 'reject', 'B1')).code).toBe(0);
    const ambiguous = await lunas('2026-01-07', 'pending', 'verify', 'DUP');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('DUP cocok dengan 2 laporan pembayaran');
    expect((await lunas('2026-01-07', 'pending', 'verify', 'NOPE')).code).toBe(2);
    const all = (await lunas('2026-01-07', '--json', 'pending', 'list', '--status', 'all')).json();
    expect(all.pendingPayments.map((p: { status: string }) => p.status).sort()).toEqual([
      'pending',
      'pending',
      'rejected',
      'verified',
    ]);

    const disputes = await lunas('2026-01-07', 'dispute', 'list');
    expect(disputes.stdout).toMatch(/INV-2026-000002\s+Budi Santoso \(B1\)\s+Salah harga\s+berjalan/);
    const promises = await lunas('2026-01-07', 'promise', 'list');
    expect(promises.stdout).toMatch(/2026-01-25\s+Wati Lestari \(W1\)\s+Rp 25\.000/);
    expect(dataDir).toBeTruthy();
  });

  it.each(DIALECTS)(
    'issue 11 (tester): the API lists reported payments, disputes and promises, and closes a report by its reference ($name)',
    async (dialect) => {
      const api = await openApi(dialect);
      try {
        const owner = await signUpOwner(api, uniqueEmail('lists'));
        const as = { token: await tokenFor(api, owner, 'owner') };
        expect((await api.call('POST', '/api/v1/customers', { as, body: { name: 'Siti', ref: 'S1' } })).status).toBe(201);
        expect((await api.call('POST', '/api/v1/invoices', { as, body: { customerId: 'S1', amount: 50000 } })).status).toBe(201);
        const report = { customerId: 'S1', amount: 20000, method: 'cash', reference: 'KW-1' };
        expect((await api.call('POST', '/api/v1/pending-payments', { as, body: report })).status).toBe(201);
        expect(
          (await api.call('POST', '/api/v1/promises', { as, body: { customerId: 'S1', date: '2026-03-20', amount: 10000 } }))
            .status,
        ).toBe(201);
        const waiting = await api.call('GET', '/api/v1/pending-payments?customerId=S1', { as });
        expect(waiting.status).toBe(200);
        expect(waiting.body.pendingPayments.map((p: { amount: number }) => p.amount)).toEqual([20000]);
        expect((await api.call('GET', '/api/v1/promises', { as })).body.promises).toHaveLength(1);
        expect((await api.call('GET', '/api/v1/disputes?status=all', { as })).body.disputes).toEqual([]);
        const closed = await api.call('POST', '/api/v1/pending-payments/KW-1/close', { as, body: { outcome: 'rejected' } });
        expect([closed.status, closed.body.status]).toEqual([200, 'rejected']);
        expect((await api.call('GET', '/api/v1/pending-payments', { as })).body.pendingPayments).toEqual([]);
      } finally {
        await api.close();
      }
    },
  );

  for (const locale of ['id', 'en'] as const)
    it(`issue 11 (tester): a hold shows the day it was decided, so its figures are not read as today's (${locale})`, async () => {
      const { lunas, setUp } = shop(locale);
      await setUp();
      expect((await lunas('2026-01-05', 'sale', '--customer', 'S1', '--amount', '50000')).code).toBe(0);
      // Due 12 January, held after 10 days overdue: on 23 January ("overdue 11 days").
      expect((await lunas('2026-01-23', 'collect')).code).toBe(0);
      expect((await lunas('2026-01-23', 'customer', 'hold', 'B1', '--reason', 'Transfer ditolak bank')).code).toBe(0);
      // Weeks later the owner reads why.
      const shown = await lunas('2026-02-20', 'customer', 'show', 'S1');
      expect(shown.stdout).toContain(
        locale === 'id'
          ? 'status ditahan (sejak 23 Januari 2026: terlambat 11 hari (kebijakan: ditahan setelah 10 hari))'
          : 'status on hold (since 23 January 2026: overdue 11 days (policy: hold after 10))',
      );
      expect(shown.stdout).toMatch(/INV-2026-000001.*\s39$/m);
      const owner = await lunas('2026-02-20', 'customer', 'show', 'B1');
      expect(owner.stdout).toContain(
        locale === 'id' ? 'sejak 23 Januari 2026: Transfer ditolak bank' : 'since 23 January 2026: Transfer ditolak bank',
      );
      const refused = await lunas('2026-02-20', 'sale', '--customer', 'S1', '--amount', '1000');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(locale === 'id' ? 'sejak 23 Januari 2026' : 'since 23 January 2026');
      expect(refused.stderr).not.toMatch(INTERNAL_ID);
    });
});
