/**
 * Printing results for people or, with --json, for scripts; errors in CONTRACT.md's shape, their
 * message and reasons rendered from the catalogue in the business's language.
 */
import { type Failure, ERROR_CODES, UNEXPECTED, localizeFailure } from '../core/result.js';
import { type RenderContext, type Text, formatAmount, render, t } from '../core/i18n/catalogue.js';
import { DEFAULT_LOCALE } from '../core/parties.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** Messages before a business is chosen (or when none can be) are in the default language. */
export const DEFAULT_RENDER: RenderContext = { language: DEFAULT_LOCALE };

/** Prints a failure in the context's language and returns the exit code its error code maps to. */
export function printFailure(io: Io, unrendered: Failure, json: boolean, context: RenderContext = DEFAULT_RENDER): number {
  const failure = localizeFailure(unrendered, context);
  if (json) {
    io.err(JSON.stringify({ error: { code: failure.code, message: failure.message, details: failure.details } }));
  } else {
    const fields = failure.details.fields as Record<string, string> | undefined;
    const problems = failure.details.problems as { line: number; reason: string }[] | undefined;
    // Each fact once: the lines below say what the message would only repeat.
    const fieldLines = fields ? Object.entries(fields).map(([field, reason]) => `${field}: ${reason}`) : [];
    const messageRepeatsFields = fieldLines.length > 0 && failure.message === fieldLines.join('; ');
    io.err(render(t('cli.error', { code: failure.code, message: messageRepeatsFields ? '' : failure.message }), context));
    if (Array.isArray(problems)) {
      for (const problem of problems) io.err(render(t('cli.problem_line', problem), context));
      const more = Number(failure.details.invalidRows ?? 0) - problems.length;
      if (more > 0) io.err(render(t('cli.more_invalid_rows', { count: more }), context));
    } else if (fields) for (const line of fieldLines) io.err(`  ${line}`);
    else
      for (const [key, value] of Object.entries(failure.details)) {
        if (value === undefined || value === null) continue;
        // Internal ids are for programs (--json has them); the message names things as people do.
        if (typeof value === 'string' && /^[a-z]{3}_[0-9a-z]{10,}$/.test(value)) continue;
        const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
        // A value the message already says (in any language) is not repeated, in English, below it.
        if (!failure.message.includes(text) && !unrendered.message.includes(text)) io.err(`  ${key}: ${text}`);
      }
  }
  return ERROR_CODES[failure.code].exitCode;
}

/** Prints a bug: it is not the user's fault, so it says so and exits 1. */
export function printUnexpected(io: Io, error: unknown, json: boolean): number {
  const message = error instanceof Error ? error.message : String(error);
  if (json) io.err(JSON.stringify({ error: { code: 'internal_error', message, details: {} } }));
  else
    io.err(
      `${render(t('cli.internal_error', { message }), DEFAULT_RENDER)}\n${error instanceof Error && error.stack ? error.stack : ''}`,
    );
  return UNEXPECTED.exitCode;
}

/**
 * What a printer speaks with: catalogue entries and amounts in the language and currency of
 * the business the command ran on (the default language when there is none).
 */
export interface Speech {
  readonly context: RenderContext;
  /** A catalogue entry as a line or a cell. */
  say(text: Text): string;
  /** Minor units in the business's currency (or `currency`), as people read them: `Rp 50.000`. */
  money(amount: number, currency?: string): string;
}

export function speech(context: RenderContext = DEFAULT_RENDER): Speech {
  return {
    context,
    say: (text) => render(text, context),
    money: (amount, currency) => formatAmount(amount, currency ?? context.currency ?? 'IDR', context.language),
  };
}

/** A plain text table: columns padded, numbers right-aligned. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: ReadonlySet<number> = new Set(),
): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
