/**
 * Three worker processes on one PostgreSQL for 30 simulated days: each
 * business-day is run exactly once, the fees and holds are those of a single
 * scheduler doing the same days, and the ledger verifies.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBusiness } from '../src/app/businesses.js';
import { fixedClock } from '../src/app/context.js';
import { addCustomer } from '../src/app/customers.js';
import { recordSale } from '../src/app/invoices.js';
import { type OpenApp, openApp } from '../src/app/open.js';
import { recordPayment } from '../src/app/payments.js';
import { setPolicy } from '../src/app/policies.js';
import { verifyLedger } from '../src/app/reports.js';
import { addDays, calendarDate } from '../src/core/dates.js';
import type { Business } from '../src/core/parties.js';
import { getBusiness } from '../src/store/parties-repo.js';
import { tick } from '../src/worker/scheduler.js';
import { ROOT } from './child.js';
import { OWNER, PG_URL, freshPostgresUrl, must } from './helpers.js';

const DAYS = 30;
const WORKERS = 3;
const DAY0 = calendarDate('2026-03-02');

/** Two businesses with customers whose debts fall due over the month. */
async function seed(url: string): Promise<void> {
  const clock = fixedClock(new Date(`${DAY0}T02:00:00Z`));
  const app = await openApp({ kind: 'postgres', url }, clock, OWNER);
  try {
    for (const name of ['Konter A', 'Konter B']) {
      const business = (await getBusiness(app.store.db, must(await initBusiness(app, { name, termsDays: 5 })).id)) as Business;
      must(
        await setPolicy(app, business, {
          policy: { lateFee: { kind: 'flat', amount: 1_000, period: 'week' }, escalation: { holdAfterDaysOverdue: 10 } },
        }),
      );
      for (let i = 0; i < 12; i++) {
        must(await addCustomer(app, business, { name: `Pelanggan ${i}`, phone: '081234567890', ref: `p${i}` }));
        clock.set(new Date(`${addDays(DAY0, -(i % 6))}T02:00:00Z`));
        must(
          await recordSale(app, business, {
            customer: `p${i}`,
            amount: 10_000 + i * 1_000,
            date: addDays(DAY0, -(i % 6)),
            allowOldDate: true,
          }),
        );
        clock.set(new Date(`${DAY0}T02:00:00Z`));
        if (i % 4 === 0) must(await recordPayment(app, business, { customer: `p${i}`, amount: 5_000, method: 'cash' }));
      }
    }
  } finally {
    await app.close();
  }
}

function runWorker(url: string, seedValue: number): Promise<{ ran: string[]; skipped: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'test/fixtures/worker-days.ts'), url, String(DAYS), String(seedValue)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim()) as { ran: string[]; skipped: string[] })
        : reject(new Error(`worker exited ${code}: ${err}`)),
    );
  });
}

/** Per business (by name) and customer (by ref): late fees charged and holds, from the store. */
async function effects(app: OpenApp): Promise<Record<string, unknown>> {
  const rows = await app.store.db
    .selectFrom('collection_events as e')
    .innerJoin('businesses as b', 'b.id', 'e.business_id')
    .innerJoin('customers as c', (join) => join.onRef('c.business_id', '=', 'e.business_id').onRef('c.id', '=', 'e.customer_id'))
    .select(['b.name as business', 'c.ref as ref', 'e.kind as kind', 'e.date as date', 'e.details as details'])
    .where('e.kind', 'in', ['late_fee', 'hold', 'release'])
    .orderBy('b.name')
    .orderBy('c.ref')
    .orderBy('e.date')
    .orderBy('e.kind')
    .execute();
  return Object.fromEntries(rows.map((row, i) => [`${i}`, { ...row, details: JSON.parse(row.details) as unknown }]));
}

describe.skipIf(!PG_URL)('three workers on one PostgreSQL', () => {
  it(`run each business-day of ${DAYS} exactly once`, { timeout: 300_000 }, async () => {
    const shared = await freshPostgresUrl();
    const reference = await freshPostgresUrl();
    await seed(shared);
    await seed(reference);

    const results = await Promise.all(Array.from({ length: WORKERS }, (_, i) => runWorker(shared, 17 + i * 101)));
    const ran = results.flatMap((result) => result.ran);
    expect(new Set(ran).size).toBe(ran.length);
    // Days 1 to 30, and day 0 (the businesses' creation day), which the first run catches up.
    expect(ran.length).toBe(2 * (DAYS + 1));
    // Every worker tried every day: the others found it claimed (the contention this test is about).
    expect(results.flatMap((result) => result.skipped).length).toBeGreaterThanOrEqual(2 * DAYS);

    const clock = fixedClock(new Date(`${DAY0}T02:00:00Z`));
    const single = await openApp({ kind: 'postgres', url: reference }, clock, { name: 'worker', role: 'owner' });
    const app = await openApp({ kind: 'postgres', url: shared }, clock, OWNER);
    try {
      for (let n = 1; n <= DAYS; n++) {
        clock.set(new Date(`${addDays(DAY0, n)}T02:00:00Z`));
        await tick(single, { morningHour: 8 });
      }
      const runs = await app.store.db.selectFrom('collection_runs').select(['business_id', 'date']).execute();
      expect(runs.length).toBe(2 * (DAYS + 1));
      const expected = await effects(single);
      expect(Object.keys(expected).length).toBeGreaterThan(20);
      expect(await effects(app)).toEqual(expected);
      for (const business of await app.store.db.selectFrom('businesses').select('id').execute()) {
        const found = (await getBusiness(app.store.db, business.id)) as Business;
        expect(must(await verifyLedger(app, found)).ok).toBe(true);
      }
    } finally {
      await single.close();
      await app.close();
    }
  });
});
