/**
 * `npm run bench:collect`: one business-day of the collection run for a
 * business with many customers and invoices, on SQLite and PostgreSQL.
 *
 * Each store is seeded in bulk (customers, invoices with their collection
 * counters as if the run had been done every day until two days ago), then
 * yesterday is run untimed-in-the-goal (the first day after an import: holds
 * en masse) and today is timed. Three shapes show how time grows:
 *   A  100k invoices, 20k open     (the baseline history)
 *   B  1M invoices,   20k open     (10x history, same open items: time should stay)
 *   C  1M invoices,   200k open    (the goal: under 10 s)
 * The baseline in the same run is reading the open invoices once (the least any run must do).
 *
 * Environment: BENCH_CUSTOMERS (100000), BENCH_INVOICES (1000000), BENCH_SHAPES (ABC), BENCH_SKIP_PG=1,
 * LUNAS_DATABASE_URL to use an existing PostgreSQL instead of a throwaway cluster.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import { initBusiness } from '../src/app/businesses.js';
import { runDay } from '../src/app/collection.js';
import { type OpenApp, type StoreLocation, openApp } from '../src/app/open.js';
import { setPolicy } from '../src/app/policies.js';
import { type CalendarDate, addDays, calendarDate } from '../src/core/dates.js';
import { feePeriodsStarted } from '../src/core/fees.js';
import { ladderSchedule } from '../src/core/ladder.js';
import type { Business } from '../src/core/parties.js';
import type { CollectionPolicy } from '../src/core/policy.js';
import { getBusiness } from '../src/store/parties-repo.js';
import { findPostgresBin, startCluster } from '../scripts/pg-cluster.mjs';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const INVOICES = Number(process.env.BENCH_INVOICES ?? 1_000_000);
const TODAY = calendarDate('2026-06-01');
const GOAL_SECONDS = 10;
const ROWS_PER_INSERT = 500;

interface Shape {
  readonly name: string;
  readonly invoices: number;
  readonly open: number;
}

const ALL_SHAPES: Shape[] = [
  { name: 'A', invoices: Math.round(INVOICES / 10), open: Math.round(INVOICES / 50) },
  { name: 'B', invoices: INVOICES, open: Math.round(INVOICES / 50) },
  { name: 'C', invoices: INVOICES, open: Math.round(INVOICES / 5) },
];
/** BENCH_SHAPES=C runs only the named shapes. */
const SHAPES = ALL_SHAPES.filter((shape) => (process.env.BENCH_SHAPES ?? 'ABC').includes(shape.name));

/** A deterministic generator: the same data in every store and every run. */
function generator(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function insertRows(app: OpenApp, table: 'customers' | 'invoices', rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
    await app.store.db
      .insertInto(table)
      .values(rows.slice(i, i + ROWS_PER_INSERT) as never)
      .execute();
}

async function seed(location: StoreLocation, shape: Shape): Promise<{ app: OpenApp; business: Business; seedSeconds: number }> {
  const start = process.hrtime.bigint();
  const clock = { now: () => new Date(`${TODAY}T02:00:00Z`) };
  const app = await openApp(location, clock, { name: 'bench', role: 'owner' });
  const created = await initBusiness(app, { name: 'Bench', termsDays: 14, overdueBlockDays: null });
  if (!created.ok) throw new Error(created.message);
  const business = (await getBusiness(app.store.db, created.value.id)) as Business;
  const policySet = await setPolicy(app, business, {
    policy: {
      lateFee: { kind: 'flat', amount: 1_000, period: 'week', capAmount: 5_000 },
      escalation: { holdAfterDaysOverdue: 30 },
    },
  });
  if (!policySet.ok) throw new Error(policySet.message);
  const policy: CollectionPolicy = policySet.value.policy;
  const policyId = policySet.value.id;
  const random = generator(42);
  const now = `${TODAY}T00:00:00.000Z`;
  const balances = new Float64Array(CUSTOMERS);
  const done = addDays(TODAY, -2);
  const schedule = (due: CalendarDate) => ladderSchedule(policy.reminders, due);
  await app.store.seam.writeTransaction(async (trx) => {
    const seeded = { ...app, store: { ...app.store, db: trx } };
    const invoices: Record<string, unknown>[] = [];
    for (let i = 0; i < shape.invoices; i++) {
      const customer = random(CUSTOMERS);
      const isOpen = i < shape.open;
      const due = addDays(TODAY, isOpen ? random(105) - 90 : -random(700) - 30);
      const total = (random(100) + 1) * 1_000;
      const periods =
        isOpen && policy.lateFee.kind !== 'none' ? feePeriodsStarted(due, policy.graceDays, policy.lateFee.period, done) : 0;
      const fees = Math.min(periods * 1_000, 5_000);
      const steps = isOpen ? schedule(due).filter((point) => point.date <= done).length : 0;
      if (isOpen) balances[customer] = (balances[customer] ?? 0) + total + fees;
      invoices.push({
        business_id: business.id,
        id: `inv_bench${String(i).padStart(8, '0')}`,
        number: `INV-${String(i).padStart(8, '0')}`,
        customer_id: `cus_bench${String(customer).padStart(7, '0')}`,
        issue_date: addDays(due, -14),
        due_date: due,
        reference: null,
        currency: 'IDR',
        subtotal_minor: total,
        tax_minor: 0,
        total_minor: total,
        outstanding_minor: isOpen ? total + fees : 0,
        status: isOpen ? 'open' : 'paid',
        is_quick_sale: 1,
        override_reason: null,
        created_at: now,
        policy_id: policyId,
        fee_periods_done: periods,
        fees_charged_minor: fees,
        discount_minor: 0,
        reminder_steps_done: steps,
        settled_on: isOpen ? null : addDays(due, random(20) - 5),
        plan_id: null,
        dispute_id: null,
        write_off_suggested_on: null,
      });
      if (invoices.length === 50_000 || i === shape.invoices - 1) {
        if (i < 50_000) {
          const customers = Array.from({ length: CUSTOMERS }, (_, c) => ({
            business_id: business.id,
            id: `cus_bench${String(c).padStart(7, '0')}`,
            name: `Pelanggan ${c}`,
            phone: `+628123${String(c).padStart(6, '0')}`,
            email: null,
            ref: `b${c}`,
            credit_limit_minor: null,
            terms_days: null,
            status: 'active',
            hold_reason: null,
            balance_minor: 0,
            credit_minor: 0,
            created_at: now,
            updated_at: now,
          }));
          await insertRows(seeded, 'customers', customers);
        }
        await insertRows(seeded, 'invoices', invoices.splice(0));
      }
    }
    for (let c = 0; c < CUSTOMERS; c++)
      if (balances[c])
        await trx
          .updateTable('customers')
          .set({ balance_minor: balances[c] as number })
          .where('business_id', '=', business.id)
          .where('id', '=', `cus_bench${String(c).padStart(7, '0')}`)
          .execute();
    await trx
      .insertInto('collection_runs')
      .values({ business_id: business.id, date: done, trigger: 'bench', summary: '{}', created_at: now })
      .execute();
  });
  // After a bulk load the planner needs statistics for the loaded tables (PostgreSQL's autovacuum
  // would gather them minutes later). Only those: statistics saying the journal is empty would make
  // PostgreSQL check the lines' foreign key by scanning the entries the run then posts.
  for (const table of ['invoices', 'customers']) await sql`analyze ${sql.table(table)}`.execute(app.store.db);
  return { app, business, seedSeconds: seconds(start) };
}

async function measure(label: string, location: StoreLocation, shape: Shape) {
  const { app, business, seedSeconds } = await seed(location, shape);
  try {
    const readStart = process.hrtime.bigint();
    const open = await app.store.db
      .selectFrom('invoices')
      .selectAll()
      .where('business_id', '=', business.id)
      .where('status', '=', 'open')
      .execute();
    const readSeconds = seconds(readStart);
    const firstStart = process.hrtime.bigint();
    const first = await runDay(app, business, addDays(TODAY, -1), { trigger: 'bench', sendReminders: false, claim: true });
    const firstSeconds = seconds(firstStart);
    // Today is timed on a database with statistics, as a running one has them (autovacuum).
    await sql`analyze`.execute(app.store.db);
    const dayStart = process.hrtime.bigint();
    const day = await runDay(app, business, TODAY, { trigger: 'bench', sendReminders: true, claim: true });
    const daySeconds = seconds(dayStart);
    if (!first.ok || !day.ok) throw new Error('run failed');
    const report = day.value;
    console.log(
      `${label} ${shape.name}: ${shape.invoices} invoices, ${open.length} open, ${CUSTOMERS} customers | seeded in ${seedSeconds.toFixed(1)} s | ` +
        `first day after import ${firstSeconds.toFixed(2)} s (${first.value.holds.length} holds, ${first.value.fees.length} fees) | ` +
        `today ${daySeconds.toFixed(2)} s: ${report.fees.length} fees, ${report.reminders.length} reminders, ${report.holds.length} holds | ` +
        `baseline read of open invoices ${readSeconds.toFixed(2)} s, ratio ${(daySeconds / readSeconds).toFixed(1)}`,
    );
    return daySeconds;
  } finally {
    await app.close();
  }
}

async function main() {
  const results: Record<string, number> = {};
  for (const shape of SHAPES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-bench-collect-'));
    try {
      results[`sqlite ${shape.name}`] = await measure('sqlite  ', { kind: 'sqlite', dataDir: dir }, shape);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (process.env.BENCH_SKIP_PG === '1') console.log('PostgreSQL: skipped (BENCH_SKIP_PG=1)');
  else {
    const bin = process.env.LUNAS_DATABASE_URL ? undefined : findPostgresBin();
    if (!process.env.LUNAS_DATABASE_URL && !bin)
      console.log('PostgreSQL: SKIPPED, no PostgreSQL binaries (apt-get install postgresql)');
    else {
      const cluster = bin ? await startCluster(bin) : undefined;
      try {
        const url = process.env.LUNAS_DATABASE_URL ?? (cluster as { url: string }).url;
        for (const shape of SHAPES.filter((candidate) => candidate.name !== 'B')) {
          const database = `lunas_bench_collect_${shape.name.toLowerCase()}_${process.pid}`;
          const admin = await openApp({ kind: 'postgres', url }, { now: () => new Date() }, { name: 'bench', role: 'owner' });
          await sql.raw(`create database ${database}`).execute(admin.store.db);
          await admin.close();
          const target = new URL(url);
          target.pathname = `/${database}`;
          results[`postgres ${shape.name}`] = await measure('postgres', { kind: 'postgres', url: target.toString() }, shape);
        }
      } finally {
        cluster?.stop();
      }
    }
  }
  const a = results['sqlite A'] as number;
  const b = results['sqlite B'] as number;
  const c = results['sqlite C'] as number;
  console.log(
    `SQLite: 10x history with the same open items takes ${(b / a).toFixed(2)}x the time; 10x open items ${(c / a).toFixed(2)}x.`,
  );
  for (const [label, value] of Object.entries(results))
    if (label.endsWith('C'))
      console.log(
        `${label}: ${value.toFixed(2)} s for the 1M-invoice day (goal < ${GOAL_SECONDS} s): ${value < GOAL_SECONDS ? 'met' : 'MISSED'}`,
      );
}

await main();
