/**
 * `npm run bench:dispatch` (issue 13): 10,000 messages through the outbox to a
 * provider stub on loopback (a real HTTP server answering like a provider) and
 * to a local SMTP server (the `smtp` provider, nodemailer's pool), with
 * 1 and 3 dispatchers on a throwaway PostgreSQL cluster; against the same
 * messages sent straight to the stub without the outbox (same number of sends
 * in flight) in the same run. Duplicates are counted at the stub (must be 0).
 *
 * Environment: BENCH_MESSAGES (10000), BENCH_DISPATCHERS (1,3), BENCH_CHANNELS (http,smtp),
 * LUNAS_DATABASE_URL to use an existing PostgreSQL instead of a throwaway cluster.
 */
import { initBusiness } from '../src/app/businesses.js';
import { fixedClock } from '../src/app/context.js';
import { type DispatchCounts, dispatchOnce } from '../src/app/dispatch.js';
import { type OpenApp, openApp } from '../src/app/open.js';
import type { OutgoingMessage, Provider } from '../src/channels/channel.js';
import { findPostgresBin, startCluster } from '../scripts/pg-cluster.mjs';
import { startProviderStub, stubProvider } from '../test/provider-stub.js';
import { startSmtpServer } from '../test/support/smtp.js';
import { createProvider } from '../src/channels/index.js';
import type { Channel } from '../src/core/policy.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const DISPATCHERS = (process.env.BENCH_DISPATCHERS ?? '1,3').split(',').map(Number);
const CHANNELS = (process.env.BENCH_CHANNELS ?? 'http,smtp').split(',');
const CUSTOMERS = 1_000;
/** Sends in flight per dispatcher (dispatchOnce's default). */
const CONCURRENCY = 8;
const PASS_LIMIT = 100;
/** Noon in Jakarta: outside quiet hours. */
const NOW = new Date('2026-09-12T05:00:00Z');
const OWNER = { name: 'bench', role: 'owner' } as const;

async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = await openApp({ kind: 'postgres', url: adminUrl }, fixedClock(NOW), OWNER);
  try {
    const { sql } = await import('kysely');
    await sql.raw(`create database ${name}`).execute(admin.store.db);
  } finally {
    await admin.close();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A business with CUSTOMERS customers who owe something, and MESSAGES queued reminders among them. */
async function seed(url: string, channel: Channel): Promise<{ businessId: string; messages: OutgoingMessage[] }> {
  const app = await openApp({ kind: 'postgres', url }, fixedClock(NOW), OWNER);
  try {
    const created = await initBusiness(app, { name: 'Toko Bench' });
    if (!created.ok) throw new Error(created.message);
    const businessId = created.value.id;
    const now = NOW.toISOString();
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({
      business_id: businessId,
      id: `cus_bench${String(i).padStart(6, '0')}`,
      name: `Pelanggan ${i}`,
      phone: `+62812${String(7_000_000 + i)}`,
      email: `pelanggan${i}@example.com`,
      ref: `B${i}`,
      credit_limit_minor: null,
      terms_days: null,
      status: 'active',
      hold_reason: null,
      balance_minor: 100_000,
      credit_minor: 0,
      created_at: now,
      updated_at: now,
      hold_source: null,
      escalation_paused_until: null,
      limit_lowered_on: null,
      limit_restored_on: null,
      limit_before_lowering_minor: null,
      reminded_on: null,
      reminder_fingerprint: null,
      preferred_channel: null,
      channel_order: null,
      locale: null,
    }));
    for (let i = 0; i < customers.length; i += 500)
      await app.store.db
        .insertInto('customers')
        .values(customers.slice(i, i + 500))
        .execute();
    const rows = Array.from({ length: MESSAGES }, (_, i) => {
      const customer = customers[i % CUSTOMERS] as (typeof customers)[number];
      return {
        business_id: businessId,
        id: `msg_bench${String(i).padStart(8, '0')}`,
        key: `bench:${i}`,
        customer_id: customer.id,
        channel,
        recipient: channel === 'email' ? customer.email : customer.phone,
        subject: channel === 'email' ? 'Pengingat dari Toko Bench' : null,
        body: `Halo ${customer.name}, ini pengingat ramah dari Toko Bench: Rp 100.000 jatuh tempo 15 September 2026.`,
        details: '{}',
        status: 'queued',
        attempts: 0,
        created_at: new Date(NOW.getTime() - 3600_000).toISOString(),
        purpose: 'reminder',
        updated_at: now,
      };
    });
    for (let i = 0; i < rows.length; i += 500)
      await app.store.db
        .insertInto('outbox')
        .values(rows.slice(i, i + 500))
        .execute();
    await app.store.db
      .insertInto('channel_settings')
      .values({
        business_id: businessId,
        channel: 'whatsapp',
        provider: 'fonnte',
        config: '{}',
        enabled: 1,
        rate_per_minute: 1_000_000,
        updated_at: now,
      })
      .execute();
    return {
      businessId,
      messages: rows.map((row) => ({
        id: row.id,
        businessId,
        recipient: row.recipient,
        text: row.body,
        ...(row.subject ? { subject: row.subject } : {}),
      })),
    };
  } finally {
    await app.close();
  }
}

async function straight(provider: Provider, messages: readonly OutgoingMessage[], inFlight: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < messages.length) {
        const message = messages[next++] as OutgoingMessage;
        const outcome = await provider.send(message, AbortSignal.timeout(30_000));
        if (outcome.kind !== 'sent') throw new Error(`straight send failed: ${JSON.stringify(outcome)}`);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

async function throughOutbox(
  url: string,
  provider: Provider,
  dispatchers: number,
): Promise<{ seconds: number; counts: DispatchCounts }> {
  const apps: OpenApp[] = await Promise.all(
    Array.from({ length: dispatchers }, () => openApp({ kind: 'postgres', url, poolSize: 10 }, fixedClock(NOW), OWNER)),
  );
  const providers = async () => ({
    providers: new Map([[provider.channel, provider]]),
    settings: [
      {
        channel: provider.channel,
        provider: provider.name,
        config: {},
        enabled: true,
        ratePerMinute: 1_000_000,
        updatedAt: NOW.toISOString(),
      },
    ],
  });
  const total: DispatchCounts = { claimed: 0, sent: 0, toTap: 0, retried: 0, failed: 0, cancelled: 0, held: 0, uncertain: 0 };
  const started = performance.now();
  try {
    await Promise.all(
      apps.map(async (app, n) => {
        for (;;) {
          const counts = await dispatchOnce(app, { owner: `bench-${n}`, limit: PASS_LIMIT, providers, concurrency: CONCURRENCY });
          for (const key of Object.keys(total) as (keyof DispatchCounts)[]) total[key] += counts[key];
          if (counts.claimed === 0) return;
        }
      }),
    );
    return { seconds: (performance.now() - started) / 1000, counts: total };
  } finally {
    await Promise.all(apps.map((app) => app.close()));
  }
}

const bin = process.env.LUNAS_DATABASE_URL ? undefined : findPostgresBin();
if (!process.env.LUNAS_DATABASE_URL && !bin) {
  console.log('PostgreSQL: SKIPPED, no PostgreSQL binaries (apt-get install postgresql)');
  process.exit(0);
}
const cluster = bin ? await startCluster(bin) : undefined;
try {
  const adminUrl = process.env.LUNAS_DATABASE_URL ?? (cluster as { url: string }).url;
  console.log(
    `bench:dispatch: ${MESSAGES} messages, ${CUSTOMERS} customers, ${CONCURRENCY} sends in flight per dispatcher, PostgreSQL`,
  );
  for (const kind of CHANNELS)
    for (const dispatchers of DISPATCHERS) {
      const url = await freshDatabase(adminUrl, `lunas_bench_dispatch_${kind}_${dispatchers}_${process.pid}`);
      const { messages } = await seed(url, kind === 'smtp' ? 'email' : 'whatsapp');
      // The receiver and a provider for it: the loopback stub, or the local SMTP server.
      const receiver = async () => {
        if (kind === 'smtp') {
          const smtp = await startSmtpServer({ parse: false });
          const provider = createProvider('smtp', { host: smtp.host, port: smtp.port, from: 'Toko Bench <toko@example.com>' });
          return {
            provider,
            distinct: () => smtp.count(),
            duplicates: () => Math.max(0, smtp.count() - MESSAGES),
            close: async () => {
              await provider.close?.();
              await smtp.close();
            },
          };
        }
        const stub = await startProviderStub();
        return {
          provider: stubProvider(stub.url, false),
          distinct: () => stub.requests.size,
          duplicates: () => [...stub.requests.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
          close: () => stub.close(),
        };
      };
      // The baseline: the same messages straight to a receiver of their own, as many in flight as the dispatchers have.
      const baselineReceiver = await receiver();
      const baseline = await straight(baselineReceiver.provider, messages, CONCURRENCY * dispatchers);
      await baselineReceiver.close();
      const target = await receiver();
      const run = await throughOutbox(url, target.provider, dispatchers);
      const duplicates = target.duplicates();
      const received = target.distinct();
      await target.close();
      const rate = MESSAGES / run.seconds;
      const straightRate = MESSAGES / baseline;
      console.log(
        `${kind.padEnd(4)} ${dispatchers} dispatcher${dispatchers === 1 ? ' ' : 's'}: ${rate.toFixed(0)} msg/s through the outbox (${run.seconds.toFixed(2)} s), ` +
          `${straightRate.toFixed(0)} msg/s straight (${baseline.toFixed(2)} s), ratio ${(rate / straightRate).toFixed(2)}; ` +
          `sent ${run.counts.sent}, received ${received}, duplicates ${duplicates}`,
      );
      if (duplicates !== 0 || received !== MESSAGES || run.counts.sent !== MESSAGES) {
        console.error('bench:dispatch: FAILED (a duplicate or a lost message)');
        process.exitCode = 1;
      }
    }
} finally {
  cluster?.stop();
}
