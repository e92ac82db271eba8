/**
 * Issue 11 defect 12: people use the numbers they see. Every command and route
 * that takes an invoice, customer or payment takes its number or ref as well as
 * its id; `lunas invoice list` lists invoices with the API's filters.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { openApi } from './api-helpers.js';
import { uniqueEmail } from './api-fixture.js';
import { signUpOwner, tokenFor } from './api-helpers.js';
import { DIALECTS, freshDataDir } from './helpers.js';

const NOW = { LUNAS_NOW: '2026-12-03T02:00:00Z' };

async function lunas(dataDir: string, args: string[], now = NOW) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--data', dataDir, ...args], now, { out: (t) => out.push(t), err: (t) => err.push(t) });
  const stdout = out.join('\n');
  return { code, stdout, stderr: err.join('\n'), json: () => JSON.parse(stdout) };
}

describe('issue 11 defect 12: invoices, customers and payments by the numbers people see', () => {
  it('issue 11 defect 12: the CLI takes invoice numbers wherever it takes an invoice', async () => {
    const dir = freshDataDir();
    expect((await lunas(dir, ['init', '--name', 'Toko Berkah'])).code).toBe(0);
    await lunas(dir, ['customer', 'add', '--name', 'Siti Rahayu', '--ref', 'P001']);
    await lunas(dir, ['customer', 'add', '--name', 'Budi Santoso', '--ref', 'P002']);
    // Three sales a minute apart (newest first means the latest made).
    await lunas(dir, ['sale', '--customer', 'P001', '--amount', '100000'], { LUNAS_NOW: '2026-12-03T01:57:00Z' });
    await lunas(dir, ['sale', '--customer', 'P001', '--amount', '50000'], { LUNAS_NOW: '2026-12-03T01:58:00Z' });
    await lunas(dir, ['sale', '--customer', 'P002', '--amount', '70000'], { LUNAS_NOW: '2026-12-03T01:59:00Z' });

    const shown = await lunas(dir, ['--json', 'invoice', 'show', 'INV-2026-000001']);
    expect(shown.code).toBe(0);
    expect(shown.json()).toMatchObject({ number: 'INV-2026-000001', total: 100_000 });

    const paid = await lunas(dir, [
      '--json',
      'pay',
      '--customer',
      'P001',
      '--amount',
      '50000',
      '--method',
      'cash',
      '--invoice',
      'INV-2026-000002',
      '--reference',
      'TRF-777',
    ]);
    expect(paid.code).toBe(0);
    const secondId = (await lunas(dir, ['--json', 'invoice', 'show', 'INV-2026-000002'])).json().id;
    expect(paid.json().allocations).toMatchObject([{ invoiceId: secondId, amount: 50_000 }]);

    const note = await lunas(dir, [
      '--json',
      'credit-note',
      '--invoice',
      'INV-2026-000001',
      '--amount',
      '10000',
      '--reason',
      'Salah harga',
    ]);
    expect(note.code).toBe(0);
    expect(note.json().invoice).toMatchObject({ number: 'INV-2026-000001', outstanding: 90_000 });

    const payment = await lunas(dir, ['--json', 'payment', 'show', 'TRF-777']);
    expect(payment.code).toBe(0);
    expect(payment.json()).toMatchObject({ id: paid.json().id, amount: 50_000 });

    const list = await lunas(dir, ['invoice', 'list', '--customer', 'P001']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('INV-2026-000001');
    expect(list.stdout).toContain('Siti Rahayu');
    expect(list.stdout).toContain('Rp 90.000');
    expect(list.stdout).not.toContain('INV-2026-000003');
    // Newest first, as the contract says.
    expect(list.stdout.indexOf('INV-2026-000002')).toBeLessThan(list.stdout.indexOf('INV-2026-000001'));

    const open = await lunas(dir, ['--json', 'invoice', 'list', '--status', 'open']);
    expect(open.json().invoices.map((i: { number: string }) => i.number)).toEqual(['INV-2026-000003', 'INV-2026-000001']);

    const unknown = await lunas(dir, ['invoice', 'show', 'INV-2026-000009']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('not_found');
  });

  it.each(DIALECTS)(
    'issue 11 defect 12: API routes take numbers and refs in paths, bodies and filters ($name)',
    async (dialect) => {
      const api = await openApi(dialect);
      try {
        api.clock.set(new Date(NOW.LUNAS_NOW));
        const owner = await signUpOwner(api, uniqueEmail('refs'));
        const as = { token: await tokenFor(api, owner, 'owner') };
        const customer = await api.call('POST', '/api/v1/customers', { body: { name: 'Siti Rahayu', ref: 'P001' }, as });
        expect(customer.status).toBe(201);
        const sale = await api.call('POST', '/api/v1/invoices', { body: { customerId: 'P001', amount: 100_000 }, as });
        expect(sale.status).toBe(201);
        const number = sale.body.number as string;

        const byNumber = await api.call('GET', `/api/v1/invoices/${number}`, { as });
        expect(byNumber.status).toBe(200);
        expect(byNumber.body.id).toBe(sale.body.id);

        const pay = await api.call('POST', '/api/v1/payments', {
          body: { customerId: 'P001', amount: 40_000, method: 'bank_transfer', invoiceId: number, reference: 'BCA-123' },
          as,
        });
        expect(pay.status).toBe(201);
        expect(pay.body.allocations).toMatchObject([{ invoiceId: sale.body.id, amount: 40_000 }]);

        const byReference = await api.call('GET', '/api/v1/payments/BCA-123', { as });
        expect(byReference.status).toBe(200);
        expect(byReference.body.id).toBe(pay.body.id);

        const filtered = await api.call('GET', `/api/v1/payments?invoiceId=${number}&customerId=P001`, { as });
        expect(filtered.status).toBe(200);
        expect(filtered.body.payments.map((p: { id: string }) => p.id)).toEqual([pay.body.id]);

        const invoices = await api.call('GET', '/api/v1/invoices?customerId=P001', { as });
        expect(invoices.body.invoices.map((i: { number: string }) => i.number)).toEqual([number]);

        const note = await api.call('POST', `/api/v1/invoices/${number}/credit-notes`, {
          body: { amount: 10_000, reason: 'Salah harga' },
          as,
        });
        expect(note.status).toBe(201);
        expect(note.body.invoice.outstanding).toBe(50_000);

        // A reference two payments share names neither: the caller is told to use the id.
        await api.call('POST', '/api/v1/payments', {
          body: { customerId: 'P001', amount: 1_000, method: 'cash', reference: 'BCA-123' },
          as,
        });
        const ambiguous = await api.call('GET', '/api/v1/payments/BCA-123', { as });
        expect(ambiguous.status).toBe(400);
        expect(ambiguous.body.error.code).toBe('validation_failed');
        expect(ambiguous.body.error.details.fields.payment).toContain('ada pada 2 pembayaran');
      } finally {
        await api.close();
      }
    },
  );
});
