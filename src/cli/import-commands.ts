/** `lunas import customers|invoices FILE`: CSV in, checked whole before anything is written. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  IMPORT_BYTES_MAX,
  type ImportProgress,
  type RenderedImportReport,
  fileTooLarge,
  importFile,
  renderImportReport,
} from '../app/imports.js';
import { invalid, ok } from '../core/result.js';
import { type Run, str, withBusiness } from './command-env.js';
import { type Io, type Speech, speech } from './output.js';
import { t } from '../core/i18n/catalogue.js';

function printReport(io: Io, report: RenderedImportReport, { say }: Speech): void {
  const { created } = report;
  io.out(
    say(
      t('cli.import.summary', {
        imported: report.imported,
        rows: report.rows,
        kind: report.kind,
        file: report.fileName,
        ...created,
      }),
    ),
  );
  if (report.alreadyThere > 0) io.out(say(t('cli.import.already_there', { count: report.alreadyThere })));
  if (report.invalidRows > 0) {
    io.out(say(t('cli.import.skipped', { count: report.invalidRows })));
    for (const problem of report.invalid) io.out(say(t('cli.problem_line', { line: problem.line, reason: problem.reason })));
    if (report.invalidRows > report.invalid.length)
      io.out(say(t('cli.import.more', { count: report.invalidRows - report.invalid.length })));
  }
  if (report.ignoredColumns.length > 0) io.out(say(t('cli.import.ignored_columns', { columns: report.ignoredColumns })));
}

const BAR_WIDTH = 30;

/** A progress bar on standard error, redrawn in place, when it is a terminal (or when asked). */
function progressBar(enabled: boolean, { say }: Speech): ((progress: ImportProgress) => void) | undefined {
  if (!enabled) return undefined;
  let last = '';
  return (progress) => {
    const share = progress.total === 0 ? 1 : progress.done / progress.total;
    const filled = Math.round(share * BAR_WIDTH);
    const text = `${say(t('cli.import.phase', { phase: progress.phase })).padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%`;
    if (text === last) return;
    last = text;
    process.stderr.write(`\r${text}${progress.phase === 'writing' && share === 1 ? '\n' : ''}`);
  };
}

export function registerImportCommands(program: Command, run: Run): void {
  program
    .command('import')
    .description('import customers or invoice history from a CSV file (checked whole first; nothing partial)')
    .argument('<kind>', 'customers or invoices')
    .argument('<file>', 'the CSV file (UTF-8, header row, separator , or ;)')
    .option('--date-format <format>', 'ymd, dmy or mdy', 'ymd')
    .option('--decimal-separator <sign>', '. or ,', '.')
    .option('--currency <code>', 'currency of rows without a currency column (default: the business currency)')
    .option('--skip-invalid', 'import the valid rows and list the invalid ones')
    .option('--progress', 'show progress even when standard error is not a terminal')
    .action(
      run(async (env, opts, positional) => {
        const [kind, file] = positional as [string, string];
        let bytes: Buffer;
        try {
          const size = fs.statSync(file).size;
          if (size > IMPORT_BYTES_MAX) return fileTooLarge(size);
          bytes = fs.readFileSync(file);
        } catch (error) {
          return invalid({ file: t('file.cannot_read', { file: `${file}: ${(error as Error).message}` }) });
        }
        const showProgress = !env.config.json && (opts.progress === true || process.stderr.isTTY === true);
        return withBusiness(env, async (business) => {
          const context = { language: business.locale, currency: business.currency };
          const report = await importFile(
            env.app,
            business,
            {
              kind: kind as 'customers',
              dateFormat: str(opts.dateFormat) as 'ymd',
              decimalSeparator: str(opts.decimalSeparator) as '.',
              ...(str(opts.currency) === undefined ? {} : { currency: str(opts.currency) }),
              skipInvalid: opts.skipInvalid === true,
              fileName: path.basename(file),
            },
            bytes,
            progressBar(showProgress, speech(context)),
          );
          // Each skipped line's reason in the business's language, in the table and with --json alike.
          return report.ok ? ok(renderImportReport(report.value, context)) : report;
        });
      }, printReport),
    );
}
