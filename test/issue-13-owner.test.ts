/**
 * Issue 13, the owner's part: channel settings (secrets masked), customer channel preferences and the run's choice,
 * webhooks (signature, statuses, STOP / BERHENTI), the communication log on the timeline, and the owner's day.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { listChannels, setChannel } from '../src/app/channels.js';
import { collect } from '../src/app/collection.js';
import { customerTimeline } from '../src/app/commitments.js';
import { addCustomer, showCustomer, updateCustomer } from '../src/app/customers.js';
import { recordSale } from '../src/app/invoices.js';
import { addNote } from '../src/app/notes.js';
import { ownersDay } from '../src/app/today.js';
import { calendarDate } from '../src/core/dates.js';
import { main } from '../src/cli/main.js';
import { type ApiUnderTest, openApi, signUpOwner } from './api-helpers.js';
import { DIALECTS, START, freshDataDir, must, openWithBusiness } from './helpers.js';

const SECRET = 'SuperSecretSmtpPassword-4242';
const APP_SECRET = 'meta-app-secret-0123456789abcdef';

async function lunas(dataDir: string, args: string[], now = '2026-03-02T02:00:00Z') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--data', dataDir, ...args], { LUNAS_NOW: now }, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe.each(DIALECTS)('issue 13, the owner on $name', (dialect) => {
  it('issue 13 owner 1: channel settings are validated, and a secret never appears in the list, the answer, an error or the audit log', async () => {
    const { app, business } = await openWithBusiness(await dialect.location());
    try {
      const set = must(
        await setChannel(app, business, {
          channel: 'email',
          provider: 'smtp',
          config: { host: 'smtp.example.com', port: 587, from: 'toko@example.com', password: SECRET },
          ratePerMinute: 30,
        }),
      );
      expect(set.config.password).toBe('••••4242');
      const listed = must(await listChannels(app, business));
      expect(listed.channels.map((c) => [c.channel, c.provider, c.source])).toEqual([
        ['whatsapp', 'wa_link', 'default'],
        ['email', 'smtp', 'set'],
      ]);
      expect(JSON.stringify(listed)).not.toContain(SECRET);
      // A bad configuration names the field and never repeats the value.
      const bad = await setChannel(app, business, {
        channel: 'sms',
        provider: 'twilio',
        config: { accountSid: 'nope', authToken: SECRET },
      });
      expect(bad.ok).toBe(false);
      if (!bad.ok) {
        expect(Object.keys(bad.details.fields as object)).toContain('config.accountSid');
        expect(JSON.stringify(bad)).not.toContain(SECRET);
      }
      const wrong = await setChannel(app, business, { channel: 'sms', provider: 'smtp' });
      expect(wrong.ok ? [] : Object.keys(wrong.details.fields as object)).toEqual(['provider']);
      // Changing a field other than the secret keeps it; the audit names the fields, never a value.
      must(await setChannel(app, business, { channel: 'email', config: { host: 'mail.example.com' } }));
      const audit = await app.store.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', 'like', 'channel.%')
        .execute();
      expect(audit.map((row) => row.action)).toEqual(['channel.set', 'channel.set']);
      expect(JSON.stringify(audit)).not.toContain(SECRET);
      expect(JSON.parse(audit[0]!.details).configFieldsChanged).toContain('password');
      expect(JSON.parse(audit[1]!.details).configFieldsChanged).toEqual(['host']);
      const stored = await app.store.db.selectFrom('channel_settings').select('config').execute();
      expect(JSON.parse(stored[0]!.config).password).toBe(SECRET);
    } finally {
      await app.close();
    }
  });

  it('issue 13 owner 2: the run chooses the channel: preferred first, never an opted-out one, a landline never WhatsApp or SMS', async () => {
    const { app, clock, business } = await openWithBusiness(await dialect.location());
    try {
      must(
        await setChannel(app, business, {
          channel: 'email',
          provider: 'smtp',
          config: { host: 'h.example', port: 25, from: 'a@b.co' },
        }),
      );
      const people = [
        { ref: 'M', name: 'Mobile', phone: '0812-3456-7890' },
        { ref: 'P', name: 'Prefers email', phone: '0812-3456-7891', email: 'p@example.com', preferredChannel: 'email' as const },
        { ref: 'L', name: 'Landline', phone: '021-5550123' },
        { ref: 'LE', name: 'Landline and email', phone: '021-5550124', email: 'le@example.com' },
        { ref: 'O', name: 'Opted out', phone: '0812-3456-7892', optOut: ['whatsapp' as const, 'sms' as const] },
        {
          ref: 'OE',
          name: 'Opted out of WhatsApp',
          phone: '0812-3456-7893',
          email: 'oe@example.com',
          optOut: ['whatsapp' as const],
        },
      ];
      for (const person of people) {
        must(await addCustomer(app, business, { ...person, termsDays: 3 }));
        must(await recordSale(app, business, { customer: person.ref, amount: 100_000 }));
      }
      const landline = must(await showCustomer(app, business, 'L'));
      expect([landline.phoneType, landline.reach.unreachable]).toEqual(['landline', 'landline_only']);
      clock.set(new Date('2026-03-05T02:00:00Z'));
      const report = must(await collect(app, business, {}));
      const outbox = await app.store.db.selectFrom('outbox').select(['customer_id', 'channel', 'recipient']).execute();
      const ids = Object.fromEntries(
        await Promise.all(people.map(async (p) => [must(await showCustomer(app, business, p.ref)).id, p.ref] as const)),
      );
      const sent = Object.fromEntries(outbox.map((row) => [ids[row.customer_id], [row.channel, row.recipient]]));
      expect(sent).toEqual({
        M: ['whatsapp', '+6281234567890'],
        P: ['email', 'p@example.com'],
        LE: ['email', 'le@example.com'],
        OE: ['email', 'oe@example.com'],
      });
      expect(Object.fromEntries(report.unreachable.map((u) => [ids[u.customerId], u.reason]))).toEqual({
        L: 'landline_only',
        O: 'opted_out',
      });
    } finally {
      await app.close();
    }
  });

  it('issue 13 owner 3: customer preferences are saved and refused with the reason', async () => {
    const { app, business } = await openWithBusiness(await dialect.location());
    try {
      must(await addCustomer(app, business, { name: 'Siti', phone: '0812-3456-7890', ref: 'S1' }));
      const updated = must(
        await updateCustomer(app, business, {
          customer: 'S1',
          channelOrder: ['sms', 'whatsapp'],
          optOut: ['email'],
          locale: 'en',
        }),
      );
      expect([updated.channelOrder, updated.optedOut, updated.locale]).toEqual([['sms', 'whatsapp'], ['email'], 'en']);
      const back = must(await updateCustomer(app, business, { customer: 'S1', optIn: ['email'], preferredChannel: 'whatsapp' }));
      expect([back.optedOut, back.preferredChannel]).toEqual([[], 'whatsapp']);
      const twice = await updateCustomer(app, business, { customer: 'S1', channelOrder: ['sms', 'sms'] });
      expect(twice.ok).toBe(false);
      const phone = await addCustomer(app, business, { name: 'X', phone: '12345' });
      expect(phone.ok ? '' : JSON.stringify(phone.details)).toContain('12345');
      const email = await addCustomer(app, business, { name: 'Y', email: 'not-an-address' });
      expect(email.ok ? [] : Object.keys(email.details.fields as object)).toEqual(['email']);
    } finally {
      await app.close();
    }
  });

  it('issue 13 owner 4: notes and messages are on the timeline with their delivery status, filterable by kind', async () => {
    const { app, clock, business } = await openWithBusiness(await dialect.location());
    try {
      must(await addCustomer(app, business, { name: 'Budi', phone: '0812-3456-7890', ref: 'B1', termsDays: 3 }));
      must(await recordSale(app, business, { customer: 'B1', amount: 50_000 }));
      clock.set(new Date('2026-03-05T02:00:00Z'));
      must(await collect(app, business, {}));
      must(await addNote(app, business, { customer: 'B1', kind: 'call', outcome: 'no_answer', text: 'Tidak diangkat' }));
      const future = await addNote(app, business, { customer: 'B1', kind: 'note', text: 'x', date: '2026-04-01' });
      expect(future.ok).toBe(false);
      const all = must(await customerTimeline(app, business, 'B1'));
      expect(all.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['note', 'message', 'reminder']));
      const notes = must(await customerTimeline(app, business, 'B1', { kinds: ['notes'] }));
      expect(notes.events.map((e) => [e.kind, e.details.noteKind, e.details.outcome, e.details.text])).toEqual([
        ['note', 'call', 'no_answer', 'Tidak diangkat'],
      ]);
      const messages = must(await customerTimeline(app, business, 'B1', { kinds: ['messages'] }));
      expect(messages.events.map((e) => [e.kind, e.details.channel, e.details.status])).toEqual([
        ['message', 'whatsapp', 'queued'],
      ]);
      expect((await customerTimeline(app, business, 'B1', { kinds: ['bogus' as never] })).ok).toBe(false);
    } finally {
      await app.close();
    }
  });

  it("issue 13 owner 5: the owner's day lists each section, and says so when one is empty", async () => {
    const { app, clock, business } = await openWithBusiness(await dialect.location());
    try {
      const empty = must(await ownersDay(app, business));
      expect(Object.values(empty).filter(Array.isArray).flat()).toEqual([]);
      must(await addCustomer(app, business, { name: 'Budi Landline', phone: '021-5550123', ref: 'L1', termsDays: 3 }));
      must(await addCustomer(app, business, { name: 'Siti', phone: '0812-3456-7890', ref: 'S1', termsDays: 3 }));
      must(await recordSale(app, business, { customer: 'L1', amount: 75_000 }));
      must(await recordSale(app, business, { customer: 'S1', amount: 50_000 }));
      clock.set(new Date('2026-03-05T02:00:00Z'));
      must(await collect(app, business, {}));
      // Until the dispatcher lands, a click-to-chat message waiting for its tap is marked here as the dispatcher would.
      await app.store.db
        .updateTable('outbox')
        .set({ status: 'to_tap', link: 'https://wa.me/6281234567890?text=Halo' })
        .where('channel', '=', 'whatsapp')
        .execute();
      const day = must(await ownersDay(app, business));
      expect(day.date).toBe(calendarDate('2026-03-05'));
      expect(day.toTap.map((m) => [m.customer, m.amount, m.link])).toEqual([
        ['Siti', 50_000, 'https://wa.me/6281234567890?text=Halo'],
      ]);
      expect(day.unreachable.map((c) => [c.customer, c.phone, c.reason])).toEqual([
        ['Budi Landline', '+62215550123', 'landline_only'],
      ]);
    } finally {
      await app.close();
    }
  });
});

describe('issue 13, the owner on the command line', () => {
  it('issue 13 owner 6: `channel set|list` never print a secret; `today` speaks the business language, sections empty or filled', async () => {
    const dir = freshDataDir();
    expect((await lunas(dir, ['init', '--name', 'Toko Berkah'])).code).toBe(0);
    const set = await lunas(dir, [
      'channel',
      'set',
      'email',
      '--provider',
      'smtp',
      '--set',
      'host=smtp.example.com',
      'port=587',
      'from=a@b.co',
      `password=${SECRET}`,
    ]);
    expect(set.code).toBe(0);
    const list = await lunas(dir, ['channel', 'list']);
    const json = await lunas(dir, ['--json', 'channel', 'list']);
    const bad = await lunas(dir, [
      'channel',
      'set',
      'sms',
      '--provider',
      'twilio',
      '--set',
      'accountSid=x',
      `authToken=${SECRET}`,
    ]);
    expect(bad.code).not.toBe(0);
    for (const output of [set, list, json, bad]) expect(output.stdout + output.stderr).not.toContain(SECRET);
    expect(list.stdout).toContain('password=••••4242');

    const emptyDay = await lunas(dir, ['today']);
    expect(emptyDay.stdout).toContain('Tidak ada pesan untuk dikirim.');
    expect(emptyDay.stdout).toContain('Tidak ada pelanggan untuk ditelepon.');
    expect(
      (await lunas(dir, ['customer', 'add', '--name', 'Budi', '--phone', '021-5550123', '--ref', 'B1', '--terms-days', '3']))
        .code,
    ).toBe(0);
    expect((await lunas(dir, ['sale', '--customer', 'B1', '--amount', '75000'])).code).toBe(0);
    const show = await lunas(dir, ['customer', 'show', 'B1']);
    expect(show.stdout).toContain('+62215550123 adalah telepon rumah/kantor');
    const filled = await lunas(dir, ['today'], '2026-03-05T02:00:00Z');
    expect(filled.stdout).toContain('Pelanggan untuk ditelepon (tidak ada saluran pesan) (1)');
    expect(filled.stdout).toContain('Budi (B1), +62215550123, utang Rp 75.000');
    expect((await lunas(dir, ['business', 'set', '--locale', 'en'])).code).toBe(0);
    const english = await lunas(dir, ['today'], '2026-03-05T02:00:00Z');
    expect(english.stdout).toContain('Customers to call (no channel reaches them) (1)');
    expect(english.stdout).toContain('No messages to send by tap.');
    const note = await lunas(dir, ['note', 'add', 'B1', '--kind', 'visit', 'Datang ke toko']);
    expect(note.code).toBe(0);
    expect((await lunas(dir, ['timeline', 'B1', '--kind', 'notes'])).stdout).toContain('Visit: Datang ke toko');
  });
});

describe.each(DIALECTS)('issue 13, webhooks on $name', (dialect) => {
  let api: ApiUnderTest | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function cloudBusiness() {
    api = await openApi(dialect);
    const owner = await signUpOwner(api, 'owner@toko.example');
    const as = { session: owner.session, business: owner.businessId };
    const set = await api.call('PATCH', '/api/v1/channels', {
      as,
      body: {
        channel: 'whatsapp',
        provider: 'whatsapp_cloud',
        config: {
          phoneNumberId: '1234567890',
          accessToken: 'EAAG-access-token-777777',
          appSecret: APP_SECRET,
          verifyToken: 'verify-me-123456',
        },
      },
    });
    expect(set.status).toBe(200);
    expect(JSON.stringify(set.body)).not.toContain(APP_SECRET);
    const customer = await api.call('POST', '/api/v1/customers', {
      as,
      body: { name: 'Siti', phone: '0812-3456-7890', ref: 'S1' },
    });
    expect(customer.status).toBe(201);
    return { as, businessId: owner.businessId, customerId: customer.body.id as string };
  }

  const reply = (text: string) =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            {
              field: 'messages',
              value: {
                messages: [{ from: '6281234567890', id: 'wamid.1', timestamp: '1772416800', type: 'text', text: { body: text } }],
              },
            },
          ],
        },
      ],
    });
  const sign = (body: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('issue 13 owner 7: a webhook with a bad signature is refused (401); a signed one is taken; the handshake answers the challenge', async () => {
    const { businessId } = await cloudBusiness();
    const body = reply('halo');
    const path = `/api/v1/webhooks/whatsapp_cloud/${businessId}`;
    const forged = await api!.call('POST', path, {
      raw: body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, 'wrong') },
    });
    expect(forged.status).toBe(401);
    const unsigned = await api!.call('POST', path, { raw: body, headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(401);
    const signed = await api!.call('POST', path, {
      raw: body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
    });
    expect([signed.status, signed.body]).toEqual([200, { ok: true }]);
    const challenge = await api!.call('GET', `${path}?hub.mode=subscribe&hub.verify_token=verify-me-123456&hub.challenge=42abc`);
    expect([challenge.status, challenge.body]).toEqual([200, '42abc']);
    const wrongToken = await api!.call('GET', `${path}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=42abc`);
    expect(wrongToken.status).toBe(401);
  });

  it.each(['STOP', ' berhenti ', 'Unsubscribe'])(
    'issue 13 owner 8: a reply %j opts the customer out of WhatsApp and is noted as a reply',
    async (word) => {
      const { as, businessId, customerId } = await cloudBusiness();
      const path = `/api/v1/webhooks/whatsapp_cloud/${businessId}`;
      for (const text of ['Besok saya bayar', word]) {
        const body = reply(text);
        const answer = await api!.call('POST', path, {
          raw: body,
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
        });
        expect(answer.status).toBe(200);
      }
      const customer = await api!.call('GET', `/api/v1/customers/${customerId}`, { as });
      expect(customer.body.optedOut).toEqual(['whatsapp']);
      const notes = await api!.call('GET', `/api/v1/customers/${customerId}/notes`, { as });
      expect(
        notes.body.notes.map((n: { kind: string; outcome: string | null; text: string }) => [n.kind, n.outcome, n.text]),
      ).toEqual([
        ['reply', 'opted_out', word.trim()],
        ['reply', null, 'Besok saya bayar'],
      ]);
      const today = await api!.call('GET', '/api/v1/today', { as });
      expect(today.status).toBe(200);
    },
  );
});

void START;
