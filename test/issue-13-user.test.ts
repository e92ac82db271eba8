/**
 * Issue 13, found using Lunas as the owner would: what the helpers' tests did not think of.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSmtpServer } from './support/smtp.js';
import { normalizePhone } from '../src/core/parties.js';
import { greetingOf, reminderMessage } from '../src/core/messages.js';
import type { CalendarDate } from '../src/core/dates.js';
import { minor } from '../src/core/money.js';
import { main } from '../src/cli/main.js';
import { collect } from '../src/app/collection.js';
import { addCustomer } from '../src/app/customers.js';
import { recordSale } from '../src/app/invoices.js';
import { recordPayment } from '../src/app/payments.js';
import { DIALECTS, freshDataDir, must, openWithBusiness } from './helpers.js';

async function lunas(dataDir: string, args: string[], now = '2026-11-01T02:00:00Z') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--data', dataDir, ...args], { LUNAS_NOW: now }, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('issue 13 (user): what the owner types', () => {
  it('issue 13 (user): a customer added without a ref is named by their name, not a 30-character id', async () => {
    const dir = freshDataDir();
    await lunas(dir, ['init', '--name', 'Konter Sinar Jaya']);
    await lunas(dir, ['customer', 'add', '--name', 'Budi Santoso', '--phone', '0812-3456-7890']);
    const sale = await lunas(dir, ['sale', '--customer', 'budi santoso', '--amount', '50000']);
    expect(sale.stderr).toBe('');
    expect(sale.stdout).toContain('INV-2026-000001 untuk Budi Santoso: Rp 50.000');
    // Two of one name: refused, saying how to tell them apart.
    await lunas(dir, ['customer', 'add', '--name', 'Budi Santoso', '--ref', 'BUDI2']);
    const twice = await lunas(dir, ['sale', '--customer', 'Budi Santoso', '--amount', '50000']);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain('ada 2 pelanggan bernama Budi Santoso');
    expect(twice.stderr).toContain('ref BUDI2');
    expect(twice.stderr).toContain('+6281234567890');
    const byRef = await lunas(dir, ['sale', '--customer', 'BUDI2', '--amount', '20000']);
    expect(byRef.stdout).toContain('INV-2026-000002 untuk Budi Santoso (BUDI2): Rp 20.000');
    const nobody = await lunas(dir, ['sale', '--customer', 'Joko', '--amount', '20000']);
    expect(nobody.stderr).toContain('tidak ada pelanggan Joko di usaha ini');
  });
});

describe('issue 13 (tester): the list to tap holds what is still right', () => {
  it('issue 13 (tester): a click-to-chat reminder waiting for a tap is cancelled when the customer pays or a newer one replaces it, and cannot be opened', async () => {
    const dir = freshDataDir();
    await lunas(dir, ['init', '--name', 'Konter Sinar Jaya']);
    await lunas(dir, ['customer', 'add', '--name', 'Budi Santoso', '--phone', '0812-3456-7890', '--ref', 'BUDI']);
    await lunas(dir, ['customer', 'add', '--name', 'Siti Rahayu', '--phone', '0813-1111-2222', '--ref', 'SITI']);
    await lunas(dir, ['sale', '--customer', 'BUDI', '--amount', '150000']);
    await lunas(dir, ['sale', '--customer', 'SITI', '--amount', '130000']);
    for (const day of ['2026-11-12', '2026-11-15']) {
      await lunas(dir, ['collect'], `${day}T02:00:00Z`);
      await lunas(dir, ['send', '--once'], `${day}T02:00:00Z`);
    }
    const now = '2026-11-15T03:00:00Z';
    const before = await lunas(dir, ['today'], now);
    // One current reminder per customer, each with its short id, purpose and day, and how to mark it sent.
    expect(before.stdout).toContain('Pesan untuk dikirim (ketuk setiap tautan) (2)');
    const budiId = /\[(\w{8})\] pengingat untuk Budi Santoso \(BUDI\), Rp 150\.000, dibuat 15 November 2026/.exec(
      before.stdout,
    )?.[1];
    expect(budiId).toBeDefined();
    expect(before.stdout).toContain(`(setelah terkirim: lunas outbox open ${budiId})`);
    const list = await lunas(dir, ['outbox', 'list', '--customer', 'BUDI'], now);
    expect(list.stdout.match(/dibatalkan/g)).toHaveLength(1); // the 12 November one, replaced

    // Opening a link twice: the second time is refused, so the owner does not send it twice.
    const sitiId = /\[(\w{8})\] pengingat untuk Siti Rahayu/.exec(before.stdout)?.[1] as string;
    expect((await lunas(dir, ['outbox', 'open', sitiId], now)).stdout).toContain(`Pesan ${sitiId} dicatat terkirim`);
    const again = await lunas(dir, ['outbox', 'open', sitiId], now);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('pesan ini sudah dicatat terkirim');

    await lunas(dir, ['pay', '--customer', 'BUDI', '--amount', '150000', '--method', 'cash'], now);
    await lunas(dir, ['send', '--once'], now);
    const after = await lunas(dir, ['today'], now);
    expect(after.stdout).toContain('Pesan untuk dikirim (ketuk setiap tautan) (1)'); // Budi's receipt (Siti's reminder was sent)
    expect(after.stdout).not.toContain('pengingat untuk Budi Santoso');
    // A receipt says what was paid.
    expect(after.stdout).toContain('tanda terima untuk Budi Santoso (BUDI), Rp 150.000');
    // Two payments: only the newer receipt (with the newer balance) is left to tap.
    await lunas(dir, ['pay', '--customer', 'SITI', '--amount', '30000', '--method', 'cash'], now);
    // A minute later (with a clock that stands still, two messages of one instant have no order).
    await lunas(dir, ['pay', '--customer', 'SITI', '--amount', '20000', '--method', 'cash'], '2026-11-15T03:01:00Z');
    await lunas(dir, ['send', '--once'], '2026-11-15T03:01:00Z');
    const receipts = await lunas(dir, ['today'], '2026-11-15T03:01:00Z');
    expect(receipts.stdout.match(/tanda terima untuk Siti Rahayu/g)).toHaveLength(1);
    expect(receipts.stdout).toContain('tanda terima untuk Siti Rahayu (SITI), Rp 20.000');
    const open = await lunas(dir, ['outbox', 'open', budiId as string], now);
    expect(open.code).not.toBe(0);
    const shown = await lunas(dir, ['outbox', 'show', budiId as string], now);
    expect(shown.stdout).toContain('dibatalkan: pelanggan sudah membayar');
  });
});

describe('issue 13 (user): why a customer cannot be reached', () => {
  it('issue 13 (user): a landline customer with an email is to be called because email is not set up, not because WhatsApp is not', async () => {
    const dir = freshDataDir();
    await lunas(dir, ['init', '--name', 'Konter Sinar Jaya']);
    await lunas(dir, ['customer', 'add', '--name', 'Ibu Ratna', '--phone', '021-2934-5678', '--email', 'ratna@example.com']);
    await lunas(dir, ['sale', '--customer', 'Ibu Ratna', '--amount', '75000']);
    const today = await lunas(dir, ['today'], '2026-11-12T02:00:00Z');
    expect(today.stdout).toContain(
      'Ibu Ratna, +622129345678, utang Rp 75.000 (usaha ini belum mengirim lewat email (atur dengan lunas channel set))',
    );
    const show = await lunas(dir, ['customer', 'show', 'Ibu Ratna'], '2026-11-12T02:00:00Z');
    expect(show.stdout).toContain('belum mengirim lewat email (atur');
    expect(show.stdout).not.toContain('lewat WhatsApp');
  });
});

describe.each(DIALECTS)('issue 13 (user) on $name: the customer’s language', (dialect) => {
  it('issue 13 (user): a customer who reads English gets reminders and receipts in English in an Indonesian shop', async () => {
    const { app, clock, business } = await openWithBusiness(await dialect.location(), { termsDays: 7 });
    try {
      const john = must(await addCustomer(app, business, { name: 'John Smith', phone: '0812-1111-2222', locale: 'en' }));
      const siti = must(await addCustomer(app, business, { name: 'Siti Rahayu', phone: '0812-3333-4444' }));
      for (const customer of [john, siti]) must(await recordSale(app, business, { customer: customer.id, amount: 150_000 }));
      clock.advanceMs(4 * 86_400_000);
      must(await collect(app, business, {}));
      must(await recordPayment(app, business, { customer: john.id, amount: 50_000, method: 'cash' }));
      const rows = await app.store.db
        .selectFrom('outbox')
        .select(['purpose', 'body', 'customer_id'])
        .where('business_id', '=', business.id)
        .execute();
      const of = (customerId: string, purpose: string) =>
        rows.find((r) => r.customer_id === customerId && r.purpose === purpose)?.body;
      expect(of(john.id, 'reminder')).toMatch(/^Hello/);
      expect(of(john.id, 'reminder')).toContain('Rp 150.000');
      expect(of(john.id, 'receipt')).toMatch(/Thank you/i);
      expect(of(siti.id, 'reminder')).toMatch(/^Halo/);
    } finally {
      await app.close();
    }
  });
});

describe('issue 13 (user): the consultant emails an invoice', () => {
  it('issue 13 (user): invoice send queues the invoice, and the email that arrives carries its PDF, an HTML part and List-Unsubscribe', async () => {
    const smtp = await startSmtpServer();
    try {
      const dir = freshDataDir();
      await lunas(dir, ['init', '--name', 'Konsultan Pajak Sejahtera']);
      await lunas(dir, ['business', 'set', '--npwp', '01.234.567.8-901.000', '--address', 'Jl. Sudirman 1, Jakarta']);
      const set = await lunas(dir, [
        'channel',
        'set',
        'email',
        '--provider',
        'smtp',
        '--set',
        'host=127.0.0.1',
        `port=${smtp.port}`,
        'from=Konsultan Pajak Sejahtera <kantor@sejahtera.example>',
      ]);
      expect(set.stderr).toBe('');
      await lunas(dir, [
        'customer',
        'add',
        '--name',
        'PT Maju Jaya',
        '--email',
        'keuangan@majujaya.example',
        '--phone',
        '0812-7777-8888',
        '--ref',
        'MAJU',
      ]);
      await lunas(dir, [
        'invoice',
        'add',
        '--customer',
        'MAJU',
        '--line',
        'Jasa konsultasi pajak November|1|5000000|0|1100',
        '--reference',
        'PO-2026-117',
      ]);
      const sent = await lunas(dir, ['invoice', 'send', 'INV-2026-000001']);
      expect(sent.stderr).toBe('');
      expect(sent.stdout).toContain(
        'INV-2026-000001 untuk PT Maju Jaya masuk antrean lewat email ke keuangan@majujaya.example, dengan PDF terlampir',
      );
      const dispatched = await lunas(dir, ['send', '--once']);
      expect(dispatched.stdout).toContain('Terkirim 1');
      expect(smtp.messages).toHaveLength(1);
      const mail = smtp.messages[0]?.parsed;
      expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toContain('keuangan@majujaya.example');
      expect(mail?.text).toContain('INV-2026-000001');
      expect(mail?.html).toContain('INV-2026-000001');
      expect(String(smtp.messages[0]?.raw)).toContain('List-Unsubscribe: <mailto:kantor@sejahtera.example?subject=unsubscribe>');
      const pdf = mail?.attachments.find((attachment) => attachment.contentType === 'application/pdf');
      expect(pdf?.filename).toBe('INV-2026-000001.pdf');
      const file = path.join(dir, 'received.pdf');
      fs.writeFileSync(file, pdf?.content as Buffer);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('PT Maju Jaya');
      expect(text).toContain('PO-2026-117');
      expect(text).toContain('01.234.567.8-901.000');
      // A voided invoice is not sent.
      await lunas(dir, ['invoice', 'add', '--customer', 'MAJU', '--line', 'Salah ketik|1|100000']);
      await lunas(dir, ['invoice', 'void', 'INV-2026-000002', '--reason', 'salah ketik']);
      const voided = await lunas(dir, ['invoice', 'send', 'INV-2026-000002']);
      expect(voided.stderr).toContain('INV-2026-000002 sudah dibatalkan');
    } finally {
      await smtp.close();
    }
  });
});

describe('issue 13 (tester): looking back at a day', () => {
  it('issue 13 (tester): the customers to call on a past run are named, not shown by internal id', async () => {
    const dir = freshDataDir();
    await lunas(dir, ['init', '--name', 'Konter Sinar Jaya']);
    await lunas(dir, ['customer', 'add', '--name', 'Toko Makmur', '--ref', 'TM']);
    await lunas(dir, ['sale', '--customer', 'TM', '--amount', '500000']);
    await lunas(dir, ['collect'], '2026-11-23T02:00:00Z');
    const look = await lunas(dir, ['collect', '--as-of', '2026-11-23'], '2026-11-30T02:00:00Z');
    expect(look.stdout).toContain('Toko Makmur: Rp 500.000 untuk INV-2026-000001');
    expect(look.stdout).not.toContain('cus_');
  });
});

describe('issue 13 (tester): numbers copied from WhatsApp', () => {
  it.each([
    ['62812345678', '+62812345678'],
    ['0062812345678', '+62812345678'],
    ['+62 812-3456-7890', '+6281234567890'],
    ['0812-3456-7890', '+6281234567890'],
    ['021-2934-5678', '+622129345678'],
  ])('issue 13 (tester): %s is stored as %s', (typed, stored) => {
    expect(normalizePhone(typed)).toBe(stored);
  });
});

describe('issue 13 (tester): how a message greets the customer', () => {
  it.each([
    ['Budi Santoso', 'id', 'Bapak/Ibu Budi Santoso'],
    ['Ibu Ratna', 'id', 'Ibu Ratna'],
    ['Pak Slamet', 'id', 'Pak Slamet'],
    ['bu Sri', 'id', 'bu Sri'],
    ['H. Ahmad Fauzi', 'id', 'H. Ahmad Fauzi'],
    ['PT Maju Jaya', 'id', 'PT Maju Jaya'],
    ['Toko Makmur', 'id', 'Toko Makmur'],
    ['Ibnu Sina', 'id', 'Bapak/Ibu Ibnu Sina'],
    ['Budi Santoso', 'en', 'Budi Santoso'],
  ] as const)('issue 13 (tester): %s in %s is greeted as %s (never "Bapak/Ibu Ibu Ratna")', (name, locale, greeting) => {
    expect(greetingOf(name, locale)).toBe(greeting);
  });

  it('issue 13 (tester): the default reminder greets Ibu Ratna as Ibu Ratna', () => {
    const { body } = reminderMessage({
      businessName: 'Konter Sinar Jaya',
      customerName: 'Ibu Ratna',
      currency: 'IDR',
      locale: 'id',
      tone: 'friendly',
      asOf: '2026-11-12' as CalendarDate,
      lines: [{ label: 'INV-2026-000001', dueDate: '2026-11-15' as CalendarDate, amount: minor(75_000) }],
      amountDue: minor(75_000),
      paymentInstructions: null,
      lateFee: { kind: 'none' },
    });
    expect(body.startsWith('Halo Ibu Ratna,')).toBe(true);
  });
});
