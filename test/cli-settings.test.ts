/**
 * Settings from the command line: what a user found missing when the run
 * asked them to call a customer with no phone, and reminders said nothing
 * about how to pay (issue 11, second round).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { freshDataDir } from './helpers.js';

async function lunas(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    { LUNAS_NOW: '2026-09-01T02:00:00Z' },
    { out: (text) => out.push(text), err: (text) => err.push(text) },
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('settings from the command line', () => {
  it('issue 11 (tester): the owner adds a phone to a customer, and sets how customers pay, which reminders then say', async () => {
    const dir = await freshDataDir();
    const cmd = (...args: string[]) => lunas(['--data', dir, ...args]);
    expect((await cmd('init', '--name', 'Konter Pulsa Berkah')).code).toBe(0);
    expect((await cmd('customer', 'add', '--name', 'Dedi Kurniawan', '--ref', 'D01')).code).toBe(0);

    const phone = await cmd('customer', 'update', 'D01', '--phone', '0812-9999-8888', '--email', 'dedi@example.com');
    expect(phone.code).toBe(0);
    expect(phone.stdout).toContain('telepon +6281299998888  email dedi@example.com');
    const cleared = await cmd('customer', 'update', 'D01', '--email', '');
    expect(cleared.stdout).toContain('email -');
    const bad = await cmd('customer', 'update', 'D01', '--phone', 'abc');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('phone: abc bukan nomor telepon')]);

    expect((await cmd('business', 'show')).stdout).toContain('Belum ada petunjuk pembayaran');
    const file = path.join(dir, 'bayar.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        bankAccounts: [{ bank: 'BCA', accountNumber: '1234567890', accountName: 'Sri Wahyuni' }],
        ewallets: [{ provider: 'GoPay', number: '081234567890' }],
      }),
    );
    // A change of language is answered in the new one.
    const english = await cmd('business', 'set', '--locale', 'en');
    expect(english.stdout).toContain('language English');
    expect((await cmd('business', 'set', '--locale', 'id')).stdout).toContain('bahasa Indonesia');
    const set = await cmd('business', 'set', '--payment-instructions', file, '--terms-days', '7');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('jangka waktu 7 hari');
    expect(set.stdout).toContain('BCA 1234567890 a.n. Sri Wahyuni');
    expect(set.stdout).toContain('GoPay 081234567890');

    // A sale due in 7 days is reminded 3 days before, with how to pay.
    expect((await cmd('sale', '--customer', 'D01', '--amount', '50000')).code).toBe(0);
    const run = await lunas(['--data', dir, 'collect']);
    expect(run.code).toBe(0);
    const later = await main(
      ['--data', dir, '--json', 'collect'],
      { LUNAS_NOW: '2026-09-05T02:00:00Z' },
      { out: () => undefined, err: () => undefined },
    );
    expect(later).toBe(0);
    const db = (await import('better-sqlite3')).default(path.join(dir, 'lunas.sqlite'), { readonly: true });
    try {
      const body = (db.prepare("select body from outbox where key like 'reminder:%'").get() as { body: string }).body;
      expect(body).toContain('Cara bayar:');
      expect(body).toContain('- BCA 1234567890 a.n. Sri Wahyuni');
    } finally {
      db.close();
    }
  });

  it('issue 11 (tester): customer show says what holds reminders back: an open promise, a dispute, a reported payment', async () => {
    const dir = await freshDataDir();
    const on = (day: string, ...args: string[]) =>
      main(['--data', dir, ...args], { LUNAS_NOW: `${day}T02:00:00Z` }, { out: (text) => out.push(text), err: () => undefined });
    const out: string[] = [];
    await on('2026-09-01', 'init', '--name', 'Konter Pulsa Berkah');
    await on('2026-09-01', 'customer', 'add', '--name', 'Siti Rahayu', '--phone', '0812-3456-7890', '--ref', 'S01');
    await on('2026-09-01', 'sale', '--customer', 'S01', '--amount', '100000');
    await on('2026-09-01', 'sale', '--customer', 'S01', '--amount', '40000');
    await on('2026-09-20', 'promise', 'add', '--customer', 'S01', '--date', '2026-10-01', '--amount', '50000');
    await on('2026-09-20', 'dispute', 'open', '--invoice', 'INV-2026-000002', '--reason', 'barang tidak sampai');
    await on(
      '2026-09-20',
      'pending',
      'add',
      '--customer',
      'S01',
      '--amount',
      '20000',
      '--method',
      'bank_transfer',
      '--reference',
      'TRF-9',
    );
    out.length = 0;
    expect(await on('2026-09-21', 'customer', 'show', 'S01')).toBe(0);
    const shown = out.join('\n');
    expect(shown).toContain('janji bayar Rp 50.000 paling lambat 1 Oktober 2026');
    expect(shown).toContain('INV-2026-000002 disengketakan sejak 20 September 2026 (barang tidak sampai)');
    expect(shown).toContain('laporan pembayaran Rp 20.000 (TRF-9) pada 20 September 2026, menunggu dicek');
  });
});
