/** Commands that read and check: aging, verify; and the demo that fills a new store. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { exportJournal } from '../app/export.js';
import type { AgingReport } from '../core/aging.js';
import { invalid, ok } from '../core/result.js';
import { hasAnyBusiness } from '../app/businesses.js';
import { type DemoSummary, runDemo } from '../app/demo.js';
import { agingReport, verifyLedger, type VerifyReport } from '../app/reports.js';
import { STATEMENT_FORMATS, type StatementFormat, customerStatement, renderStatement } from '../app/statements.js';
import type { Statement } from '../core/statement.js';
import { type Run, defined, integerFlag, speechOf, str, withBusiness } from './command-env.js';
import { type Written, printWritten, tableOrCsvAction, withCsvOptions, writeRendered } from './report-output.js';
import { agingCsv } from '../core/report-csv.js';
import { type Io, type Speech, printJson, table } from './output.js';
import { type Column, type StatementWord, english, t } from '../core/i18n/catalogue.js';

function printAging(io: Io, report: AgingReport, { say, money }: Speech): void {
  const keys = report.buckets.map((bucket) => bucket.key);
  io.out(say(t('cli.aging.title', { date: report.asOf, currency: report.currency })));
  io.out(
    table(
      [
        say(t('label.column', { name: 'customer' })),
        say(t('label.column', { name: 'outstanding' })),
        ...keys.map((key) => say(t('label.bucket', { key }))),
      ],
      [
        ...report.customers.map((row) => [
          row.name,
          money(row.outstanding, report.currency),
          ...keys.map((key) => money(row.byBucket[key] ?? 0, report.currency)),
        ]),
        [
          say(t('label.total')),
          money(report.totals.outstanding, report.currency),
          ...keys.map((key) => money(report.totals.byBucket[key] ?? 0, report.currency)),
        ],
      ],
      new Set(Array.from({ length: keys.length + 1 }, (_, index) => index + 1)),
    ),
  );
}

function printStatement(io: Io, statement: Statement, { say, money }: Speech): void {
  const m = (amount: number) => money(amount, statement.currency);
  const word = (kind: StatementWord) => say(t('statement.kind', { kind }));
  const columns: Column[] = ['date', 'description', 'document', 'charge', 'credit', 'balance'];
  io.out(
    say(
      t('cli.statement.title', {
        business: statement.business.name,
        customer: statement.customer.name,
        from: statement.from,
        to: statement.to,
      }),
    ),
  );
  io.out(
    table(
      columns.map((name) => say(t('label.column', { name }))),
      [
        [statement.from, word('opening'), '', '', '', m(statement.openingBalance)],
        ...statement.lines.map((line) => [
          line.date,
          word(line.kind),
          line.document,
          line.charge ? m(line.charge) : '',
          line.credit ? m(line.credit) : '',
          m(line.balance),
        ]),
        [
          statement.to,
          word('closing'),
          '',
          m(statement.totals.charges),
          m(statement.totals.credits),
          m(statement.closingBalance),
        ],
      ],
      new Set([3, 4, 5]),
    ),
  );
  for (const item of statement.openInvoices)
    io.out(
      say(
        t('cli.statement.open_item', {
          number: item.number,
          due: item.dueDate,
          days: item.daysPastDue,
          outstanding: item.outstanding,
        }),
      ),
    );
}

export function registerReportCommands(program: Command, run: Run): void {
  program
    .command('statement')
    .description(
      'statement of account: opening balance, every entry with the running balance, closing balance, aging of what is open',
    )
    .requiredOption('--customer <nameOrRef>', 'the customer (id or ref)')
    .option('--from <date>', 'YYYY-MM-DD (default: the first of the month of --to)')
    .option('--to <date>', 'YYYY-MM-DD (default: today)')
    .option('--format <format>', 'json, csv or pdf (default: a table for people)')
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(
      run(
        async (env, opts) => {
          const format = str(opts.format);
          if (format !== undefined && !(STATEMENT_FORMATS as readonly string[]).includes(format))
            return invalid({ format: t('field.one_of', { values: STATEMENT_FORMATS }) });
          const result = await withBusiness(env, (business) =>
            customerStatement(env.app, business, {
              customer: str(opts.customer) as string,
              ...defined({ from: str(opts.from), to: str(opts.to) }),
            }),
          );
          if (!result.ok || format === undefined) return result;
          if (format === 'pdf' && str(opts.out) === undefined && process.stdout.isTTY)
            return invalid({ out: t('cli.pdf_out_required') });
          return writeRendered(env.io, await renderStatement(result.value, format as StatementFormat), str(opts.out));
        },
        (io, value: Statement | Written, speech) =>
          'file' in value ? printWritten(io, value, speech) : printStatement(io, value, speech),
      ),
    );

  program
    .command('export')
    .description('export data')
    .command('journal')
    .description('the journal as a plain-text accounting file that ledger-cli and hledger read')
    .option('--format <format>', 'ledger', 'ledger')
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(
      run(async (env, opts) => {
        const out = str(opts.out);
        if (out === undefined) {
          const result = await withBusiness(env, (business) =>
            exportJournal(env.app, business, str(opts.format) ?? 'ledger', (text) => env.io.out(text.replace(/\n$/, ''))),
          );
          return result.ok ? 0 : result;
        }
        let fd: number;
        try {
          fd = fs.openSync(out, 'w');
        } catch (error) {
          return invalid({ out: t('file.cannot_write', { file: `${out}: ${(error as Error).message}` }) });
        }
        try {
          const result = await withBusiness(env, (business) =>
            exportJournal(env.app, business, str(opts.format) ?? 'ledger', (text) => void fs.writeSync(fd, text)),
          );
          return result.ok ? ok({ ...result.value, file: out }) : result;
        } finally {
          fs.closeSync(fd);
        }
      }),
    );

  withCsvOptions(
    program
      .command('aging')
      .description('aging report: what each customer owes by days past due, as the book stood on a date')
      .option('--as-of <date>', 'YYYY-MM-DD (default today)')
      .option('--buckets <days>', 'bucket bounds in days', '30,60,90')
      .option('--status <status>', 'only customers with this status: active, on_hold, in_collection, written_off')
      .option('--tag <tag>', 'only customers with this tag')
      .option('--min-amount <amount>', 'only customers owing at least this (minor units)'),
  ).action(
    tableOrCsvAction(
      run,
      (env, opts, business) =>
        agingReport(env.app, business, {
          asOf: str(opts.asOf),
          buckets: str(opts.buckets),
          status: str(opts.status),
          tag: str(opts.tag),
          minAmount: integerFlag(str(opts.minAmount)),
        }),
      agingCsv,
      printAging,
    ),
  );

  program
    .command('verify')
    .description('recompute every balance from the journal; exit 0 only if all agree')
    .action(
      run(async (env) => {
        const result = await withBusiness(env, (business) => verifyLedger(env.app, business));
        if (!result.ok) return result;
        const report: VerifyReport = result.value;
        if (env.config.json) printJson(env.io, report);
        else {
          const { say } = await speechOf(env);
          env.io.out(say(t('cli.verify.summary', { ok: report.ok, entries: report.entries, receivable: report.receivable })));
          for (const problem of report.problems)
            env.io.out(
              say(
                t('cli.verify.problem', {
                  check: problem.check,
                  object: problem.objectId,
                  expected: problem.expected,
                  actual: problem.actual,
                }),
              ),
            );
        }
        return report.ok ? 0 : 1;
      }),
    );

  program
    .command('demo')
    .description('fill a new store with a believable phone-credit counter (about 40 customers, four months of history)')
    .option('--if-empty', 'do nothing when the store already holds a business')
    .option('--seed <n>', 'random seed', '2026')
    .action(
      run(
        async (env, opts) => {
          if (await hasAnyBusiness(env.app)) {
            if (opts.ifEmpty) return ok({ skipped: true, reason: english(t('cli.store_has_business')) });
            return invalid({ data: t('cli.demo_not_empty') });
          }
          const seed = integerFlag(str(opts.seed));
          if (seed === undefined || !Number.isSafeInteger(seed)) return invalid({ seed: t('field.whole_number') });
          return runDemo(env.app, seed);
        },
        (io, summary: DemoSummary | { skipped: true; reason: string }, { say }) => {
          if ('skipped' in summary) {
            io.out(say(t('cli.demo.skipped')));
            return;
          }
          io.out(
            say(
              t('cli.demo.title', {
                name: summary.business.name,
                id: summary.business.id,
                from: summary.from,
                to: summary.to,
              }),
            ),
          );
          io.out(
            say(
              t('cli.demo.summary', {
                customers: summary.customers,
                sales: summary.sales,
                refused: summary.refusedSales,
                payments: summary.payments,
                creditNotes: summary.creditNotes,
                writeOffs: summary.writeOffs,
              }),
            ),
          );
        },
      ),
    );
}
