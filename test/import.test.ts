/**
 * Import from CSV on both stores: a good file lands whole and ties out; a bad
 * file is refused with every bad line named and changes nothing; the same file
 * twice creates nothing new; skip-invalid imports the rest; binary, non-UTF-8
 * and oversized files are refused before any row is read. And through the CLI.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { collect } from '../src/app/collection.js';
import { IMPORT_BYTES_MAX, importFile } from '../src/app/imports.js';
import { recordSale } from '../src/app/invoices.js';
import { setPolicy } from '../src/app/policies.js';
import { agingReport, verifyLedger } from '../src/app/reports.js';
import type { OpenApp } from '../src/app/open.js';
import { openApi, signUpOwner } from './api-helpers.js';
import { main } from '../src/cli/main.js';
import { DIALECTS, freshDataDir, must, openWithBusiness } from './helpers.js';

const run = promisify(execFile);
const LUNAS = path.resolve('bin/lunas');
// The fixed clock of openWithBusiness: 2026-03-02.
const HEADER = 'customer_ref,customer_name,invoice_number,issue_date,due_date,amount,paid_date,paid_amount,disputed,phone';
const GOOD = [
  HEADER,
  'C1,Budi,INV-2026-000040,2026-01-02,2026-01-16,150000,2026-01-20,,no,0812 3456 7890',
  'C1,Budi,B-2,2026-02-01,2026-02-15,200000,,,yes,',
  'C2,Ani,B-3,2026-02-05,2026-02-20,"50000",2026-02-25,20000,,',
  'C3,Citra,B-4,2025-12-01,2025-12-15,80000,,,,',
].join('\n');

const enc = (text: string) => Buffer.from(text, 'utf8');

async function tableCounts(app: OpenApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['customers', 'invoices', 'invoice_lines', 'journal_entries', 'journal_lines', 'payments', 'disputes'])
    counts[table] = Number(
      (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(app.store.db)).rows[0]?.n,
    );
  return counts;
}

for (const dialect of DIALECTS)
  describe(`import on ${dialect.name}`, () => {
    async function fresh() {
      return openWithBusiness(await dialect.location());
    }

    it('imports a file whole: customers, invoices, payments and disputes that tie out to the journal', async () => {
      const { app, business } = await fresh();
      const report = must(await importFile(app, business, { kind: 'invoices', fileName: 'history.csv' }, enc(GOOD)));
      expect(report).toMatchObject({
        rows: 4,
        imported: 4,
        alreadyThere: 0,
        invalidRows: 0,
        created: { customers: 3, invoices: 4, payments: 2, disputes: 1 },
      });
      expect(must(await verifyLedger(app, business)).ok).toBe(true);
      const aging = must(await agingReport(app, business, { asOf: '2026-03-02' }));
      expect(aging.totals.outstanding).toBe(200_000 + 30_000 + 80_000);
      expect(Object.fromEntries(aging.customers.map((row) => [row.name, row.outstanding]))).toEqual({
        Budi: 200_000,
        Ani: 30_000,
        Citra: 80_000,
      });
      // As the book stood before the payment, Budi's first invoice was still owed.
      expect(must(await agingReport(app, business, { asOf: '2026-01-19' })).totals.outstanding).toBe(150_000 + 80_000);
      const budi = await app.store.db.selectFrom('customers').selectAll().where('ref', '=', 'C1').executeTakeFirstOrThrow();
      expect(budi.phone).toBe('+6281234567890');
      // The imported number INV-2026-000040 moved the sequence: the next sale does not collide.
      const sale = must(await recordSale(app, business, { customer: 'C2', amount: 1_000 }));
      expect(sale.number).toBe('INV-2026-000041');
      const audit = await app.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'import.invoices').execute();
      expect(audit).toHaveLength(1);
      await app.close();
    });

    it('writes a file of several chunks whole, ties out, and re-imports as nothing new', async () => {
      const { app, business } = await fresh();
      const rows = Array.from({ length: 45_000 }, (_, i) => {
        const day = String(1 + (i % 28)).padStart(2, '0');
        const paid = i % 3 === 0 ? `2026-02-${day}` : '';
        return `K${i % 700},Pelanggan ${i % 700},N${i},2026-01-${day},2026-02-${day},${1_000 + (i % 50)},${paid},,,`;
      });
      const file = enc(`${HEADER}\n${rows.join('\n')}\n`);
      const report = must(await importFile(app, business, { kind: 'invoices' }, file));
      expect(report.created).toEqual({ customers: 700, invoices: 45_000, payments: 15_000, disputes: 0 });
      expect(must(await verifyLedger(app, business))).toMatchObject({ ok: true, entries: 60_000 });
      const owed = rows.reduce((sum, _row, i) => sum + (i % 3 === 0 ? 0 : 1_000 + (i % 50)), 0);
      expect(must(await agingReport(app, business)).totals.outstanding).toBe(owed);
      expect(must(await importFile(app, business, { kind: 'invoices' }, file))).toMatchObject({
        imported: 0,
        alreadyThere: 45_000,
      });
      await app.close();
    });

    it('importing the same file twice creates nothing new', async () => {
      const { app, business } = await fresh();
      must(await importFile(app, business, { kind: 'invoices' }, enc(GOOD)));
      const before = await tableCounts(app);
      const again = must(await importFile(app, business, { kind: 'invoices' }, enc(GOOD)));
      expect(again).toMatchObject({ imported: 0, alreadyThere: 4, created: { customers: 0, invoices: 0, payments: 0 } });
      expect(await tableCounts(app)).toEqual(before);
      // A later file for the same customers adds to their balances.
      must(await importFile(app, business, { kind: 'invoices' }, enc(`${HEADER}\nC3,Citra,B-9,2026-02-01,2026-02-10,5000,,,,`)));
      const citra = await app.store.db.selectFrom('customers').selectAll().where('ref', '=', 'C3').executeTakeFirstOrThrow();
      expect(Number(citra.balance_minor)).toBe(85_000);
      expect(must(await verifyLedger(app, business)).ok).toBe(true);
      await app.close();
    });

    it('refuses a file with bad rows, names every one by line, and writes nothing', async () => {
      const { app, business } = await fresh();
      const before = await tableCounts(app);
      const bad = `${GOOD}\nC4,Dedi,B-5,2026-02-30,2026-03-01,1000,,,,\nC5,Eka,B-3,2026-02-01,2026-02-10,1000,,,,\nC6,Fajar,B-6,2026-02-01,2026-02-10,10.5,,,,`;
      const refused = await importFile(app, business, { kind: 'invoices' }, enc(bad));
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.code).toBe('validation_failed');
      expect(refused.message).toContain('3 of 7 rows are invalid; nothing was imported');
      expect(refused.details.problems).toEqual([
        { line: 6, reason: "issue_date: '2026-02-30' is not a date in the ymd format (like 2026-03-31)" },
        { line: 7, reason: 'invoice_number: B-3 is already on line 4' },
        { line: 8, reason: "amount: '10.5' has more decimals than IDR allows" },
      ]);
      expect(await tableCounts(app)).toEqual(before);

      const skipped = must(await importFile(app, business, { kind: 'invoices', skipInvalid: true }, enc(bad)));
      expect(skipped).toMatchObject({ rows: 7, imported: 4, invalidRows: 3 });
      expect(skipped.invalid.map((problem) => problem.line)).toEqual([6, 7, 8]);
      expect(must(await verifyLedger(app, business)).ok).toBe(true);
      await app.close();
    });

    it('refuses binary, non-UTF-8, empty and oversized files before reading rows', async () => {
      const { app, business } = await fresh();
      const before = await tableCounts(app);
      const reasons = async (bytes: Uint8Array, kind: 'invoices' | 'customers' = 'invoices') => {
        const result = await importFile(app, business, { kind }, bytes);
        expect(result.ok).toBe(false);
        return result.ok ? '' : result.message;
      };
      const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]); // an .xlsx file starts so
      expect(await reasons(zip)).toBe(
        'line 1: the file is binary, not CSV text (a NUL byte): save it from the spreadsheet as "CSV UTF-8"; nothing was imported',
      );
      const latin1 = Buffer.concat([enc(`${HEADER}\nC1,Jos`), Buffer.from([0xe9]), enc(',X,2026-01-01,2026-01-02,5,,,,')]);
      expect(await reasons(latin1)).toContain('line 2: the line is not UTF-8 text');
      expect(await reasons(enc(''))).toContain('the file is empty');
      expect(await reasons(enc(`${HEADER}\n`))).toContain('the file has a header but no rows');
      expect(await reasons(enc('customer_ref;customer_name\nC1;Budi\n'))).toContain('missing columns invoice_number');
      expect(await reasons(new Uint8Array(IMPORT_BYTES_MAX + 1))).toBe(
        'the file is 128 MB; an import takes at most 128 MB: split it into smaller files',
      );
      expect(await tableCounts(app)).toEqual(before);
      await app.close();
    });

    it('imports customers, leaving refs already in the book alone', async () => {
      const { app, business } = await fresh();
      const file =
        'customer_ref;customer_name;phone;credit_limit;terms_days;tags\nK1;Warung Sari;0813 1111 2222;500000;14;Grosir vip\nK2;Toko Jaya;;;;\n';
      expect(must(await importFile(app, business, { kind: 'customers' }, enc(file)))).toMatchObject({
        imported: 2,
        created: { customers: 2 },
      });
      expect(must(await importFile(app, business, { kind: 'customers' }, enc(file)))).toMatchObject({
        imported: 0,
        alreadyThere: 2,
      });
      const sari = await app.store.db.selectFrom('customers').selectAll().where('ref', '=', 'K1').executeTakeFirstOrThrow();
      expect([sari.name, sari.phone, Number(sari.credit_limit_minor), sari.terms_days, sari.tags]).toEqual([
        'Warung Sari',
        '+6281311112222',
        500_000,
        14,
        '["grosir","vip"]',
      ]);
      // Aging keeps only the customers with the tag asked for.
      must(await recordSale(app, business, { customer: 'K1', amount: 7_000 }));
      must(await recordSale(app, business, { customer: 'K2', amount: 9_000 }));
      const vip = must(await agingReport(app, business, { tag: 'VIP' }));
      expect([vip.customers.map((row) => row.name), vip.totals.outstanding]).toEqual([['Warung Sari'], 7_000]);
      const badTag = await agingReport(app, business, { tag: 'no spaces' });
      expect(badTag.ok || badTag.details.fields).toEqual({ tag: "'no spaces' is not a tag: letters, digits, - and _ only" });
      const refusedTags = await importFile(
        app,
        business,
        { kind: 'customers' },
        enc('customer_ref,customer_name,tags\nK9,X,ok b@d\n'),
      );
      expect(refusedTags.ok || refusedTags.details.problems).toEqual([
        { line: 2, reason: "tags: 'b@d' is not a tag: letters, digits, - and _ only" },
      ]);
      const twice = await importFile(app, business, { kind: 'customers' }, enc('customer_ref,customer_name\nK3,A\nK3,B\n'));
      expect(twice.ok || twice.details.problems).toEqual([{ line: 3, reason: 'customer_ref: K3 is already on line 2' }]);
      await app.close();
    });

    it('issue 11 defect 11: imports a real history: disputed-then-paid rows and Excel amounts (1.500.000,00)', async () => {
      const { app, business } = await fresh();
      const file = [
        'customer_ref;customer_name;invoice_number;issue_date;due_date;amount;paid_date;paid_amount;disputed',
        'H1;Toko Maju;H-1;02/01/2026;16/01/2026;1.500.000,00;10/02/2026;;ya',
        'H1;Toko Maju;H-2;05/01/2026;19/01/2026;250.000,00;;;yes',
      ].join('\n');
      const report = must(
        await importFile(app, business, { kind: 'invoices', dateFormat: 'dmy', decimalSeparator: ',' }, enc(file)),
      );
      expect(report.created).toMatchObject({ invoices: 2, payments: 1, disputes: 2 });
      const disputes = await app.store.db
        .selectFrom('disputes')
        .innerJoin('invoices', 'invoices.id', 'disputes.invoice_id')
        .select([
          'invoices.number',
          'invoices.dispute_id',
          'disputes.id',
          'disputes.status',
          'disputes.opened_on',
          'disputes.closed_on',
        ])
        .orderBy('invoices.number')
        .execute();
      // The paid one is history (opened and closed: it suspends nothing); the unpaid one is still open.
      expect(disputes.map((row) => [row.number, row.status, row.opened_on, row.closed_on, row.dispute_id === row.id])).toEqual([
        ['H-1', 'resolved', '2026-01-02', '2026-02-10', false],
        ['H-2', 'open', '2026-03-02', null, true],
      ]);
      const amounts = await app.store.db
        .selectFrom('invoices')
        .select(['number', 'total_minor', 'outstanding_minor'])
        .orderBy('number')
        .execute();
      expect(amounts.map((row) => [row.number, Number(row.total_minor), Number(row.outstanding_minor)])).toEqual([
        ['H-1', 1_500_000, 0],
        ['H-2', 250_000, 250_000],
      ]);
      expect(must(await verifyLedger(app, business)).ok).toBe(true);
      await app.close();
    });

    it('charges no late fees for periods that started before the import; the disputed invoice gets none', async () => {
      const { app, business, clock } = await fresh();
      must(
        await setPolicy(app, business, {
          policy: { lateFee: { kind: 'flat', amount: 1_000, period: 'week', capAmount: null } },
        }),
      );
      must(await importFile(app, business, { kind: 'invoices' }, enc(GOOD)));
      const day = must(await collect(app, business, {}));
      // C3's invoice is 11 weeks overdue and B-3's 10 days, but only the periods from the import on count: none started today.
      expect(day.fees).toEqual([]);
      // A week on, each overdue invoice not in dispute gets one fee: B-4 (Citra) and B-3 (Ani), not B-2 (Budi's, disputed).
      clock.advanceMs(7 * 86_400_000);
      const week = must(await collect(app, business, {}));
      const numbers = await app.store.db.selectFrom('invoices').select(['id', 'number']).execute();
      const numberOf = new Map(numbers.map((row) => [row.id, row.number]));
      const fees = [...week.fees, ...(week.caughtUp ?? []).flatMap((day) => day.fees)];
      expect(fees.map((fee) => [numberOf.get(fee.invoiceId), fee.amount]).sort()).toEqual([
        ['B-3', 1_000],
        ['B-4', 1_000],
      ]);
      expect(must(await verifyLedger(app, business)).ok).toBe(true);
      await app.close();
    });
  });

describe('lunas import (CLI)', () => {
  const env = { ...process.env, LUNAS_NOW: '2026-03-02T03:00:00Z' };
  async function lunas(dataDir: string, args: string[]) {
    try {
      const { stdout, stderr } = await run(LUNAS, ['--data', dataDir, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('imports, lists bad lines on refusal with exit 2, and refuses a 200 MB file by its size', async () => {
    const dir = freshDataDir();
    expect((await lunas(dir, ['init', '--name', 'Toko'])).code).toBe(0);
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, GOOD);
    const imported = await lunas(dir, ['--json', 'import', 'invoices', good]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ fileName: 'good.csv', imported: 4 });
    expect((await lunas(dir, ['import', 'invoices', good])).stdout).toContain('4 baris sudah ada di pembukuan dan dibiarkan.');

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, `${HEADER}\nC9,Z,Z-1,2026-01-01,2026-01-05,-5,,,,\nC9,Z,Z-2,2026-01-01,2026-01-05,5,2026-01-03,9,,\n`);
    const refused = await lunas(dir, ['import', 'invoices', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('2 dari 2 baris tidak valid; tidak ada yang diimpor');
    expect(refused.stderr).toContain("baris 2: amount: '-5' negatif: impor mencatat apa yang sudah dijual dan dibayar");
    expect(refused.stderr).toContain('baris 3: paid_amount: melebihi jumlah faktur');

    const huge = path.join(dir, 'huge.csv');
    fs.closeSync(fs.openSync(huge, 'w'));
    fs.truncateSync(huge, 200 * 1024 * 1024); // sparse: 200 MB on paper, nothing on disk
    const tooBig = await lunas(dir, ['import', 'invoices', huge]);
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toContain('berkas berukuran 200 MB; impor paling besar 128 MB: pecah menjadi berkas yang lebih kecil');
    const verify = await lunas(dir, ['verify']);
    expect(verify.code).toBe(0);
  });
});

describe('import over the API', () => {
  it('imports a text/csv body, refuses bad rows by line with 400, other types with 415 and files over 32 MiB with 413', async () => {
    const api = await openApi(DIALECTS[0] as (typeof DIALECTS)[number]);
    const owner = await signUpOwner(api, `import-${Date.now()}@example.com`, 'Toko Impor');
    const as = { session: owner.session };
    const send = (body: string, contentType = 'text/csv', query = '') =>
      api.call('POST', `/api/v1/imports/invoices${query}`, { raw: body, headers: { 'content-type': contentType }, as });
    const created = await send(GOOD, 'text/csv; charset=utf-8', '?fileName=good.csv');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ fileName: 'good.csv', imported: 4, created: { customers: 3 } });
    const refused = await send(`${HEADER}\nC9,Z,Z-1,2026-01-01,2026-01-05,-5,,,,\n`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.problems).toEqual([
      { line: 2, reason: "amount: '-5' negatif: impor mencatat apa yang sudah dijual dan dibayar" },
    ]);
    const skipped = await send(
      `${HEADER}\nC9,Z,Z-1,2026-01-01,2026-01-05,-5,,,,\nC9,Z,Z-2,2026-01-01,2026-01-05,5,,,,\n`,
      'text/csv',
      '?skipInvalid=true',
    );
    expect(skipped.body).toMatchObject({ imported: 1, invalidRows: 1 });
    expect((await send(GOOD, 'application/json')).status).toBe(415);
    expect((await send('x'.repeat(32 * 1024 * 1024 + 1))).status).toBe(413);
    const staff = await api.call('POST', '/api/v1/tokens', { body: { role: 'staff' }, as });
    const forbidden = await api.call('POST', '/api/v1/imports/invoices', {
      raw: GOOD,
      headers: { 'content-type': 'text/csv' },
      as: { token: staff.body.token },
    });
    expect(forbidden.status).toBe(403);
    await api.close();
  });
});

describe('import reasons in the reader language', () => {
  const BAD_ROWS = `${HEADER}\nC9,Z,Z-1,2026-01-01,2026-01-05,-5,,,,\nC9,Z,Z-2,2026-01-01,2026-01-05,5,,,,\n`;

  async function cli(dataDir: string, args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['--data', dataDir, ...args],
      { LUNAS_NOW: '2026-03-02T03:00:00Z' },
      {
        out: (text) => out.push(text),
        err: (text) => err.push(text),
      },
    );
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it('issue 11 defect 13: import line reasons are in the business language in the CLI and the API', async () => {
    const dir = freshDataDir();
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, BAD_ROWS);
    await cli(dir, ['init', '--name', 'Konter Pulsa Berkah']);
    const skipped = await cli(dir, ['import', 'invoices', file, '--skip-invalid']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('1 dari 2 baris faktur diimpor dari bad.csv');
    expect(skipped.stdout).toContain("  baris 2: amount: '-5' negatif: impor mencatat apa yang sudah dijual dan dibayar");
    const json = await cli(dir, ['--json', 'import', 'invoices', file, '--skip-invalid']);
    expect(JSON.parse(json.stdout).invalid).toEqual([
      { line: 2, reason: "amount: '-5' negatif: impor mencatat apa yang sudah dijual dan dibayar" },
    ]);

    const englishDir = freshDataDir();
    const englishFile = path.join(englishDir, 'bad.csv');
    fs.writeFileSync(englishFile, BAD_ROWS);
    await cli(englishDir, ['init', '--name', 'Corner Shop', '--locale', 'en']);
    const refused = await cli(englishDir, ['import', 'invoices', englishFile]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("line 2: amount: '-5' is negative: an import records what was sold and paid");

    const api = await openApi(DIALECTS[0] as (typeof DIALECTS)[number]);
    const owner = await signUpOwner(api, `import-lang-${Date.now()}@example.com`, 'Toko Bahasa');
    const send = (headers: Record<string, string>) =>
      api.call('POST', '/api/v1/imports/invoices?skipInvalid=true', {
        raw: BAD_ROWS.replace(/Z-/g, `L${Object.keys(headers).length}-`),
        headers: { 'content-type': 'text/csv', ...headers },
        as: { session: owner.session },
      });
    const inIndonesian = await send({});
    expect(inIndonesian.status).toBe(201);
    expect(inIndonesian.body.invalid).toEqual([
      { line: 2, reason: "amount: '-5' negatif: impor mencatat apa yang sudah dijual dan dibayar" },
    ]);
    const inEnglish = await send({ 'accept-language': 'en' });
    expect(inEnglish.body.invalid).toEqual([
      { line: 2, reason: "amount: '-5' is negative: an import records what was sold and paid" },
    ]);
    await api.close();
  });
});
