/**
 * Issue 11 defect 14, the small ones: CLI errors printed once, the timeline as
 * a table, a second fee waiver told it was waived, expired sessions purged by
 * the worker, same-day statement lines in the order they were posted.
 */
import { describe, expect, it } from 'vitest';
import { signUp } from '../src/app/accounts.js';
import { collect } from '../src/app/collection.js';
import type { AppContext } from '../src/app/context.js';
import { addCustomer } from '../src/app/customers.js';
import { waiveFee } from '../src/app/fee-waivers.js';
import { recordSale } from '../src/app/invoices.js';
import { recordPayment } from '../src/app/payments.js';
import { setPolicy } from '../src/app/policies.js';
import { customerStatement } from '../src/app/statements.js';
import { main } from '../src/cli/main.js';
import { tick } from '../src/worker/scheduler.js';
import { DIALECTS, freshDataDir, must, openWithBusiness } from './helpers.js';

async function lunas(dataDir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['--data', dataDir, ...args],
    { LUNAS_NOW: '2026-12-03T02:00:00Z' },
    {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    },
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('issue 11 defect 14: small ones seen on the way', () => {
  it('issue 11 defect 14: a CLI error is printed once', async () => {
    const dir = freshDataDir();
    await lunas(dir, ['init', '--name', 'Toko Berkah']);
    await lunas(dir, ['customer', 'add', '--name', 'Siti', '--ref', 'P001']);
    const bad = await lunas(dir, ['pay', '--customer', 'P001', '--amount', '5', '--method', 'foo']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.match(/harus salah satu dari cash/g)).toHaveLength(1);
    const missing = await lunas(dir, ['customer', 'show', 'P009']);
    expect(missing.stderr.match(/P009/g)).toHaveLength(1);
  });

  it('issue 11 defect 14: the timeline is a table people read, not JSON', async () => {
    const dir = freshDataDir();
    await lunas(dir, ['init', '--name', 'Toko Berkah']);
    await lunas(dir, ['customer', 'add', '--name', 'Siti', '--ref', 'P001']);
    await lunas(dir, ['sale', '--customer', 'P001', '--amount', '50000']);
    await lunas(dir, ['promise', 'add', '--customer', 'P001', '--date', '2026-12-10', '--amount', '50000']);
    const timeline = await lunas(dir, ['timeline', 'P001']);
    expect(timeline.code).toBe(0);
    expect(timeline.stdout).not.toMatch(/[{}"]/);
    expect(timeline.stdout).toMatch(/^tanggal\s+kegiatan\s+keterangan/);
    expect(timeline.stdout).toContain('janji bayar');
    expect(timeline.stdout).toContain('Rp 50.000');
  });

  it.each(DIALECTS)('issue 11 defect 14: a second waiver of the same period says it was waived ($name)', async (dialect) => {
    const { app, business, clock } = await openWithBusiness(await dialect.location());
    must(
      await setPolicy(app, business, {
        policy: { graceDays: 0, lateFee: { kind: 'flat', amount: 2_000, period: 'week', capAmount: null } },
      }),
    );
    must(await addCustomer(app, business, { name: 'Rina', ref: 'R1' }));
    const sale = must(await recordSale(app, business, { customer: 'R1', amount: 50_000, due: '2026-03-04' }));
    clock.set(new Date(Date.UTC(2026, 2, 6, 2)));
    must(await collect(app, business, {}));
    // Everything but the fee is paid: the waiver then settles the invoice.
    must(await recordPayment(app, business, { customer: 'R1', amount: 50_000, method: 'cash', invoice: sale.id }));
    const first = must(await waiveFee(app, business, { invoice: sale.id, period: 1, reason: 'pelanggan lama' }));
    expect(first.outstanding).toBe(0);
    const second = await waiveFee(app, business, { invoice: sale.id, period: 1, reason: 'again' });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.code).toBe('validation_failed');
      expect(second.message).toContain('already waived');
    }
  });

  it.each(DIALECTS)(
    'issue 11 defect 14: same-day statement lines keep the order they were posted in ($name)',
    async (dialect) => {
      const { app, business } = await openWithBusiness(await dialect.location());
      // Ids that go down, as two processes under one fixed clock may make them: the order must not follow them.
      let counter = 1_000_000;
      const backwards: AppContext = { ...app, ids: { next: (prefix) => `${prefix}_zz${String(counter--).padStart(8, '0')}` } };
      must(await addCustomer(backwards, business, { name: 'Rina', ref: 'R1' }));
      must(await recordSale(backwards, business, { customer: 'R1', amount: 50_000 }));
      must(await recordPayment(backwards, business, { customer: 'R1', amount: 20_000, method: 'cash' }));
      must(await recordSale(backwards, business, { customer: 'R1', amount: 10_000 }));
      const statement = must(await customerStatement(app, business, { customer: 'R1' }));
      expect(statement.lines.map((line) => [line.kind, line.balance])).toEqual([
        ['invoice', 50_000],
        ['payment', 30_000],
        ['invoice', 40_000],
      ]);
    },
  );

  it.each(DIALECTS)('issue 11 defect 14: the worker purges expired sessions ($name)', async (dialect) => {
    const { app, clock } = await openWithBusiness(await dialect.location());
    must(
      await signUp(app, { email: 'owner@example.com', password: 'correct horse battery', name: 'Owner', businessName: 'Toko' }),
    );
    const count = async () =>
      Number(
        (
          await app.store.db
            .selectFrom('sessions')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(1);
    expect((await tick(app, { morningHour: 8 })).sessionsPurged).toBe(0);
    clock.advanceMs(31 * 24 * 3_600_000);
    const report = await tick(app, { morningHour: 8 });
    expect(report.sessionsPurged).toBe(1);
    expect(await count()).toBe(0);
  });
});
