/**
 * Issue 11 defect 13: what a person reads comes from the catalogue, in the business's language
 * (the API caller's Accept-Language may override), with amounts as people write them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { openApi, signUpOwner, tokenFor } from './api-helpers.js';
import { uniqueEmail } from './api-fixture.js';
import { DIALECTS, freshDataDir } from './helpers.js';

const NOW = { LUNAS_NOW: '2026-03-02T02:00:00Z' };

async function lunas(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, NOW, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** A store with one business in a locale and a customer WATI limited to Rp 100.000. */
async function shop(locale: 'id' | 'en') {
  const data = ['--data', freshDataDir()];
  expect((await lunas([...data, 'init', '--name', 'Toko Sari', '--locale', locale])).code).toBe(0);
  expect((await lunas([...data, 'customer', 'add', '--name', 'Bu Wati', '--ref', 'WATI', '--credit-limit', '100000'])).code).toBe(
    0,
  );
  return (...args: string[]) => lunas([...data, ...args]);
}

describe('messages in the business language', () => {
  it('issue 11 defect 13: CLI errors are in the business language, amounts written as Rp 50.000', async () => {
    const id = await shop('id');
    const refusedId = await id('sale', '--customer', 'WATI', '--amount', '150000');
    expect(refusedId.code).toBe(2);
    expect(refusedId.stderr).toContain('credit_limit_exceeded');
    expect(refusedId.stderr).toContain('melebihi batas kredit sebesar Rp 50.000');
    expect(refusedId.stderr).not.toContain('over the credit limit');
    const missingId = await id('customer', 'show', 'NOPE');
    expect(missingId.stderr).toContain('tidak ada pelanggan NOPE di usaha ini');

    const en = await shop('en');
    const refusedEn = await en('--json', 'sale', '--customer', 'WATI', '--amount', '150000');
    const body = JSON.parse(refusedEn.stderr);
    expect(body.error.code).toBe('credit_limit_exceeded');
    expect(body.error.message).toBe('over the credit limit by Rp 50.000');
    // The contract's details keep their shape and units.
    expect(body.error.details).toMatchObject({ shortfall: 50_000, limit: 100_000 });
  });

  it('issue 11 defect 13: an amount written with separators gets the hint to write whole rupiah', async () => {
    const id = await shop('id');
    for (const written of ['50.000', '50,000', 'Rp 50.000']) {
      const refused = await id('sale', '--customer', 'WATI', '--amount', written);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('tulis rupiah utuh tanpa pemisah: 50000');
    }
    const en = await shop('en');
    const refusedEn = await en('pay', '--customer', 'WATI', '--amount', '1.250.000', '--method', 'cash');
    expect(refusedEn.stderr).toContain('write whole rupiah without separators: 1250000');
  });

  it.each(DIALECTS)(
    'issue 11 defect 13: the API message follows Accept-Language, else the business locale ($name)',
    async (dialect) => {
      const api = await openApi(dialect);
      try {
        const owner = await signUpOwner(api, uniqueEmail('lang'));
        const token = await tokenFor(api, owner, 'owner');
        const as = { token };
        const missing = (headers: Record<string, string> = {}) => api.call('GET', '/api/v1/customers/cus_nope', { as, headers });
        // A new business speaks Indonesian unless told otherwise.
        expect((await missing()).body.error.message).toBe('tidak ada pelanggan cus_nope di usaha ini');
        expect((await missing({ 'accept-language': 'en-US,en;q=0.9' })).body.error.message).toBe(
          'no customer cus_nope in this business',
        );
        expect((await missing({ 'accept-language': 'fr, en;q=0.3, id;q=0.8' })).body.error.message).toBe(
          'tidak ada pelanggan cus_nope di usaha ini',
        );
        const bad = await api.call('POST', '/api/v1/customers', {
          as,
          headers: { 'accept-language': 'id' },
          body: { name: '', phone: 'not a phone' },
        });
        expect(bad.status).toBe(400);
        expect(bad.body.error.code).toBe('validation_failed');
        expect(bad.body.error.details.fields.name).toBe('tidak boleh kosong');
      } finally {
        await api.close();
      }
    },
  );
});

describe('lines people read in the CLI, in the business language', () => {
  async function at(now: string, args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { LUNAS_NOW: now }, { out: (text) => out.push(text), err: (text) => err.push(text) });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it('issue 11 defect 13: success lines, table headers and usage errors follow the business language', async () => {
    const id = await shop('id');
    const sale = await id('sale', '--customer', 'WATI', '--amount', '50000', '--item', 'Pulsa 50rb');
    expect(sale.stdout).toMatch(/^INV-2026-000001 untuk Bu Wati \(WATI\): Rp 50\.000, sisa Rp 50\.000, belum lunas$/m);
    expect(sale.stdout).toContain('  tanggal 2 Maret 2026, jatuh tempo');
    const shown = await id('customer', 'show', 'WATI');
    expect(shown.stdout).toContain('  saldo Rp 50.000  terlambat Rp 0  saldo kredit Rp 0');
    expect(shown.stdout).toContain('  batas kredit Rp 100.000  tempo');
    expect(shown.stdout).toMatch(/^faktur\s+tanggal\s+jatuh tempo\s+total\s+sisa\s+hari terlambat$/m);
    const list = await id('customer', 'list');
    expect(list.stdout).toMatch(/^ref\s+nama\s+telepon\s+status\s+saldo\s+terlambat\s+batas$/m);
    expect(list.stdout).toContain('1 pelanggan, utang Rp 50.000');
    const aging = await id('aging');
    expect(aging.stdout).toContain('Umur piutang per 2 Maret 2026 (IDR)');
    expect(aging.stdout).toMatch(/^pelanggan\s+sisa\s+belum jatuh tempo\s+1-30/m);
    expect((await id('aging', '--format', 'csv')).stdout.split('\r\n')[0]).toContain('current');
    const collected = await id('collect');
    expect(collected.stdout).toContain('Penagihan 2 Maret 2026:');
    const missing = await id('sale', '--customer', 'WATI');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('gagal: opsi --amount <amount> wajib diisi');
    expect((await id('sael')).stderr).toBe('gagal: perintah sael tidak dikenal (mungkin maksud Anda sale?); lihat lunas --help');
    expect((await id('sale', '--customer', 'WATI', '--amount', '5', '--amout', '5')).stderr).toContain(
      'gagal: opsi --amout tidak dikenal',
    );

    const en = await shop('en');
    const saleEn = await en('sale', '--customer', 'WATI', '--amount', '50000');
    expect(saleEn.stdout).toContain('Rp 50.000, outstanding Rp 50.000, open');
    expect((await en('aging')).stdout).toMatch(/^customer\s+outstanding\s+current\s+1-30/m);
    expect((await en('collect')).stdout).toContain('  nothing new');
    expect((await en('sale', '--customer', 'WATI')).stderr).toBe('error: required option --amount <amount> not specified');
    // --json prints the contract as it is, whatever the language.
    const json = JSON.parse((await id('--json', 'customer', 'show', 'WATI')).stdout);
    expect(json).toMatchObject({ ref: 'WATI', balance: 50_000, status: 'active' });
  });

  it('issue 11 defect 13: a hold the policy puts on is stored as an entry and read in the business language', async () => {
    const dir = freshDataDir();
    const data = ['--data', dir];
    const day0 = '2026-03-02T02:00:00Z';
    await at(day0, [...data, 'init', '--name', 'Konter Pulsa Berkah', '--overdue-block-days', 'off']);
    await at(day0, [...data, 'customer', 'add', '--name', 'Pak Budi', '--ref', 'BUDI', '--terms-days', '7']);
    const policy = path.join(dir, 'policy.json');
    fs.writeFileSync(policy, JSON.stringify({ escalation: { holdAfterDaysOverdue: 5 } }));
    expect((await at(day0, [...data, 'policy', 'set', '--file', policy])).code).toBe(0);
    await at(day0, [...data, 'sale', '--customer', 'BUDI', '--amount', '50000']);
    const later = '2026-03-20T02:00:00Z';
    const run = await at(later, [...data, 'collect']);
    expect(run.stdout).toContain(
      'Penagihan 15 Maret 2026:\n  Pak Budi ditahan: terlambat 6 hari (kebijakan: ditahan setelah 5 hari)',
    );
    const refused = await at(later, [...data, 'sale', '--customer', 'BUDI', '--amount', '10000']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      // With the day the hold was decided: its figures are that day's (issue 11, found by user testers).
      /^gagal \(customer_on_hold\): pelanggan sedang ditahan: sejak 15 Maret 2026: terlambat 6 hari \(kebijakan: ditahan setelah 5 hari\)\n/,
    );
    expect(refused.stderr).not.toContain('policy: hold after');
    const refusedJson = JSON.parse((await at(later, [...data, '--json', 'sale', '--customer', 'BUDI', '--amount', '1'])).stderr);
    // The contract's detail keeps the English reason (for logs and code).
    expect(refusedJson.error.details.reason).toBe('overdue 6 days (policy: hold after 5)');
    expect(refusedJson.error.details.heldOn).toBe('2026-03-15');
    const shown = await at(later, [...data, 'customer', 'show', 'BUDI']);
    expect(shown.stdout).toContain('status ditahan (sejak 15 Maret 2026: terlambat 6 hari (kebijakan: ditahan setelah 5 hari))');
    const timeline = await at(later, [...data, 'timeline', 'BUDI']);
    expect(timeline.stdout).toMatch(/ditahan\s+Ditahan menurut kebijakan: terlambat 6 hari/);
    const policyShown = JSON.parse((await at(later, [...data, '--json', 'policy', 'show'])).stdout);
    expect(policyShown.history.map((version: { reason: string | null }) => version.reason)).toContain('kebijakan bawaan');
  });

  it('issue 11 defect 13: the statement PDF and the aging bucket speak the business language', async () => {
    let pdftotext = true;
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    } catch {
      pdftotext = false;
    }
    for (const [locale, words] of [
      [
        'id',
        [
          'Laporan Rekening Pelanggan',
          'Periode: 1 Maret 2026 – 2 Maret 2026',
          'Tagihan yang belum lunas',
          'belum jatuh tempo: Rp 50.000',
          'Umur piutang',
        ],
      ],
      ['en', ['Statement of Account', 'Period: 1 March 2026 – 2 March 2026', 'Open invoices', 'current: Rp 50.000', 'Aging']],
    ] as const) {
      const cmd = await shop(locale);
      await cmd('sale', '--customer', 'WATI', '--amount', '50000');
      const file = path.join(freshDataDir(), 'statement.pdf');
      const written = await cmd('statement', '--customer', 'WATI', '--format', 'pdf', '--out', file);
      expect(written.stdout).toMatch(locale === 'id' ? /sudah ditulis \([\d.]+ byte\)\.$/ : /^Wrote .* \([\d,]+ bytes\)\.$/);
      if (!pdftotext) continue;
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      for (const word of words) expect(text).toContain(word);
    }
  });
});
