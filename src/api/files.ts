/** Answers that are files (CSV, PDF) rather than JSON. */
import type { Context } from 'hono';
import type { Result } from '../core/result.js';
import type { ApiEnv } from './auth.js';

/** A rendered report as a download. */
export function fileResponse(c: Context<ApiEnv>, rendered: { contentType: string; body: string | Uint8Array }, fileName: string) {
  return c.body(rendered.body as never, 200, {
    'content-type': rendered.contentType,
    'content-disposition': `attachment; filename="${fileName}"`,
  });
}

const CSV = 'text/csv; charset=utf-8';

/** A report as asked: its JSON result, or with `format=csv` its CSV as a download. */
export function resultOrCsv<T>(
  c: Context<ApiEnv>,
  result: Result<T>,
  format: string | undefined,
  toCsv: (report: T) => string,
  fileName: (report: T) => string,
): Result<T> | Response {
  if (!result.ok || format !== 'csv') return result;
  return fileResponse(c, { contentType: CSV, body: toCsv(result.value) }, fileName(result.value));
}
