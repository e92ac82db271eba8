/**
 * The dispatcher on both databases (issue 13 part 2): what it sends, holds,
 * retries, fails, falls back from and cancels, and the history it keeps.
 * Providers are in-test fakes; the crash and three-dispatcher suites use a
 * real HTTP server (test/dispatch-crash.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDispute, recordPromise, reportPayment, createPlan } from '../src/app/commitments.js';
import { dispatchOnce } from '../src/app/dispatch.js';
import type { OpenApp } from '../src/app/open.js';
import { recordPayment } from '../src/app/payments.js';
import { applyProviderStatuses } from '../src/app/outbox.js';
import { DIALECTS, must } from './helpers.js';
import { describeEvent } from '../src/app/timeline.js';
import { english } from '../src/core/i18n/catalogue.js';
import { REMINDER_DAY, fakeProvider, historyOf, outboxRow, providersOf, shopWithReminder } from './dispatch-support.js';

let app: OpenApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const OWNER_ID = 'test-dispatcher';

describe.each(DIALECTS)('dispatcher on $name', (dialect) => {
  it('issue 13 dispatch: a queued reminder is sent once, with the provider id and its history', async () => {
    const shop = await shopWithReminder(await dialect.location());
    app = shop.app;
    const fonnte = fakeProvider('fonnte', 'whatsapp');
    const counts = await dispatchOnce(shop.app, { owner: OWNER_ID, providers: providersOf([fonnte]) });
    expect(counts).toMatchObject({ claimed: 1, sent: 1, failed: 0, cancelled: 0 });
    expect(fonnte.calls).toHaveLength(1);
    expect(fonnte.calls[0]?.recipient).toBe('+6281234567890');
    expect(fonnte.calls[0]?.text).toContain('Siti Rahayu');
    const row = await outboxRow(shop.app, shop.messageId);
    expect(row).toMatchObject({ status: 'sent', provider: 'fonnte', provider_message_id: `pm-${shop.messageId}`, attempts: 1 });
    expect(await historyOf(shop.app, shop.messageId)).toEqual(['sending', 'sent']);
    // A second pass finds nothing due.
    expect((await dispatchOnce(shop.app, { owner: OWNER_ID, providers: providersOf([fonnte]) })).claimed).toBe(0);
    expect(fonnte.calls).toHaveLength(1);
  });

  it('issue 13 dispatch: click-to-chat becomes a link to tap, not sent until the owner opens it', async () => {
    const shop = await shopWithReminder(await dialect.location());
    app = shop.app;
    const counts = await dispatchOnce(shop.app, { owner: OWNER_ID });
    expect(counts).toMatchObject({ claimed: 1, toTap: 1, sent: 0 });
    const row = await outboxRow(shop.app, shop.messageId);
    expect(row.status).toBe('to_tap');
    expect(row.link).toMatch(/^https:\/\/wa\.me\/6281234567890\?text=.*Siti%20Rahayu/);
  });

  it('issue 13 dispatch: paid before send is cancelled with the reason', async () => {
    const shop = await shopWithReminder(await dialect.location());
    app = shop.app;
    must(await recordPayment(shop.app, shop.business, { customer: 'S01', amount: 40_000, method: 'cash' }));
    const fonnte = fakeProvider('fonnte', 'whatsapp');
    const counts = await dispatchOnce(shop.app, { owner: OWNER_ID, providers: providersOf([fonnte]) });
    // The payment's receipt (if the policy sends receipts) may go; the reminder does not.
    expect(counts).toMatchObject({ cancelled: 1 });
    expect(fonnte.calls.map((m) => m.id)).not.toContain(shop.messageId);
    const row = await outboxRow(shop.app, shop.messageId);
    expect(row).toMatchObject({ status: 'cancelled', last_error: 'paid_since' });
    expect(await historyOf(shop.app, shop.messageId)).toEqual(['cancelled']);
  });

  it.each([
    ['promised', 'promised_since'],
    ['disputed', 'disputed_since'],
    ['reported', 'reported_since'],
    ['planned', 'planned_since'],
  ] as const)('issue 13 dispatch: %s before send cancels the reminder', async (what, reason) => {
    const shop = await shopWithReminder(await dialect.location());
    app = shop.app;
    const { app: a, business } = shop;
    if (what === 'promised') must(await recordPromise(a, business, { customer: 'S01', date: '2026-09-20', amount: 100_000 }));
    if (what === 'disputed') must(await openDispute(a, business, { invoice: 'INV-2026-000001', reason: 'barang rusak' }));
    if (what === 'reported')
      must(await reportPayment(a, business, { customer: 'S01', amount: 100_000, method: 'bank_transfer', reference: 'TRF-1' }));
    if (what === 'planned')
      must(await createPlan(a, business, { customer: 'S01', frequency: 'weekly', firstDate: '2026-09-19', instalments: 2 }));
    const fonnte = fakeProvider('fonnte', 'whatsapp');
    // A confirmation of the promise, plan or dispute may go; the reminder does not.
    expect(await dispatchOnce(a, { owner: OWNER_ID, providers: providersOf([fonnte]) })).toMatchObject({ cancelled: 1 });
    expect(fonnte.calls.map((m) => m.id)).not.toContain(shop.messageId);
    expect(await outboxRow(a, shop.messageId)).toMatchObject({ status: 'cancelled', last_error: reason });
  });

  it('issue 13 dispatch: quiet hours across a day boundary (21:00–07:00 Jakarta): 22:30 waits until 07:00', async () => {
    const shop = await shopWithReminder(await dialect.location(), { at: new Date('2026-09-12T15:30:00Z') }); // 22:30 WIB
    app = shop.app;
    const fonnte = fakeProvider('fonnte', 'whatsapp');
    const pass = () => dispatchOnce(shop.app, { owner: OWNER_ID, providers: providersOf([fonnte]) });
    expect(await pass()).toMatchObject({ claimed: 1, held: 1, sent: 0 });
    expect(await outboxRow(shop.app, shop.messageId)).toMatchObject({ status: 'queued', not_before: '2026-09-13T00:00:00.000Z' });
    shop.clock.set(new Date('2026-09-12T23:59:00Z')); // 06:59 the next morning: still waiting
    expect((await pass()).claimed).toBe(0);
    shop.clock.set(new Date('2026-09-13T00:00:00Z')); // 07:00
    expect(await pass()).toMatchObject({ claimed: 1, sent: 1 });
    expect(fonnte.calls).toHaveLength(1);
    expect(await historyOf(shop.app, shop.messageId)).toEqual(['held', 'sending', 'sent']);
  });

  it('issue 13 dispatch: transient failures back off, then fail after the limit with the provider reason', async () => {
    const shop = await shopWithReminder(await dialect.location(), { email: null });
    app = shop.app;
    const fonnte = fakeProvider('fonnte', 'whatsapp', () => ({ kind: 'transient', reason: 'HTTP 503 from the gateway' }));
    const backoff = { baseSeconds: 60, capSeconds: 600, attemptsMax: 3 };
    const pass = () => dispatchOnce(shop.app, { owner: OWNER_ID, providers: providersOf([fonnte]), backoff });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await pass()).toMatchObject({ retried: 1 });
      const row = await outboxRow(shop.app, shop.messageId);
      expect(row).toMatchObject({ status: 'queued', attempts: attempt, last_error: 'HTTP 503 from the gateway' });
      const wait = Date.parse(row.not_before as string) - shop.clock.now().getTime();
      waits.push(wait / 1000);
      expect((await pass()).claimed).toBe(0); // not before the backoff
      shop.clock.set(new Date(row.not_before as string));
    }
    expect(waits[0]).toBeGreaterThanOrEqual(30);
    expect(waits[0]).toBeLessThanOrEqual(60);
    expect(waits[1]).toBeGreaterThanOrEqual(60);
    expect(waits[1]).toBeLessThanOrEqual(120);
    expect(await pass()).toMatchObject({ failed: 1 });
    expect(await outboxRow(shop.app, shop.messageId)).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: 'HTTP 503 from the gateway',
    });
    expect(fonnte.calls).toHaveLength(3);
    // Spent on a passing failure: failed, without falling back (only a permanent failure moves to the next channel).
    expect(await historyOf(shop.app, shop.messageId)).toEqual([
      'sending',
      'retrying',
      'sending',
      'retrying',
      'sending',
      'failed',
    ]);
  });

  it('issue 13 dispatch: fallback to the next channel when one fails permanently; unreachable when none is left', async () => {
    const shop = await shopWithReminder(await dialect.location());
    app = shop.app;
    await shop.app.store.db
      .insertInto('channel_settings')
      .values({
        business_id: shop.business.id,
        channel: 'email',
        provider: 'smtp',
        config: '{}',
        enabled: 1,
        rate_per_minute: null,
        updated_at: 'x',
      })
      .execute();
    const fonnte = fakeProvider('fonnte', 'whatsapp', () => ({ kind: 'permanent', reason: 'number not on WhatsApp' }));
    const smtp = fakeProvider('smtp', 'email', () => ({ kind: 'permanent', reason: '550 mailbox unavailable' }));
    const providers = providersOf([fonnte, smtp]);
    expect(await dispatchOnce(shop.app, { owner: OWNER_ID, providers })).toMatchObject({ failed: 1 });
    expect(await outboxRow(shop.app, shop.messageId)).toMatchObject({ status: 'failed', last_error: 'number not on WhatsApp' });
    const rows = await shop.app.store.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.channel, r.status])).toEqual([
      ['whatsapp', 'failed'],
      ['email', 'queued'],
    ]);
    const email = rows[1] as (typeof rows)[number];
    expect(email.key).toBe(`${rows[0]?.key}:email`);
    expect(email.recipient).toBe('siti@example.com');
    expect(await dispatchOnce(shop.app, { owner: OWNER_ID, providers })).toMatchObject({ failed: 1 });
    expect(smtp.calls.map((m) => m.recipient)).toEqual(['siti@example.com']);
    // No channel left (SMS is not configured): the customer is listed as unreachable for this message.
    const unreachable = await shop.app.store.db
      .selectFrom('collection_events')
      .selectAll()
      .where('kind', '=', 'unreachable')
      .where('key', 'like', 'unreachable:reminder:%')
      .execute();
    expect(unreachable).toHaveLength(1);
    expect(JSON.parse(unreachable[0]?.details as string)).toMatchObject({
      reason: 'channels_failed',
      channels: ['whatsapp', 'email'],
    });
    // On her timeline, in words: both channels failed, please call.
    const event = unreachable[0] as (typeof unreachable)[number];
    const names = { invoice: (id: string) => id, reported: () => undefined };
    const said = english(describeEvent({ kind: event.kind, invoiceId: null, details: JSON.parse(event.details) }, names));
    expect(said).toContain('sending failed by WhatsApp and email; please call');
    expect(await dispatchOnce(shop.app, { owner: OWNER_ID, providers })).toMatchObject({ claimed: 0 });
  });

  it('issue 13 dispatch: an opted-out channel is never used', async () => {
    const shop = await shopWithReminder(await dialect.location());
    app = shop.app;
    await shop.app.store.db
      .insertInto('channel_settings')
      .values({
        business_id: shop.business.id,
        channel: 'email',
        provider: 'smtp',
        config: '{}',
        enabled: 1,
        rate_per_minute: null,
        updated_at: 'x',
      })
      .execute();
    // She replied BERHENTI on WhatsApp after the reminder was queued.
    await shop.app.store.db
      .updateTable('customers')
      .set({ opted_out: '["whatsapp"]' })
      .where('id', '=', shop.customerId)
      .execute();
    const fonnte = fakeProvider('fonnte', 'whatsapp');
    const smtp = fakeProvider('smtp', 'email');
    const providers = providersOf([fonnte, smtp]);
    await dispatchOnce(shop.app, { owner: OWNER_ID, providers });
    await dispatchOnce(shop.app, { owner: OWNER_ID, providers });
    expect(fonnte.calls).toEqual([]);
    expect(smtp.calls.map((m) => m.recipient)).toEqual(['siti@example.com']);
    expect(await outboxRow(shop.app, shop.messageId)).toMatchObject({ status: 'failed', last_error: 'opted_out' });
  });

  it('issue 13 dispatch: the rate limit per channel holds the rest for a minute', async () => {
    const shop = await shopWithReminder(await dialect.location());
    app = shop.app;
    // Two more customers with reminders the same day.
    for (const [i, phone] of ['0813-1111-2222', '0813-3333-4444'].entries()) {
      const { addCustomer } = await import('../src/app/customers.js');
      const { recordSale } = await import('../src/app/invoices.js');
      const { collect } = await import('../src/app/collection.js');
      shop.clock.set(new Date('2026-09-01T02:00:00Z'));
      must(await addCustomer(shop.app, shop.business, { name: `Pelanggan ${i}`, ref: `P${i}`, phone }));
      must(await recordSale(shop.app, shop.business, { customer: `P${i}`, amount: 50_000 }));
      shop.clock.set(REMINDER_DAY);
      must(await collect(shop.app, shop.business, {}));
    }
    const settings = [{ channel: 'whatsapp', provider: 'fonnte', config: {}, enabled: true, ratePerMinute: 2, updatedAt: 'x' }];
    const fonnte = fakeProvider('fonnte', 'whatsapp');
    const providers = providersOf([fonnte], settings);
    expect(await dispatchOnce(shop.app, { owner: OWNER_ID, providers })).toMatchObject({ claimed: 3, sent: 2, held: 1 });
    expect((await dispatchOnce(shop.app, { owner: OWNER_ID, providers })).claimed).toBe(0);
    shop.clock.advanceMs(60_000);
    expect(await dispatchOnce(shop.app, { owner: OWNER_ID, providers })).toMatchObject({ sent: 1 });
    expect(fonnte.calls).toHaveLength(3);
  });

  it('issue 13 dispatch: a duplicate status update changes nothing; statuses only go forward', async () => {
    const shop = await shopWithReminder(await dialect.location());
    app = shop.app;
    const fonnte = fakeProvider('fonnte', 'whatsapp');
    await dispatchOnce(shop.app, { owner: OWNER_ID, providers: providersOf([fonnte]) });
    const id = `pm-${shop.messageId}`;
    const at = '2026-09-12T02:01:00Z';
    const apply = (status: 'delivered' | 'read' | 'failed') =>
      applyProviderStatuses(shop.app, 'fonnte', [{ providerMessageId: id, status, at }]);
    expect(await apply('delivered')).toEqual({ applied: 1, ignored: 0 });
    expect(await apply('delivered')).toEqual({ applied: 0, ignored: 1 });
    expect(await apply('read')).toEqual({ applied: 1, ignored: 0 });
    expect(await apply('delivered')).toEqual({ applied: 0, ignored: 1 });
    expect(await apply('failed')).toEqual({ applied: 0, ignored: 1 });
    expect(await outboxRow(shop.app, shop.messageId)).toMatchObject({ status: 'read' });
    expect(await historyOf(shop.app, shop.messageId)).toEqual(['sending', 'sent', 'delivered', 'read']);
    // Another provider's id is not this message.
    expect(await applyProviderStatuses(shop.app, 'twilio', [{ providerMessageId: id, status: 'failed', at }])).toEqual({
      applied: 0,
      ignored: 1,
    });
  });

  it('issue 13 dispatch: a lease left by a stopped dispatcher: resent where the provider drops repeats, parked otherwise', async () => {
    for (const deduplicates of [true, false]) {
      const shop = await shopWithReminder(await dialect.location());
      app = shop.app;
      let hang = true;
      const provider = fakeProvider(
        'fonnte',
        'whatsapp',
        (message) => (hang ? new Promise(() => undefined) : { kind: 'sent', providerMessageId: `pm-${message.id}` }),
        deduplicates,
      );
      // The first dispatcher claims and never hears back (its send hangs until the timeout would fire; we do not wait).
      void dispatchOnce(shop.app, { owner: 'first', providers: providersOf([provider]), sendTimeoutMs: 60 * 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await outboxRow(shop.app, shop.messageId)).toMatchObject({ status: 'sending', lease_owner: 'first' });
      hang = false;
      const second = () => dispatchOnce(shop.app, { owner: 'second', providers: providersOf([provider]) });
      expect((await second()).claimed).toBe(0); // the lease holds
      shop.clock.advanceMs(121_000);
      const counts = await second();
      if (deduplicates) {
        expect(counts).toMatchObject({ sent: 1 });
        expect(await outboxRow(shop.app, shop.messageId)).toMatchObject({ status: 'sent', attempts: 2 });
        expect(provider.calls.map((m) => m.id)).toEqual([shop.messageId, shop.messageId]);
      } else {
        expect(counts).toMatchObject({ uncertain: 1, sent: 0 });
        const row = await outboxRow(shop.app, shop.messageId);
        expect(row.status).toBe('failed');
        expect(row.last_error).toMatch(/^uncertain/);
        expect(provider.calls).toHaveLength(1);
      }
      await shop.app.close().catch(() => undefined);
      app = undefined;
    }
  });
});

describe.each(DIALECTS)('dispatcher and landlines on $name', (dialect) => {
  it('issue 13 dispatch: a WhatsApp message to a landline is never sent; the next channel is used', async () => {
    const shop = await shopWithReminder(await dialect.location());
    app = shop.app;
    await shop.app.store.db
      .insertInto('channel_settings')
      .values({
        business_id: shop.business.id,
        channel: 'email',
        provider: 'smtp',
        config: '{}',
        enabled: 1,
        rate_per_minute: null,
        updated_at: 'x',
      })
      .execute();
    // A message queued to a landline (before the run chose channels by number type, or by hand): the dispatcher checks too.
    await shop.app.store.db.updateTable('outbox').set({ recipient: '+62215551234' }).where('id', '=', shop.messageId).execute();
    const fonnte = fakeProvider('fonnte', 'whatsapp');
    const smtp = fakeProvider('smtp', 'email');
    await dispatchOnce(shop.app, { owner: OWNER_ID, providers: providersOf([fonnte, smtp]) });
    await dispatchOnce(shop.app, { owner: OWNER_ID, providers: providersOf([fonnte, smtp]) });
    expect(fonnte.calls).toEqual([]);
    expect(smtp.calls.map((m) => m.recipient)).toEqual(['siti@example.com']);
    expect(await outboxRow(shop.app, shop.messageId)).toMatchObject({ status: 'failed', last_error: 'not_a_mobile_number' });
  });
});
