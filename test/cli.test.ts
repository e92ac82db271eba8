/**
 * The `lunas` command: in-process through `main` for most cases, and through the
 * real bin/lunas executable for the exit codes and streams a script relies on.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { DIALECTS, freshDataDir } from './helpers.js';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'lunas');
const NOW = { LUNAS_NOW: '2026-03-02T02:00:00Z' };

/** Runs the command in-process and captures what it prints. */
async function lunas(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { ...NOW, ...env }, { out: (text) => out.push(text), err: (text) => err.push(text) });
  const stdout = out.join('\n');
  return { code, stdout, stderr: err.join('\n'), json: () => JSON.parse(stdout) };
}

describe.each(DIALECTS)('lunas on $name', (dialect) => {
  it('runs the daily flow with --json output as the contract shapes it', async () => {
    const location = await dialect.location();
    const store =
      location.kind === 'postgres' ? ['--database-url', location.url] : ['--data', (location as { dataDir: string }).dataDir];
    const cmd = (...args: string[]) => lunas([...store, '--json', ...args]);

    const business = await cmd('init', '--name', 'Konter Maju', '--default-credit-limit', '300000');
    expect(business.code).toBe(0);
    expect(business.json()).toMatchObject({ name: 'Konter Maju', currency: 'IDR', timezone: 'Asia/Jakarta', locale: 'id' });

    const customer = await cmd(
      'customer',
      'add',
      '--name',
      'Siti',
      '--phone',
      '0812-1111-2222',
      '--ref',
      'S1',
      '--terms-days',
      '7',
    );
    expect(customer.json()).toMatchObject({
      name: 'Siti',
      phone: '+6281211112222',
      ref: 'S1',
      creditLimit: 300_000,
      termsDays: 7,
      status: 'active',
      balance: 0,
      overdue: 0,
    });

    const sale = await cmd('sale', '--customer', 'S1', '--amount', '50000', '--item', 'Pulsa 50rb', '--idempotency-key', 'k1');
    expect(sale.json()).toMatchObject({
      number: 'INV-2026-000001',
      issueDate: '2026-03-02',
      dueDate: '2026-03-09',
      total: 50_000,
      outstanding: 50_000,
      status: 'open',
    });
    expect(sale.json().lines).toEqual([
      expect.objectContaining({ description: 'Pulsa 50rb', quantity: 1, unitPrice: 50_000, amount: 50_000 }),
    ]);
    const replay = await cmd('sale', '--customer', 'S1', '--amount', '50000', '--item', 'Pulsa 50rb', '--idempotency-key', 'k1');
    expect(replay.json()).toEqual(sale.json());

    const invoice = await cmd(
      'invoice',
      'add',
      '--customer',
      'S1',
      '--line',
      'Jasa servis HP|2|75000',
      '--line',
      'Casing|1|30000|5000',
      '--reference',
      'PO-9',
    );
    expect(invoice.json()).toMatchObject({ number: 'INV-2026-000002', total: 175_000, reference: 'PO-9' });

    const paid = await cmd('pay', '--customer', 'S1', '--amount', '240000', '--method', 'ewallet', '--provider', 'dana');
    expect(paid.json()).toMatchObject({ amount: 240_000, method: 'ewallet', provider: 'dana', unapplied: 15_000 });
    expect(paid.json().allocations).toHaveLength(2);

    const shown = await cmd('customer', 'show', 'S1');
    expect(shown.json()).toMatchObject({ balance: 0, credit: 15_000, openInvoices: [] });
    const listed = await cmd('customer', 'list');
    expect(listed.json().customers).toHaveLength(1);

    const aging = await cmd('aging', '--as-of', '2026-03-02');
    expect(aging.json()).toMatchObject({ asOf: '2026-03-02', currency: 'IDR', totals: { outstanding: 0 } });
    expect(aging.json().buckets.map((b: { key: string }) => b.key)).toEqual(['current', '1-30', '31-60', '61-90', '90+']);
    const owing = await cmd('customer', 'add', '--name', 'Tono', '--ref', 'T1');
    expect(owing.code).toBe(0);
    expect((await cmd('sale', '--customer', 'T1', '--amount', '20000')).code).toBe(0);
    expect((await cmd('aging', '--min-amount', '20000')).json()).toMatchObject({
      totals: { outstanding: 20_000 },
      customers: [{ customerId: owing.json().id, outstanding: 20_000 }],
    });
    expect((await cmd('aging', '--min-amount', '20001')).json()).toMatchObject({ totals: { outstanding: 0 }, customers: [] });
    expect((await cmd('aging', '--status', 'on_hold')).json().customers).toEqual([]);
    expect((await cmd('aging', '--status', 'active')).json().totals.outstanding).toBe(20_000);
    const badFilter = await cmd('aging', '--status', 'sleeping', '--min-amount', '-5');
    expect(badFilter.code).toBe(2);
    // Tags: given at creation, set later (none clears them), and aging filtered by one.
    expect((await cmd('customer', 'add', '--name', 'Wati', '--ref', 'W1', '--tag', 'Grosir', 'pasar')).json().tags).toEqual([
      'grosir',
      'pasar',
    ]);
    expect((await cmd('sale', '--customer', 'W1', '--amount', '5000')).code).toBe(0);
    expect((await cmd('aging', '--tag', 'grosir')).json()).toMatchObject({ totals: { outstanding: 5_000 } });
    expect((await cmd('customer', 'tag', 'T1', 'grosir')).json().tags).toEqual(['grosir']);
    expect((await cmd('aging', '--tag', 'grosir')).json()).toMatchObject({ totals: { outstanding: 25_000 } });
    expect((await cmd('customer', 'tag', 'T1')).json().tags).toEqual([]);
    expect((await cmd('aging', '--tag', 'pasar', '--format', 'csv')).stdout).toContain('TOTAL,5000');

    const verify = await cmd('verify');
    expect(verify.code).toBe(0);
    expect(verify.json()).toMatchObject({ ok: true, problems: [] });
  });
});

describe('lunas errors', () => {
  it('names the field and exits 2 for bad input, writing nothing', async () => {
    const data = ['--data', freshDataDir()];
    expect((await lunas([...data, 'init', '--name', 'Toko'])).code).toBe(0);
    const cases: [string[], string][] = [
      [['sale', '--customer', 'x', '--amount', '50.000'], 'amount'],
      [['sale', '--customer', 'x', '--amount', '-1'], 'amount'],
      [['customer', 'add', '--name', 'A', '--phone', '123'], 'phone'],
      [['pay', '--customer', 'x', '--amount', '1', '--method', 'cheque'], 'method'],
      [['invoice', 'add', '--customer', 'x', '--line', 'no price'], 'lines[0]'],
      [['aging', '--buckets', '60,30'], 'buckets'],
      [['sale', '--customer', 'x', '--amount', '5', '--date', '2026-02-31'], 'date'],
    ];
    for (const [args, field] of cases) {
      const result = await lunas([...data, '--json', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      const error = JSON.parse(result.stderr).error;
      expect(error.code).toBe('validation_failed');
      expect(Object.keys(error.details.fields)).toContain(field);
    }
    const unknown = await lunas([...data, '--json', 'sale', '--customer', 'nobody', '--amount', '5']);
    expect(JSON.parse(unknown.stderr).error.code).toBe('not_found');
    const list = await lunas([...data, '--json', 'customer', 'list']);
    expect(list.json().customers).toEqual([]);
  });

  it('asks for init on an empty store and for --business when there are several', async () => {
    const data = ['--data', freshDataDir()];
    const empty = await lunas([...data, 'customer', 'list']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('lunas init');
    await lunas([...data, 'init', '--name', 'Satu']);
    const second = await lunas([...data, '--json', 'init', '--name', 'Dua']);
    const several = await lunas([...data, 'customer', 'list']);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('--business');
    const chosen = await lunas([...data, '--business', second.json().id, '--json', 'customer', 'list']);
    expect(chosen.code).toBe(0);
  });

  it('refuses a bad LUNAS_NOW and a database URL that is not PostgreSQL', async () => {
    const badNow = await lunas(['--data', freshDataDir(), 'customer', 'list'], { LUNAS_NOW: 'yesterday' });
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain('LUNAS_NOW');
    const badUrl = await lunas(['--database-url', 'mysql://x', 'customer', 'list']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('databaseUrl');
  });
});

describe('bin/lunas', () => {
  it('prints results on stdout, errors as JSON on stderr, and exits by the contract table', async () => {
    const dataDir = freshDataDir();
    const env = { ...process.env, ...NOW, LUNAS_DATA_DIR: dataDir };
    const init = await run(BIN, ['--json', 'init', '--name', 'Konter Bin', '--default-credit-limit', '100000'], { env });
    const business = JSON.parse(init.stdout);
    expect(business.id).toMatch(/^biz_/);
    await run(BIN, ['customer', 'add', '--name', 'Rudi', '--ref', 'R1'], { env });
    const refused = await run(BIN, ['--json', 'sale', '--customer', 'R1', '--amount', '150000'], { env }).catch((error) => error);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(JSON.parse(refused.stderr).error).toMatchObject({
      code: 'credit_limit_exceeded',
      details: { limit: 100_000, exposure: 0, shortfall: 50_000 },
    });
    const human = await run(BIN, ['sale', '--customer', 'R1', '--amount', '150000', '--override-reason', 'Tetangga sendiri'], {
      env,
    });
    expect(human.stdout).toContain('INV-2026-000001');
    expect(human.stdout).toContain('Rp 150.000');
    const verify = await run(BIN, ['verify'], { env });
    // Lines for people are in the business's language (Indonesian by default).
    expect(verify.stdout).toMatch(/^COCOK: /);
  });

  it('fills a new store with the demo and lists its customers', async () => {
    const env = { ...process.env, LUNAS_DATA_DIR: freshDataDir() };
    const demo = await run(BIN, ['--json', 'demo'], { env });
    const summary = JSON.parse(demo.stdout);
    expect(summary.customers).toBe(40);
    expect(summary.sales).toBeGreaterThan(300);
    expect(summary.payments).toBeGreaterThan(200);
    const list = JSON.parse((await run(BIN, ['--json', 'customer', 'list'], { env })).stdout);
    expect(list.customers).toHaveLength(40);
    expect(list.customers.some((c: { overdue: number }) => c.overdue > 0)).toBe(true);
    expect(list.customers.every((c: { phone: string }) => c.phone.startsWith('+62'))).toBe(true);
    const again = await run(BIN, ['demo', '--if-empty'], { env });
    expect(again.stdout).toContain('Demo dilewati');
    expect((await run(BIN, ['verify'], { env })).stdout).toMatch(/^COCOK/);
  });
});
