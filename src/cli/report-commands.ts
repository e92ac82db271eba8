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
import { type Statement, statementWord } from '../core/statement.js';
import { type Run, defined, integerFlag, str, withBusiness } from './command-env.js';
import { type Written, printWritten, tableOrCsvAction, withCsvOptions, writeRendered } from './report-output.js';
import { agingCsv } from '../core/report-csv.js';
import { type Io, money, printJson, table } from './output.js';
import { t } from '../core/i18n/catalogue.js';

function printAging(io: Io, report: AgingReport): void {
  const keys = report.buckets.map((bucket) => bucket.key);
  io.out(`Aging as of ${report.asOf} (${report.currency})`);
  io.out(
    table(
      ['customer', 'outstanding', ...keys],
      [
        ...report.customers.map((row) => [
          row.name,
          money(row.outstanding, report.currency),
          ...keys.map((key) => money(row.byBucket[key] ?? 0, report.currency)),
        ]),
        [
          'TOTAL',
          money(report.totals.outstanding, report.currency),
          ...keys.map((key) => money(report.totals.byBucket[key] ?? 0, report.currency)),
        ],
      ],
      new Set(Array.from({ length: keys.length + 1 }, (_, index) => index + 1)),
    ),
  );
}

function printStatement(io: Io, statement: Statement): void {
  const locale = statement.business.locale;
  const m = (amount: number) => money(amount, statement.currency);
  io.out(`${statement.business.name}: statement of ${statement.customer.name} from ${statement.from} to ${statement.to}`);
  io.out(
    table(
      ['date', 'description', 'document', 'charge', 'credit', 'balance'],
      [
        [statement.from, statementWord(locale, 'opening'), '', '', '', m(statement.openingBalance)],
        ...statement.lines.map((line) => [
          line.date,
          statementWord(locale, line.kind),
          line.document,
          line.charge ? m(line.charge) : '',
          line.credit ? m(line.credit) : '',
          m(line.balance),
        ]),
        [
          statement.to,
          statementWord(locale, 'closing'),
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
    io.out(`  open: ${item.number} due ${item.dueDate} (${item.daysPastDue} days past due) ${m(item.outstanding)}`);
}

export function registerReportCommands(program: Command, run: Run): void {
  program
    .command('statement')
    .description(
      'statement of account: opening balance, every entry with the running balance, closing balance, aging of what is open',
    )
    .requiredOption('--customer <idOrRef>', 'the customer (id or ref)')
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
        (io, value: Statement | Written) => ('file' in value ? printWritten(io, value) : printStatement(io, value)),
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
          env.io.out(
            `${report.ok ? 'OK' : 'MISMATCH'}: ${report.entries} journal entries, receivable control ${report.receivable} (minor units)`,
          );
          for (const problem of report.problems)
            env.io.out(
              `  ${problem.check} ${problem.objectId}: journal says ${problem.expected}, projection says ${problem.actual}`,
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
            if (opts.ifEmpty) return ok({ skipped: true, reason: 'the store already holds a business' });
            return invalid({ data: t('cli.demo_not_empty') });
          }
          const seed = integerFlag(str(opts.seed));
          if (seed === undefined || !Number.isSafeInteger(seed)) return invalid({ seed: t('field.whole_number') });
          return runDemo(env.app, seed);
        },
        (io, summary: DemoSummary | { skipped: true; reason: string }) => {
          if ('skipped' in summary) {
            io.out(`Demo skipped: ${summary.reason}.`);
            return;
          }
          io.out(`Demo business ${summary.business.name} (${summary.business.id}) from ${summary.from} to ${summary.to}:`);
          io.out(
            `  ${summary.customers} customers, ${summary.sales} credit sales (${summary.refusedSales} refused by the credit check), ${summary.payments} payments, ${summary.creditNotes} credit notes, ${summary.writeOffs} write-off`,
          );
        },
      ),
    );
}
