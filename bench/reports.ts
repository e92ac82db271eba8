/**
 * `npm run bench:reports`: one business with 100,000 customers and 1,000,000
 * invoices with payments, generated as a CSV file and loaded through the
 * import, on SQLite and PostgreSQL. Timed: the import; aging as of today and as
 * of a year back; one statement; KPIs; the forecast; risk for all customers.
 * The baseline in the same run is what a plain-text-accounting user would run
 * instead: the journal exported (`lunas export journal`) and `ledger bal` and
 * `hledger bal` on the receivable accounts (today, and with an end date a year
 * back). Goals: aging today <= 1 s, a year back <= 3 s, both >= 20x faster than
 * ledger-cli; the import <= 60 s.
 *
 * Environment: BENCH_CUSTOMERS (100000), BENCH_INVOICES (1000000), BENCH_SKIP_PG=1,
 * LUNAS_DATABASE_URL to use an existing PostgreSQL instead of a throwaway cluster.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { forecastReport, kpiReport } from '../src/app/analytics.js';
import { initBusiness } from '../src/app/businesses.js';
import { exportJournal } from '../src/app/export.js';
import { importFile } from '../src/app/imports.js';
import { type StoreLocation, openApp } from '../src/app/open.js';
import { agingReport } from '../src/app/reports.js';
import { riskReport } from '../src/app/risk.js';
import { customerStatement } from '../src/app/statements.js';
import { type CalendarDate, addDays, calendarDate } from '../src/core/dates.js';
import type { Business } from '../src/core/parties.js';
import { getBusiness } from '../src/store/parties-repo.js';
import { findPostgresBin, startCluster } from '../scripts/pg-cluster.mjs';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const INVOICES = Number(process.env.BENCH_INVOICES ?? 1_000_000);
const TODAY = calendarDate('2026-11-20');
const YEAR_BACK = addDays(TODAY, -365);
const HISTORY_DAYS = 730;
const GOALS = { agingToday: 1, agingPast: 3, ratio: 20, import: 60 };

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { value, seconds: seconds(start) };
}

/** A deterministic generator (mulberry32): the same file in every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
}

/**
 * The invoices file: two years of history, most invoices paid (some late, some
 * partly), the recent ones often still open; a few customers always late.
 */
function writeCsv(file: string): { bytes: number; rows: number } {
  const random = generator(2026);
  const fd = fs.openSync(file, 'w');
  let buffer = 'customer_ref,customer_name,invoice_number,issue_date,due_date,amount,paid_date,paid_amount,phone\n';
  let bytes = 0;
  const start = addDays(TODAY, -HISTORY_DAYS);
  for (let i = 0; i < INVOICES; i++) {
    const customer = random(CUSTOMERS);
    const issued = addDays(start, random(HISTORY_DAYS - 1));
    const due = addDays(issued, 14);
    const amount = (random(200) + 1) * 500;
    const habit = customer % 10 === 0 ? 40 : customer % 3 === 0 ? 12 : 0;
    const paidOn = addDays(due, habit + random(20) - 8);
    let paid = '';
    if (paidOn <= TODAY && paidOn >= issued && random(100) < 93) {
      const partly = random(100) < 5;
      paid = `${paidOn},${partly ? Math.floor(amount / 2) : ''}`;
    } else paid = ',';
    const phone = customer % 4 === 0 ? `0812${String(customer).padStart(8, '0')}` : '';
    buffer += `K${customer},Pelanggan ${customer},B${String(i).padStart(8, '0')},${issued},${due},${amount},${paid},${phone}\n`;
    if (buffer.length > 1 << 20) {
      bytes += fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  bytes += fs.writeSync(fd, buffer);
  fs.closeSync(fd);
  return { bytes, rows: INVOICES };
}

interface Figures {
  readonly label: string;
  readonly import: number;
  readonly phases: Record<string, number>;
  readonly agingToday: number;
  readonly agingPast: number;
  readonly statement: number;
  readonly kpis: number;
  readonly forecast: number;
  readonly risk: number;
  readonly receivableToday: number;
  readonly receivablePast: number;
}

async function measure(label: string, location: StoreLocation, csv: string, journalFile?: string): Promise<Figures> {
  const clock = { now: () => new Date(`${TODAY}T05:00:00Z`) };
  const app = await openApp(location, clock, { name: 'bench', role: 'owner' });
  try {
    const created = await initBusiness(app, { name: 'Bench Reports', overdueBlockDays: null });
    if (!created.ok) throw new Error(created.message);
    const business = (await getBusiness(app.store.db, created.value.id)) as Business;
    const bytes = fs.readFileSync(csv);
    const phases: Record<string, number> = {};
    let phase = '';
    let phaseStart = process.hrtime.bigint();
    const imported = await timed(() =>
      importFile(app, business, { kind: 'invoices', fileName: path.basename(csv) }, bytes, (progress) => {
        if (progress.phase === phase) return;
        if (phase) phases[phase] = seconds(phaseStart);
        phase = progress.phase;
        phaseStart = process.hrtime.bigint();
      }),
    );
    if (phase) phases[phase] = seconds(phaseStart);
    if (!imported.value.ok) throw new Error(`import failed: ${imported.value.message}`);
    const report = imported.value.value;
    console.log(
      `${label}: imported ${report.imported} rows (${report.created.customers} customers, ${report.created.invoices} invoices, ` +
        `${report.created.payments} payments) in ${imported.seconds.toFixed(1)} s (${Object.entries(phases)
          .map(([name, value]) => `${name} ${value.toFixed(1)} s`)
          .join(', ')}, statistics after)`,
    );
    if (location.kind === 'postgres') await sql`vacuum analyze`.execute(app.store.db);

    const must = <T>(result: { ok: true; value: T } | { ok: false; message: string }): T => {
      if (!result.ok) throw new Error(result.message);
      return result.value;
    };
    const agingToday = await timed(async () => must(await agingReport(app, business)));
    const agingPast = await timed(async () => must(await agingReport(app, business, { asOf: YEAR_BACK })));
    const busiest = await app.store.db
      .selectFrom('invoices')
      .select('customer_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('business_id', '=', business.id)
      .groupBy('customer_id')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const statement = await timed(async () =>
      must(await customerStatement(app, business, { customer: busiest.customer_id, from: addDays(TODAY, -HISTORY_DAYS) })),
    );
    const kpis = await timed(async () => must(await kpiReport(app, business, {})));
    const forecast = await timed(async () => must(await forecastReport(app, business)));
    const risk = await timed(async () => must(await riskReport(app, business)));
    console.log(
      `${label}: aging today ${agingToday.seconds.toFixed(2)} s (${agingToday.value.customers.length} customers owing ${agingToday.value.totals.outstanding}), ` +
        `a year back ${agingPast.seconds.toFixed(2)} s (owing ${agingPast.value.totals.outstanding}); statement of ${statement.value.lines.length} lines ` +
        `${statement.seconds.toFixed(2)} s; KPIs ${kpis.seconds.toFixed(2)} s (DSO ${kpis.value.business.dsoCountback} d); ` +
        `forecast ${forecast.seconds.toFixed(2)} s; risk for ${risk.value.customers.length} customers ${risk.seconds.toFixed(2)} s`,
    );
    if (journalFile) {
      const chunks: string[] = [];
      const exported = await timed(async () =>
        must(await exportJournal(app, business, 'ledger', (text) => void chunks.push(text))),
      );
      fs.writeFileSync(journalFile, chunks.join(''));
      console.log(`${label}: exported ${exported.value.entries} entries to ${journalFile} in ${exported.seconds.toFixed(1)} s`);
    }
    return {
      label,
      import: imported.seconds,
      phases,
      agingToday: agingToday.seconds,
      agingPast: agingPast.seconds,
      statement: statement.seconds,
      kpis: kpis.seconds,
      forecast: forecast.seconds,
      risk: risk.seconds,
      receivableToday: agingToday.value.totals.outstanding,
      receivablePast: agingPast.value.totals.outstanding,
    };
  } finally {
    await app.close();
  }
}

/** Times a plain-text accounting tool's receivable balance; returns seconds and the total it printed, or undefined. */
function toolBalance(tool: string, file: string, end?: CalendarDate): { seconds: number; total: string } | undefined {
  // ledger-cli and hledger take the same arguments here; --end is exclusive.
  const args = ['-f', file, 'balance', '^Assets:Receivable', '--depth', '2', ...(end ? ['--end', addDays(end, 1)] : [])];
  try {
    const start = process.hrtime.bigint();
    const output = execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
    const lines = output.trim().split('\n');
    return { seconds: seconds(start), total: (lines[lines.length - 1] ?? '').trim() };
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-bench-reports-'));
  try {
    const csv = path.join(dir, 'invoices.csv');
    const written = writeCsv(csv);
    console.log(`Generated ${written.rows} invoice rows for ${CUSTOMERS} customers: ${(written.bytes / 1048576).toFixed(1)} MB`);
    const journal = path.join(dir, 'journal.ledger');
    const results: Figures[] = [];
    results.push(await measure('sqlite  ', { kind: 'sqlite', dataDir: path.join(dir, 'sqlite') }, csv, journal));
    fs.rmSync(path.join(dir, 'sqlite'), { recursive: true, force: true });

    if (process.env.BENCH_SKIP_PG === '1') console.log('PostgreSQL: skipped (BENCH_SKIP_PG=1)');
    else {
      const bin = process.env.LUNAS_DATABASE_URL ? undefined : findPostgresBin();
      if (!process.env.LUNAS_DATABASE_URL && !bin)
        console.log('PostgreSQL: SKIPPED, no PostgreSQL binaries (apt-get install postgresql)');
      else {
        const cluster = bin ? await startCluster(bin) : undefined;
        try {
          const url = process.env.LUNAS_DATABASE_URL ?? (cluster as { url: string }).url;
          const database = `lunas_bench_reports_${process.pid}`;
          const admin = await openApp({ kind: 'postgres', url }, { now: () => new Date() }, { name: 'bench', role: 'owner' });
          await sql.raw(`create database ${database}`).execute(admin.store.db);
          await admin.close();
          const target = new URL(url);
          target.pathname = `/${database}`;
          results.push(await measure('postgres', { kind: 'postgres', url: target.toString() }, csv));
        } finally {
          cluster?.stop();
        }
      }
    }

    const tools: Record<string, { today?: { seconds: number; total: string }; past?: { seconds: number; total: string } }> = {};
    for (const tool of ['ledger', 'hledger']) {
      const today = toolBalance(tool, journal);
      if (!today) {
        console.log(`${tool}: not installed (apt-get install ${tool}): its baseline is SKIPPED`);
        continue;
      }
      tools[tool] = { today, past: toolBalance(tool, journal, YEAR_BACK) };
      console.log(
        `${tool} balance ^Assets:Receivable: today ${today.seconds.toFixed(2)} s (total ${today.total}), ` +
          `to ${YEAR_BACK} ${tools[tool].past?.seconds.toFixed(2)} s (total ${tools[tool].past?.total})`,
      );
    }

    console.log('\nstore     import   aging today  aging -1y  statement  KPIs    forecast  risk');
    for (const r of results)
      console.log(
        `${r.label}  ${r.import.toFixed(1).padStart(6)} s  ${r.agingToday.toFixed(2).padStart(8)} s  ${r.agingPast.toFixed(2).padStart(7)} s  ` +
          `${r.statement.toFixed(2).padStart(7)} s  ${r.kpis.toFixed(2).padStart(5)} s  ${r.forecast.toFixed(2).padStart(6)} s  ${r.risk.toFixed(2).padStart(5)} s`,
      );
    for (const r of results) {
      const verdict = (value: number, goal: number) =>
        `${value.toFixed(2)} s (goal <= ${goal} s: ${value <= goal ? 'met' : 'MISSED'})`;
      console.log(
        `${r.label.trim()}: import ${verdict(r.import, GOALS.import)}; aging today ${verdict(r.agingToday, GOALS.agingToday)}; a year back ${verdict(r.agingPast, GOALS.agingPast)}`,
      );
      for (const [tool, figures] of Object.entries(tools)) {
        if (!figures.today || !figures.past) continue;
        const today = figures.today.seconds / r.agingToday;
        const past = figures.past.seconds / r.agingPast;
        console.log(
          `  vs ${tool}: aging today ${today.toFixed(1)}x faster, a year back ${past.toFixed(1)}x faster (goal >= ${GOALS.ratio}x: ` +
            `${today >= GOALS.ratio && past >= GOALS.ratio ? 'met' : 'MISSED'})`,
        );
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
