/**
 * Issue 11 defect 13: what a person reads comes from the catalogue, in the business's language
 * (the API caller's Accept-Language may override), with amounts as people write them.
 */
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
