/**
 * The embedded store: one SQLite file under the data directory, WAL journal,
 * synchronous=FULL because a committed payment must survive a power cut.
 * Writes begin IMMEDIATE: the write lock is taken before anything is read,
 * which serialises credit checks across connections and processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { BulkColumn, DialectSeam } from './seam.js';

export const SQLITE_FILE_NAME = 'lunas.sqlite';
const PAGE_CACHE_KIB = 65_536;
const MMAP_BYTES = 1024 * 1024 * 1024;
/**
 * The page cache while a bulk insert runs (the import): large enough to hold the
 * indexes the rows land in at random, so their pages are not spilled to the WAL
 * and rewritten again and again inside the one transaction. Back to
 * PAGE_CACHE_KIB when the transaction ends.
 */
const BULK_PAGE_CACHE_KIB = 2 * 1_048_576;
/** How long a writer waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 30_000;

/**
 * Past the busy timeout a write fails with SQLITE_BUSY, which the edges answer as the database
 * being unavailable for a moment (503), like a disk I/O error (decision 0012).
 */
export function openSqlite(
  location: { dataDir: string } | { memory: true },
  busyTimeoutMs = BUSY_TIMEOUT_MS,
): { db: Kysely<Database>; seam: DialectSeam } {
  let file = ':memory:';
  if ('dataDir' in location) {
    fs.mkdirSync(location.dataDir, { recursive: true });
    file = path.join(location.dataDir, SQLITE_FILE_NAME);
  }
  const native = new SqliteDatabase(file, { timeout: busyTimeoutMs });
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = FULL');
  native.pragma('foreign_keys = ON');
  // Reads that follow an index into a large table (open invoices by status and due date) touch pages
  // all over the file: a page cache of 64 MiB and memory-mapped reads keep them from becoming syscalls.
  native.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  native.pragma(`mmap_size = ${MMAP_BYTES}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(native) }) });
  let bulkCache = false;
  const seam: DialectSeam = {
    name: 'sqlite',
    async writeTransaction(run) {
      return db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        try {
          const result = await run(connection);
          await sql`commit`.execute(connection);
          return result;
        } catch (error) {
          if (native.inTransaction) await sql`rollback`.execute(connection);
          throw error;
        } finally {
          if (bulkCache) {
            native.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
            bulkCache = false;
          }
        }
      });
    },
    // BEGIN IMMEDIATE already holds the database's single write lock: every read in a write is locked.
    rowLocks: false,
    isUniqueViolation(error) {
      const code = (error as { code?: unknown }).code;
      return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
    },
    async insertRows(_trx, table, columns, rows) {
      // The transaction is the one native connection's: its statements run inside it.
      if (!native.inTransaction) throw new Error('insertRows runs inside a write transaction');
      if (!bulkCache) {
        native.pragma(`cache_size = -${BULK_PAGE_CACHE_KIB}`);
        bulkCache = true;
      }
      insertRowsNative(native, table, columns, rows);
    },
  };
  return { db, seam };
}

/**
 * A bulk insert: one prepared single-row statement run per row inside the
 * transaction. Measured on this store, it beats multi-row statements (binding
 * one flat array of hundreds of values costs more than the calls it saves).
 */
function insertRowsNative(
  native: SqliteDatabase.Database,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly unknown[])[],
): void {
  const names = columns.map((column) => `"${column.name}"`).join(', ');
  const statement = native.prepare(`insert into "${table}" (${names}) values (${columns.map(() => '?').join(', ')})`);
  for (const row of rows) statement.run(row as unknown[]);
}

/** Statements kept prepared; past this many distinct SQL texts the oldest is dropped. */
const STATEMENTS_CACHED_MAX = 500;

/**
 * Kysely's driver prepares every query afresh, and preparing costs more than
 * running a small query. The same SQL text reuses its prepared statement; the
 * driver runs each statement to completion before the next, so reuse is safe.
 */
function withStatementCache(native: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => native.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (!statement) {
        statement = native.prepare(text);
        if (cache.size >= STATEMENTS_CACHED_MAX) cache.delete(cache.keys().next().value as string);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}
