/** Opening the application on a store: what the edges (CLI, server, worker) call first. */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { type Store, type StoreLocation, openStore } from '../store/store.js';
import { SQLITE_FILE_NAME } from '../store/dialects/sqlite.js';
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
