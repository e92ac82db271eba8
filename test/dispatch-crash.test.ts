/**
 * Exactly once (issue 13 part 2): a dispatcher killed with SIGKILL while the
 * provider holds its request, then restarted; and three dispatchers on one
 * PostgreSQL. Messages go to a provider stub on loopback over real HTTP, which
 * counts the requests it received per message id.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addCustomer } from '../src/app/customers.js';
import { collect } from '../src/app/collection.js';
import { fixedClock } from '../src/app/context.js';
import { dispatchOnce } from '../src/app/dispatch.js';
import { recordSale } from '../src/app/invoices.js';
import { openApp } from '../src/app/open.js';
import { ROOT } from './child.js';
import { REMINDER_DAY, outboxRow, shopWithReminder } from './dispatch-support.js';
import { DIALECTS, OWNER, must } from './helpers.js';
import { type ProviderStub, startProviderStub, stubProvider } from './provider-stub.js';

let stub: ProviderStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const CHILD = path.join(ROOT, 'test/fixtures/dispatch-once.ts');

function dispatcherChild(args: readonly string[]) {
  return spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

function runToEnd(args: readonly string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = dispatcherChild(args);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`child exited ${code}: ${err}`)),
    );
  });
}

describe.each(DIALECTS)('exactly once on $name', (dialect) => {
  it.each([true, false])(
    'issue 13 dispatch: a dispatcher killed mid-send (provider deduplicates: %s) resumes without a second delivery',
    async (deduplicates) => {
      const location = await dialect.location();
      const shop = await shopWithReminder(location);
      await shop.app.close();
      stub = await startProviderStub({ deduplicates, hold: true });
      const arrived = stub.nextRequest();
      const child = dispatcherChild([
        JSON.stringify(location),
        REMINDER_DAY.toISOString(),
        stub.url,
        String(deduplicates),
        'first',
      ]);
      const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      // The send record is committed and the request is at the provider: the dispatcher dies there.
      expect(await arrived).toBe(shop.messageId);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      stub.hold = false;

      // Restarted before the lease ends: nothing is taken.
      const early = await runToEnd([
        JSON.stringify(location),
        REMINDER_DAY.toISOString(),
        stub.url,
        String(deduplicates),
        'second',
      ]);
      expect(early.claimed).toBe(0);
      // After the lease (120 s).
      const later = new Date(REMINDER_DAY.getTime() + 121_000).toISOString();
      const counts = await runToEnd([JSON.stringify(location), later, stub.url, String(deduplicates), 'third']);

      const app = await openApp(location, fixedClock(new Date(later)), OWNER);
      try {
        const row = await outboxRow(app, shop.messageId);
        if (deduplicates) {
          // Sent again with the same key: the provider dropped the repeat, the customer got one message.
          expect(counts).toMatchObject({ claimed: 1, sent: 1 });
          expect(stub.requests.get(shop.messageId)).toBe(2);
          expect(stub.delivered.get(shop.messageId)).toBe(1);
          expect(row).toMatchObject({ status: 'sent', provider_message_id: 'stub-1', attempts: 2 });
        } else {
          // Not called again: parked for the owner to check.
          expect(counts).toMatchObject({ claimed: 1, uncertain: 1, sent: 0 });
          expect(stub.requests.get(shop.messageId)).toBe(1);
          expect(row.status).toBe('failed');
          expect(row.last_error).toMatch(/^uncertain/);
        }
      } finally {
        await app.close();
      }
    },
    60_000,
  );
});

describe.each(DIALECTS.filter((d) => d.name === 'postgres'))('three dispatchers on $name', (dialect) => {
  it('issue 13 dispatch: three dispatchers on one PostgreSQL send each message once', async () => {
    const location = await dialect.location();
    const shop = await shopWithReminder(location);
    const { app, business } = shop;
    const CUSTOMERS = 60;
    shop.clock.set(new Date('2026-09-01T02:00:00Z'));
    for (let i = 0; i < CUSTOMERS; i++) {
      must(await addCustomer(app, business, { name: `Pelanggan ${i}`, ref: `P${i}`, phone: `0812-7000-${String(1000 + i)}` }));
      must(await recordSale(app, business, { customer: `P${i}`, amount: 10_000 + i }));
    }
    shop.clock.set(REMINDER_DAY);
    must(await collect(app, business, {}));
    await app.store.db
      .insertInto('channel_settings')
      .values({
        business_id: business.id,
        channel: 'whatsapp',
        provider: 'fonnte',
        config: '{}',
        enabled: 1,
        rate_per_minute: 100_000,
        updated_at: 'x',
      })
      .execute();
    const total = Number(
      (
        await app.store.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(total).toBe(CUSTOMERS + 1);
    await app.close();

    stub = await startProviderStub({ delayMs: 5 });
    const provider = stubProvider(stub.url, false);
    const providers = async () => ({
      providers: new Map([['whatsapp' as const, provider]]),
      settings: [{ channel: 'whatsapp', provider: 'fonnte', config: {}, enabled: true, ratePerMinute: 100_000, updatedAt: 'x' }],
    });
    const dispatchers = await Promise.all([1, 2, 3].map(() => openApp(location, fixedClock(REMINDER_DAY), OWNER)));
    try {
      const sentBy = await Promise.all(
        dispatchers.map(async (ctx, n) => {
          let sent = 0;
          for (;;) {
            const counts = await dispatchOnce(ctx, { owner: `d${n}`, limit: 4, providers });
            sent += counts.sent;
            if (counts.claimed === 0) return sent;
          }
        }),
      );
      expect(sentBy.reduce((a, b) => a + b, 0)).toBe(total);
      expect(sentBy.filter((n) => n > 0).length).toBeGreaterThan(1); // they shared the work
      expect(stub.requests.size).toBe(total);
      expect([...stub.requests.values()].every((n) => n === 1)).toBe(true);
      const statuses = await dispatchers[0]?.store.db.selectFrom('outbox').select('status').execute();
      expect(statuses?.every((row) => row.status === 'sent')).toBe(true);
    } finally {
      await Promise.all(dispatchers.map((d) => d.close()));
    }
  }, 120_000);
});
