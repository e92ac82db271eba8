/** How reports leave the command: a table for people, or CSV (or a rendered file) on standard output or in --out. */
import fs from 'node:fs';
import type { Command } from 'commander';
import type { Business } from '../core/parties.js';
import { type Result, invalid, ok } from '../core/result.js';
import { type CommandEnv, type Options, type Run, str, withBusiness } from './command-env.js';
import type { Io, Speech } from './output.js';
import { t } from '../core/i18n/catalogue.js';

/** What writing a report to --out answers. */
export interface Written {
  readonly file: string;
  readonly bytes: number;
}

/** The --format of a report that people read as a table by default: 'table' or 'csv', or why not. */
export function reportFormat(opts: Options): 'table' | 'csv' | Result<never> {
  const format = str(opts.format);
  if (format === undefined) return 'table';
  if (format === 'csv') return 'csv';
  return invalid({ format: t('field.one_of', { values: ['csv'] }) });
}

/** Writes a rendered report to --out, or to standard output. */
export function writeRendered(
  io: Io,
  rendered: { body: string | Uint8Array },
  out: string | undefined,
): Result<{ file: string; bytes: number }> | 0 {
  if (out === undefined) {
    if (typeof rendered.body === 'string') io.out(rendered.body.replace(/\r?\n$/, ''));
    else process.stdout.write(rendered.body);
    return 0;
  }
  try {
    fs.writeFileSync(out, rendered.body);
  } catch (error) {
    return invalid({ out: t('file.cannot_write', { file: `${out}: ${(error as Error).message}` }) });
  }
  return ok({
    file: out,
    bytes: typeof rendered.body === 'string' ? Buffer.byteLength(rendered.body) : rendered.body.byteLength,
  });
}

export function printWritten(io: Io, written: Written, { say }: Speech): void {
  io.out(say(t('cli.written', { file: written.file, bytes: written.bytes })));
}

function isWritten(value: unknown): value is Written {
  return typeof value === 'object' && value !== null && 'file' in value && 'bytes' in value;
}

/** Adds --format csv and --out to a report command. */
export function withCsvOptions(command: Command): Command {
  return command
    .option('--format <format>', 'csv (default: a table for people)')
    .option('--out <file>', 'write to this file (default: standard output)');
}

/**
 * The action of a report read as a table by default or as CSV with --format csv:
 * `load` computes it in the chosen business, `toCsv` and `print` render it.
 */
export function tableOrCsvAction<T>(
  run: Run,
  load: (env: CommandEnv, opts: Options, business: Business) => Promise<Result<T>>,
  toCsv: (report: T) => string,
  print: (io: Io, report: T, speech: Speech) => void,
) {
  return run(
    async (env, opts) => {
      const format = reportFormat(opts);
      if (typeof format !== 'string') return format;
      const result = await withBusiness(env, (business) => load(env, opts, business));
      if (!result.ok || format === 'table') return result;
      return writeRendered(env.io, { body: toCsv(result.value) }, str(opts.out));
    },
    (io, value: T | Written, speech) => (isWritten(value) ? printWritten(io, value, speech) : print(io, value as T, speech)),
  );
}
