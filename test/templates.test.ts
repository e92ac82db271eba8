/**
 * Issue 13 part 4: message templates and receipts, as the owner uses them. Templates are set,
 * refused, previewed for a real customer and reset through the CLI and the API; the collection
 * run writes its reminders from the owner's wording; a payment, a promise, a plan and a dispute
 * queue their confirmation once, in the same transaction, and a replay queues nothing new.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { collect } from '../src/app/collection.js';
import { createPlan, openDispute, recordPromise } from '../src/app/commitments.js';
import { addCustomer } from '../src/app/customers.js';
import { recordSale } from '../src/app/invoices.js';
import { recordPayment } from '../src/app/payments.js';
import { setPolicy } from '../src/app/policies.js';
import { setTemplate } from '../src/app/templates.js';
import { setChannel } from '../src/app/channels.js';
import type { OpenApp } from '../src/app/open.js';
import type { Business } from '../src/core/parties.js';
import { type ApiUnderTest, openApi } from './api-helpers.js';
import { seedBusiness } from './api-fixture.js';
import { DIALECTS, freshDataDir, must, openWithBusiness } from './helpers.js';

async function lunas(dataDir: string, args: string[], now = '2026-03-20T02:00:00Z') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['--data', dataDir, ...args],
    { LUNAS_NOW: now },
    { out: (text) => out.push(text), err: (text) => err.push(text) },
  );
  const stdout = out.join('\n');
  const stderr = err.join('\n');
  return { code, stdout, stderr, json: () => JSON.parse(stdout), error: () => JSON.parse(stderr).error };
}

async function outbox(app: OpenApp, business: Business) {
  return app.store.db
    .selectFrom('outbox')
    .select(['key', 'purpose', 'subject', 'body', 'channel', 'recipient', 'customer_id'])
    .where('business_id', '=', business.id)
    .orderBy('id')
    .execute();
}

describe('lunas template (CLI)', () => {
  it('issue 13 part 4: shows the default with its variables and a preview for the customer with the most overdue; refuses an unknown variable; sets and resets', async () => {
    const dir = freshDataDir();
    expect(
      (await lunas(dir, ['init', '--name', 'Toko Bangunan Sumber Rejeki', '--terms-days', '14'], '2026-02-01T02:00:00Z')).code,
    ).toBe(0);
    await lunas(
      dir,
      ['customer', 'add', '--name', 'Siti Rahayu', '--phone', '0812-3456-7890', '--ref', 'P001'],
      '2026-02-01T02:00:00Z',
    );
    await lunas(
      dir,
      ['customer', 'add', '--name', 'Budi Santoso', '--phone', '0813-1111-2222', '--ref', 'P002'],
      '2026-02-01T02:00:00Z',
    );
    await lunas(dir, ['sale', '--customer', 'P001', '--amount', '250000'], '2026-02-01T02:00:00Z');
    await lunas(dir, ['sale', '--customer', 'P002', '--amount', '1250000'], '2026-02-01T02:00:00Z');

    const shown = await lunas(dir, ['--json', 'template', 'show', 'reminder_firm']);
    expect(shown.code).toBe(0);
    const view = shown.json();
    expect(view).toMatchObject({ purpose: 'reminder_firm', lang: 'id', isDefault: true });
    expect(view.variables.map((v: { name: string }) => v.name)).toEqual(
      expect.arrayContaining(['customer_name', 'amount_due', 'items', 'items.when', 'late_fee', 'how_to_pay']),
    );
    expect(view.variables.find((v: { name: string }) => v.name === 'customer_name').description).toEqual({
      id: 'nama pelanggan',
      en: "the customer's name",
    });
    expect(view.preview.customer).toEqual({ name: 'Budi Santoso', ref: 'P002' });
    expect(view.preview.body).toContain('- INV-2026-000002: Rp 1.250.000 (jatuh tempo 15 Februari 2026, terlambat 33 hari)');

    const bad = await lunas(dir, ['--json', 'template', 'set', 'receipt', '--body', 'Halo {{nama}}, terima kasih']);
    expect(bad.code).not.toBe(0);
    expect(bad.error().code).toBe('validation_failed');
    expect(bad.error().details.fields.body).toMatch(/^variabel \{\{nama\}\} di baris 1, kolom 6 tidak dikenal/);
    const people = await lunas(dir, ['template', 'set', 'receipt', '--lang', 'en', '--body', 'Hi {{#if paid_in_full}}done']);
    expect(people.stderr).toContain('body: {{#if paid_in_full}} di baris 1, kolom 4 tidak pernah ditutup dengan {{/if}}');
    expect((await lunas(dir, ['--json', 'template', 'list'])).json().every((row: { isDefault: boolean }) => row.isDefault)).toBe(
      true,
    );

    const file = path.join(dir, 'receipt.txt');
    fs.writeFileSync(file, 'Terima kasih Bapak/Ibu {{customer_name}}.\nKami terima {{payment_amount}}.\nSisa: {{balance}}\n');
    const set = await lunas(dir, [
      '--json',
      'template',
      'set',
      'receipt',
      '--file',
      file,
      '--subject',
      'Kuitansi {{payment_amount}}',
    ]);
    expect(set.code).toBe(0);
    expect(set.json()).toMatchObject({ isDefault: false, subject: 'Kuitansi {{payment_amount}}' });
    const named = await lunas(dir, ['--json', 'template', 'show', 'receipt', '--customer', 'Siti Rahayu']);
    expect(named.json().preview.customer.name).toBe('Siti Rahayu');
    expect(named.json().preview.body).toBe('Terima kasih Bapak/Ibu Siti Rahayu.\nKami terima Rp 250.000.\nSisa: Rp 0');
    const listed = await lunas(dir, ['template', 'list']);
    expect(listed.stdout).toMatch(/receipt +id {2}milik Anda, diubah 20 Maret 2026/);

    const reset = await lunas(dir, ['--json', 'template', 'reset', 'receipt']);
    expect(reset.json()).toMatchObject({
      isDefault: true,
      subject: 'Tanda terima pembayaran {{payment_amount}} - {{business_name}}',
    });
    const person = await lunas(dir, ['template', 'show', 'receipt']);
    expect(person.stdout).toContain('Template receipt (id): kata-kata bawaan');
    expect(person.stdout).toContain('Pratinjau untuk Budi Santoso (P002):');
  });
});

describe.each(DIALECTS)('templates and receipts on $name', (dialect) => {
  describe('the API', () => {
    let api: ApiUnderTest;
    let token: string;
    beforeAll(async () => {
      api = await openApi(dialect);
      token = (await seedBusiness(api, 'T')).tokens.owner;
    });
    afterAll(() => api.close());

    it('issue 13 part 4: PUT refuses an unknown variable naming it, GET previews for the customer asked, DELETE goes back to the default', async () => {
      const as = { token };
      const refused = await api.call('PUT', '/api/v1/templates/reminder_friendly/en', {
        body: { body: 'Hi {{name}}' },
        as,
        headers: { 'Accept-Language': 'en' },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.fields.body).toMatch(/^unknown variable \{\{name\}\} at line 1, column 4/);
      const unknownPurpose = await api.call('GET', '/api/v1/templates/thanks/id', { as, headers: { 'Accept-Language': 'en' } });
      expect(unknownPurpose.status).toBe(400);
      expect(unknownPurpose.body.error.details.fields.purpose).toContain('no message template thanks');

      const customer = (
        await api.call('POST', '/api/v1/customers', {
          body: { name: 'Toko <Maju> & Co', phone: '0815-2222-3333', ref: 'TM1' },
          as,
        })
      ).body;
      await api.call('POST', '/api/v1/invoices', { body: { customerId: customer.id, amount: 1_250_000 }, as });
      const set = await api.call('PUT', '/api/v1/templates/reminder_friendly/en', {
        body: { body: 'Dear {{customer_name}},\n{{#each items}}{{item}} {{amount}}\n{{/each}}', subject: 'Owed: {{amount_due}}' },
        as,
      });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect(set.body.isDefault).toBe(false);
      const shown = await api.call('GET', '/api/v1/templates/reminder_friendly/en?customer=TM1', { as });
      expect(shown.body.preview.customer).toEqual({ name: 'Toko <Maju> & Co', ref: 'TM1' });
      expect(shown.body.preview.subject).toBe('Owed: Rp 1.250.000');
      expect(shown.body.preview.body).toMatch(/^Dear Toko <Maju> & Co,\nINV-\d{4}-\d{6} Rp 1\.250\.000$/);
      expect(shown.body.preview.html).toMatch(/^Dear Toko &lt;Maju&gt; &amp; Co,<br>\nINV-/);
      const list = await api.call('GET', '/api/v1/templates', { as });
      expect(list.body.templates).toContainEqual(
        expect.objectContaining({ purpose: 'reminder_friendly', lang: 'en', isDefault: false }),
      );

      const reset = await api.call('DELETE', '/api/v1/templates/reminder_friendly/en', { as });
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({ isDefault: true, subject: 'A reminder from {{business_name}}' });
    });
  });

  it('issue 13 part 4: the collection run writes its reminders from the owner’s edited template, with purpose and subject', async () => {
    const { app, clock, business } = await openWithBusiness(await dialect.location(), { termsDays: 7 });
    try {
      const siti = must(await addCustomer(app, business, { name: 'Siti Rahayu', phone: '0812-3456-7890', ref: 'S1' }));
      must(await recordSale(app, business, { customer: siti.id, amount: 150_000, item: 'Semen' }));
      must(
        await setTemplate(app, business, {
          purpose: 'reminder_friendly',
          body: 'Yth. Bapak/Ibu {{customer_name}}, mohon dilunasi {{amount_due}}:\n{{#each items}}\n* {{item}} ({{when}})\n{{/each}}',
          subject: 'Tagihan {{amount_due}}',
        }),
      );
      clock.advanceMs(4 * 86_400_000);
      must(await collect(app, business, {}));
      const reminders = (await outbox(app, business)).filter((row) => row.key.startsWith('reminder:'));
      expect(reminders).toHaveLength(1);
      expect(reminders[0]).toMatchObject({
        purpose: 'reminder',
        subject: 'Tagihan Rp 150.000',
        body: 'Yth. Bapak/Ibu Siti Rahayu, mohon dilunasi Rp 150.000:\n* INV-2026-000001 (3 hari lagi)',
      });
    } finally {
      await app.close();
    }
  });

  it('issue 13 part 4: a payment, a promise, a plan and a dispute queue their confirmation once; a replay queues nothing new', async () => {
    const { app, business } = await openWithBusiness(await dialect.location(), { termsDays: 7 });
    try {
      // Email goes only on a channel the business set up (Budi has email only).
      must(
        await setChannel(app, business, {
          channel: 'email',
          provider: 'smtp',
          config: { host: '127.0.0.1', port: 2525, from: 'toko@example.com' },
        }),
      );
      const siti = must(await addCustomer(app, business, { name: 'Siti Rahayu', phone: '0812-3456-7890', ref: 'S1' }));
      const budi = must(await addCustomer(app, business, { name: 'Budi Santoso', email: 'budi@example.com', ref: 'B1' }));
      const none = must(await addCustomer(app, business, { name: 'Pak Slamet', ref: 'N1' }));
      for (const customer of [siti, budi, none]) {
        must(await recordSale(app, business, { customer: customer.id, amount: 300_000 }));
        must(await recordSale(app, business, { customer: customer.id, amount: 200_000 }));
      }
      const pay = { customer: siti.id, amount: 100_000, method: 'cash' as const, idempotencyKey: 'pay-1' };
      must(await recordPayment(app, business, pay));
      must(await recordPayment(app, business, pay));
      must(await recordPayment(app, business, { ...pay, customer: none.id, idempotencyKey: 'pay-2' }));
      const promise = { customer: siti.id, date: '2026-03-10', amount: 150_000, idempotencyKey: 'promise-1' };
      must(await recordPromise(app, business, promise));
      must(await recordPromise(app, business, promise));
      const plan = {
        customer: budi.id,
        frequency: 'monthly' as const,
        firstDate: '2026-03-15',
        instalments: 2,
        idempotencyKey: 'plan-1',
      };
      must(await createPlan(app, business, plan));
      must(await createPlan(app, business, plan));
      const dispute = { invoice: 'INV-2026-000001', reason: 'Semen kurang 5 sak', idempotencyKey: 'dispute-1' };
      must(await openDispute(app, business, dispute));
      must(await openDispute(app, business, dispute));

      const rows = await outbox(app, business);
      expect(rows.map((row) => [row.purpose, row.channel, row.recipient])).toEqual([
        ['receipt', 'whatsapp', '+6281234567890'],
        ['promise_confirmation', 'whatsapp', '+6281234567890'],
        ['plan_confirmation', 'email', 'budi@example.com'],
        ['dispute_received', 'whatsapp', '+6281234567890'],
      ]);
      expect(rows[0]?.subject).toBe('Tanda terima pembayaran Rp 100.000 - Konter Uji');
      expect(rows[0]?.body).toContain(
        'Terima kasih, pembayaran sebesar Rp 100.000 pada 2 Maret 2026 sudah kami terima.\nSisa tagihan Bapak/Ibu: Rp 400.000.',
      );
      expect(rows[1]?.body).toContain('membayar Rp 150.000 paling lambat 10 Maret 2026');
      expect(rows[2]?.body).toContain(
        '- Cicilan 1/2: Rp 250.000, jatuh tempo 15 Maret 2026\n- Cicilan 2/2: Rp 250.000, jatuh tempo 15 April 2026',
      );
      expect(rows[3]?.body).toContain('atas tagihan INV-2026-000001 sudah kami terima: "Semen kurang 5 sak"');

      // The policy turns payment receipts off: the next payment queues none.
      must(await setPolicy(app, business, { policy: { receipts: { payment: false } } }));
      must(await recordPayment(app, business, { ...pay, idempotencyKey: 'pay-3' }));
      expect(await outbox(app, business)).toHaveLength(4);
    } finally {
      await app.close();
    }
  });
});
