/**
 * Shared by the cross-layer suites: one entry per database the suite runs on.
 * SQLite always; PostgreSQL when `npm test` started a cluster (LUNAS_TEST_PG_URL).
 * Each opened store is a fresh database, so tests never see each other's data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { initBusiness } from '../src/app/businesses.js';
import { type Actor, fixedClock } from '../src/app/context.js';
import { type OpenApp, type StoreLocation, openApp } from '../src/app/open.js';
import type { Business } from '../src/core/parties.js';
import { getBusiness } from '../src/store/parties-repo.js';

export const PG_URL = process.env.LUNAS_TEST_PG_URL;
export const OWNER: Actor = { name: 'test:owner', role: 'owner' };

export interface DialectUnderTest {
  readonly name: 'sqlite' | 'postgres';
  /** A new, empty store location. */
  location(poolSize?: number): Promise<StoreLocation>;
}

let databaseCounter = 0;

/** Creates a fresh database in the test cluster and returns its URL. */
export async function freshPostgresUrl(): Promise<string> {
  if (!PG_URL) throw new Error('no PostgreSQL test cluster');
  const name = `lunas_t_${process.pid}_${++databaseCounter}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new empty folder under the run's temp folder (test/global-setup.ts removes it after the run). */
export function freshDataDir(): string {
  return fs.mkdtempSync(path.join(process.env.LUNAS_TEST_TMP ?? os.tmpdir(), 'lunas-test-'));
}

export const DIALECTS: DialectUnderTest[] = [
  { name: 'sqlite', location: async () => ({ kind: 'sqlite', dataDir: freshDataDir() }) },
  ...(PG_URL
    ? [
        {
          name: 'postgres' as const,
          location: async (poolSize?: number) => ({
            kind: 'postgres' as const,
            url: await freshPostgresUrl(),
            ...(poolSize ? { poolSize } : {}),
          }),
        },
      ]
    : []),
];

if (!PG_URL)
  console.warn(
    'LUNAS_TEST_PG_URL is not set: the PostgreSQL half of the store suite is SKIPPED (run `npm test`, which starts a cluster).',
  );

export const START = new Date('2026-03-02T02:00:00Z');

/** Opens an app on a fresh store with a fake clock and one business. */
export async function openWithBusiness(
  location: StoreLocation,
  settings: { defaultCreditLimit?: number | null; overdueBlockDays?: number | null; termsDays?: number } = {},
): Promise<{ app: OpenApp; clock: ReturnType<typeof fixedClock>; business: Business }> {
  const clock = fixedClock(START);
  const app = await openApp(location, clock, OWNER);
  const created = await initBusiness(app, { name: 'Konter Uji', ...settings });
  if (!created.ok) throw new Error(created.message);
  const business = await getBusiness(app.store.db, created.value.id);
  if (!business) throw new Error('business vanished');
  return { app, clock, business };
}

/** Unwraps a result a test expects to succeed, failing loudly with the error otherwise. */
export function must<T>(result: { ok: true; value: T } | { ok: false; code: string; message: string }): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result.value;
}
