/**
 * Opening a store: SQLite under the data directory by default, PostgreSQL when a
 * postgres:// URL is given. The schema is created and migrated on first use.
 */
import { type Kysely, type Migration, Migrator } from 'kysely';
import * as ledger0001 from './migrations/0001-ledger.js';
import * as identity0002 from './migrations/0002-identity.js';
import * as collection0003 from './migrations/0003-collection.js';
import * as tags0004 from './migrations/0004-tags.js';
import * as openInvoices0005 from './migrations/0005-open-invoices.js';
import * as reminderContent0006 from './migrations/0006-reminder-content.js';
import * as datesAndRefs0007 from './migrations/0007-dates-and-refs.js';
import * as pendingPaidOn0008 from './migrations/0008-pending-paid-on.js';
import * as tokenExpiry0009 from './migrations/0009-token-expiry.js';
import * as journalTotal0010 from './migrations/0010-journal-total.js';
import * as invoiceIssueOrder0011 from './migrations/0011-invoice-issue-order.js';
import * as delivery0012 from './migrations/0012-delivery.js';
import * as outboxClaims0013 from './migrations/0013-outbox-claims.js';
import { openPostgres } from './dialects/postgres.js';
import type { DialectSeam } from './dialects/seam.js';
import { openSqlite } from './dialects/sqlite.js';
import type { Database } from './schema.js';

export type { DialectName } from './dialects/seam.js';

/** Every migration, in order. Names sort in the order they run. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-ledger': ledger0001,
  '0002-identity': identity0002,
  '0003-collection': collection0003,
  '0004-tags': tags0004,
  '0005-open-invoices': openInvoices0005,
  '0006-reminder-content': reminderContent0006,
  '0007-dates-and-refs': datesAndRefs0007,
  '0008-pending-paid-on': pendingPaidOn0008,
  '0009-token-expiry': tokenExpiry0009,
  '0010-journal-total': journalTotal0010,
  '0011-invoice-issue-order': invoiceIssueOrder0011,
  '0012-delivery': delivery0012,
  '0013-outbox-claims': outboxClaims0013,
};

export interface Store {
  readonly db: Kysely<Database>;
  readonly seam: DialectSeam;
  close(): Promise<void>;
}

export type StoreLocation =
  | { kind: 'sqlite'; dataDir: string; /** How long a write waits for another's lock (default 30 s). */ busyTimeoutMs?: number }
  | { kind: 'sqlite-memory' }
  | { kind: 'postgres'; url: string; poolSize?: number };

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Opens (creating and migrating if needed) the store at a location. */
export async function openStore(location: StoreLocation): Promise<Store> {
  const opened =
    location.kind === 'postgres'
      ? openPostgres(location.url, location.poolSize ?? 10)
      : location.kind === 'sqlite'
        ? openSqlite({ dataDir: location.dataDir }, location.busyTimeoutMs)
        : openSqlite({ memory: true });
  const store: Store = {
    db: opened.db,
    seam: opened.seam,
    close: () => opened.db.destroy(),
  };
  try {
    await migrateToLatest(store.db);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'lunas_migrations',
    migrationLockTableName: 'lunas_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
