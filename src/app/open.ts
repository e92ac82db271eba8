/** Opening the application on a store: what the edges (CLI, server, worker) call first. */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { type Store, type StoreLocation, openStore } from '../store/store.js';
import { SQLITE_FILE_NAME } from '../store/dialects/sqlite.js';
import { isDatabaseUnavailable } from '../store/dialects/unavailable.js';
import { type Failure, fail } from '../core/result.js';
import { t } from '../core/i18n/catalogue.js';
import { type Actor, type AppContext, type Clock, createIdSource } from './context.js';

export type { StoreLocation } from '../store/store.js';

export interface OpenApp extends AppContext {
  close(): Promise<void>;
}

/** SQLite under the data directory unless a PostgreSQL URL is given. */
export function storeLocation(dataDir: string, databaseUrl: string | undefined, poolSize?: number): StoreLocation {
  return databaseUrl ? { kind: 'postgres', url: databaseUrl, ...(poolSize ? { poolSize } : {}) } : { kind: 'sqlite', dataDir };
}

export async function openApp(location: StoreLocation, clock: Clock, actor: Actor): Promise<OpenApp> {
  const store = await openStore(location);
  return { store, clock, ids: createIdSource(clock), actor, close: () => store.close() };
}

/** Whether a store is already there (opening a SQLite store that is not creates it). */
export function storeExists(location: StoreLocation): boolean {
  return location.kind !== 'sqlite' || fs.existsSync(path.join(location.dataDir, SQLITE_FILE_NAME));
}

/** Whether the database answers (the readiness check). */
export async function isStoreReachable(store: Store): Promise<boolean> {
  try {
    await sql`select 1`.execute(store.db);
    return true;
  } catch {
    return false;
  }
}

/**
 * How long a client is asked to wait before repeating a request the database could not serve
 * (HTTP Retry-After): a PostgreSQL restart or crash recovery takes a few seconds (decision 0012).
 */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/**
 * The failure for an error that means the database is unavailable for a moment (connection lost
 * or refused, the server shutting down, SQLite busy past its timeout, disk I/O): undefined for
 * any other error, which stays unexpected.
 */
export function unavailableFailure(error: unknown): Failure | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  return fail('service_unavailable', t('service.unavailable', { seconds: UNAVAILABLE_RETRY_SECONDS }), {
    retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
  });
}
