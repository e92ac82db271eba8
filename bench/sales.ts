/**
 * `npm run bench`: credit sales per second through the use-case layer (credit
 * check, invoice number, journal entry, projections, audit, idempotency record,
 * one transaction each), beside the limit of the same machine in the same run:
 * the raw driver writing the equivalent rows, one transaction each, same settings.
 *
 *   SQLite (WAL, synchronous=FULL): one writer, sequential.
 *   PostgreSQL: 8 concurrent clients, against raw `pg` with 8 clients.
 *
 * Environment: BENCH_SALES (default 2000), LUNAS_DATABASE_URL to use an existing
 * PostgreSQL instead of starting a throwaway cluster, BENCH_SKIP_PG=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { initBusiness } from '../src/app/businesses.js';
import { type AppContext, createIdSource } from '../src/app/context.js';
import { addCustomer } from '../src/app/customers.js';
import { recordSale } from '../src/app/invoices.js';
import { type OpenApp, type StoreLocation, openApp } from '../src/app/open.js';
import { verifyLedger } from '../src/app/reports.js';
import { SQLITE_FILE_NAME } from '../src/store/dialects/sqlite.js';
import { getBusiness } from '../src/store/parties-repo.js';
import { findPostgresBin, startCluster } from '../scripts/pg-cluster.mjs';

const SALES = Number(process.env.BENCH_SALES ?? 2000);
const CUSTOMERS = 100;
const CLIENTS = 8;
const clock = { now: () => new Date() };

interface Figure {
  label: string;
  sales: number;
  seconds: number;
}
const perSecond = (figure: Figure) => figure.sales / figure.seconds;

async function prepare(location: StoreLocation) {
  const app = await openApp(location, clock, { name: 'bench', role: 'owner' });
  const created = await initBusiness(app, { name: 'Bench', defaultCreditLimit: null, overdueBlockDays: null });
  if (!created.ok) throw new Error(created.message);
  const business = (await getBusiness(app.store.db, created.value.id))!;
  const customers: string[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const customer = await addCustomer(app, business, { name: `C${i}` });
    if (!customer.ok) throw new Error(customer.message);
    customers.push(customer.value.id);
  }
  return { app, business, customers };
}

/** Sales through the use case, spread over `clients` concurrent callers. */
async function useCaseSales(
  app: OpenApp,
  business: Awaited<ReturnType<typeof prepare>>['business'],
  customers: string[],
  clients: number,
): Promise<Figure> {
  const ctx: AppContext = { ...app, ids: createIdSource(clock) };
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < SALES; i = next++) {
        const result = await recordSale(ctx, business, {
          customer: customers[i % customers.length]!,
          amount: 25_000,
          idempotencyKey: `bench-${i}`,
        });
        if (!result.ok) throw new Error(result.message);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const verified = await verifyLedger(app, business);
  if (!verified.ok || !verified.value.ok) throw new Error('ledger does not verify after the benchmark');
  const written = await app.store.db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('business_id', '=', business.id)
    .executeTakeFirstOrThrow();
  if (Number(written.n) !== SALES) throw new Error(`expected ${SALES} invoices written, found ${written.n}`);
  return { label: 'use case', sales: SALES, seconds };
}

/** The rows one sale writes, as plain SQL with placeholders ($n for PostgreSQL, ? for SQLite). */
function saleStatements(placeholder: (n: number) => string) {
  const p = (count: number, from = 1) => Array.from({ length: count }, (_, i) => placeholder(from + i)).join(', ');
  return {
    claimKey: `insert into idempotency_keys (scope, key, command, request_hash, response, created_at) values (${p(6)})`,
    lockCustomer: `select balance_minor, credit_minor, status from customers where business_id = ${placeholder(1)} and id = ${placeholder(2)}`,
    openItems: `select due_date, outstanding_minor from invoices where business_id = ${placeholder(1)} and customer_id = ${placeholder(2)} and status = 'open'`,
    seqInsert: `insert into sequences (business_id, name, year, last_value) values (${p(4)}) on conflict (business_id, name, year) do nothing`,
    seqNext: `update sequences set last_value = last_value + 1 where business_id = ${placeholder(1)} and name = ${placeholder(2)} and year = ${placeholder(3)} returning last_value`,
    invoice: `insert into invoices (business_id, id, number, customer_id, issue_date, due_date, reference, currency, subtotal_minor, tax_minor, total_minor, outstanding_minor, status, is_quick_sale, override_reason, created_at) values (${p(16)})`,
    line: `insert into invoice_lines (business_id, invoice_id, line_no, description, quantity_milli, unit_price_minor, discount_minor, tax_rate_bps, amount_minor, tax_minor) values (${p(10)})`,
    entry: `insert into journal_entries (business_id, id, code, date, source_type, source_id, reverses_entry_id, memo, created_at) values (${p(9)})`,
    jline: `insert into journal_lines (business_id, entry_id, line_no, account, customer_id, invoice_id, amount_minor, date) values (${p(8)}), (${p(8, 9)})`,
    outstanding: `update invoices set outstanding_minor = outstanding_minor + ${placeholder(1)} where business_id = ${placeholder(2)} and id = ${placeholder(3)}`,
    balance: `update customers set balance_minor = balance_minor + ${placeholder(1)}, updated_at = ${placeholder(2)} where business_id = ${placeholder(3)} and id = ${placeholder(4)}`,
    audit: `insert into audit_log (business_id, id, at, actor, action, object_type, object_id, details) values (${p(8)})`,
    completeKey: `update idempotency_keys set response = ${placeholder(1)} where scope = ${placeholder(2)} and key = ${placeholder(3)}`,
  };
}

/** Parameters of the i-th raw sale, in statement order. */
function saleParams(businessId: string, customerId: string, i: number, runId: string) {
  const now = new Date().toISOString();
  const invoiceId = `inv_raw_${runId}_${i}`;
  const entryId = `jnl_raw_${runId}_${i}`;
  const key = `raw-${runId}-${i}`;
  return {
    claimKey: [businessId, key, 'sale.create', 'hash', null, now],
    lockCustomer: [businessId, customerId],
    openItems: [businessId, customerId],
    seqInsert: [businessId, 'raw', 2026, 0],
    seqNext: [businessId, 'raw', 2026],
    invoice: (number: number) => [
      businessId,
      invoiceId,
      `RAW-${runId}-${number}`,
      customerId,
      '2026-03-02',
      '2026-03-16',
      null,
      'IDR',
      25_000,
      0,
      25_000,
      0,
      'open',
      1,
      null,
      now,
    ],
    line: [businessId, invoiceId, 1, 'Kasbon', 1000, 25_000, 0, null, 25_000, 0],
    entry: [businessId, entryId, 'credit_sale', '2026-03-02', 'invoice', invoiceId, null, null, now],
    jline: [
      businessId,
      entryId,
      1,
      'receivable',
      customerId,
      invoiceId,
      25_000,
      '2026-03-02',
      businessId,
      entryId,
      2,
      'revenue',
      null,
      null,
      -25_000,
      '2026-03-02',
    ],
    outstanding: [25_000, businessId, invoiceId],
    balance: [25_000, now, businessId, customerId],
    audit: [businessId, `aud_raw_${runId}_${i}`, now, 'bench', 'sale.create', 'invoice', invoiceId, '{}'],
    completeKey: ['{"id":"x"}', businessId, key],
  };
}

function rawSqlite(dataDir: string, businessId: string, customers: string[]): Figure {
  const db = new SqliteDatabase(path.join(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const sql = saleStatements(() => '?');
  const statements = Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, db.prepare(text)])) as Record<
    keyof typeof sql,
    SqliteDatabase.Statement
  >;
  const sale = db.transaction((i: number) => {
    const params = saleParams(businessId, customers[i % customers.length]!, i, 'sq');
    statements.claimKey.run(params.claimKey);
    statements.lockCustomer.get(params.lockCustomer);
    statements.openItems.all(params.openItems);
    statements.seqInsert.run(params.seqInsert);
    const { last_value: number } = statements.seqNext.get(params.seqNext) as { last_value: number };
    statements.invoice.run(params.invoice(number));
    statements.line.run(params.line);
    statements.entry.run(params.entry);
    statements.jline.run(params.jline);
    statements.outstanding.run(params.outstanding);
    statements.balance.run(params.balance);
    statements.audit.run(params.audit);
    statements.completeKey.run(params.completeKey);
  });
  const started = process.hrtime.bigint();
  for (let i = 0; i < SALES; i++) sale.immediate(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return { label: 'raw better-sqlite3', sales: SALES, seconds };
}

async function rawPostgres(url: string, businessId: string, customers: string[]): Promise<Figure> {
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  pool.on('error', () => {}); // idle connections closed by the cluster's shutdown are not a failure
  const sql = saleStatements((n) => `$${n}`);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = await pool.connect();
      try {
        for (let i = next++; i < SALES; i = next++) {
          const params = saleParams(businessId, customers[i % customers.length]!, i, 'pg');
          await client.query('begin');
          await client.query(sql.claimKey, params.claimKey);
          await client.query(`${sql.lockCustomer} for update`, params.lockCustomer);
          await client.query(sql.openItems, params.openItems);
          await client.query(sql.seqInsert, params.seqInsert);
          const { rows } = await client.query(sql.seqNext, params.seqNext);
          await client.query(sql.invoice, params.invoice(Number(rows[0].last_value)));
          await client.query(sql.line, params.line);
          await client.query(sql.entry, params.entry);
          await client.query(sql.jline, params.jline);
          await client.query(sql.outstanding, params.outstanding);
          await client.query(sql.balance, params.balance);
          await client.query(sql.audit, params.audit);
          await client.query(sql.completeKey, params.completeKey);
          await client.query('commit');
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.end();
  return { label: `raw pg, ${CLIENTS} clients`, sales: SALES, seconds };
}

function report(title: string, useCase: Figure, raw: Figure): number {
  const ratio = perSecond(useCase) / perSecond(raw);
  console.log(`\n${title}`);
  console.log(
    `  use case : ${perSecond(useCase).toFixed(0).padStart(6)} sales/s  (${useCase.sales} in ${useCase.seconds.toFixed(2)} s)`,
  );
  console.log(
    `  ${raw.label.padEnd(9)}: ${perSecond(raw).toFixed(0).padStart(6)} sales/s  (${raw.sales} in ${raw.seconds.toFixed(2)} s)`,
  );
  console.log(`  ratio    : ${ratio.toFixed(2)}  (goal >= 0.50: ${ratio >= 0.5 ? 'met' : 'NOT met'})`);
  return ratio;
}

async function main(): Promise<void> {
  console.log(
    `Lunas sales benchmark: ${SALES} credit sales over ${CUSTOMERS} customers, node ${process.version}, ${os.cpus().length} cores`,
  );

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-bench-'));
  const sqlite = await prepare({ kind: 'sqlite', dataDir });
  const sqliteUseCase = await useCaseSales(sqlite.app, sqlite.business, sqlite.customers, 1);
  await sqlite.app.close();
  const sqliteRaw = rawSqlite(dataDir, sqlite.business.id, sqlite.customers);
  report('SQLite (WAL, synchronous=FULL), one writer:', sqliteUseCase, sqliteRaw);
  fs.rmSync(dataDir, { recursive: true, force: true });

  if (process.env.BENCH_SKIP_PG === '1') return;
  let url = process.env.LUNAS_DATABASE_URL;
  let cluster: { url: string; stop(): void } | undefined;
  if (!url) {
    const bin = findPostgresBin();
    if (!bin) {
      console.log('\nPostgreSQL: SKIPPED (no PostgreSQL binaries; apt-get install postgresql)');
      return;
    }
    cluster = await startCluster(bin);
    url = cluster.url;
  }
  try {
    const postgres = await prepare({ kind: 'postgres', url, poolSize: CLIENTS });
    const pgUseCase = await useCaseSales(postgres.app, postgres.business, postgres.customers, CLIENTS);
    await postgres.app.close();
    const pgRaw = await rawPostgres(url, postgres.business.id, postgres.customers);
    report(`PostgreSQL, ${CLIENTS} concurrent clients:`, pgUseCase, pgRaw);
  } finally {
    cluster?.stop();
  }
}

await main();
