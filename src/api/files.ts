/** Answers that are files (CSV, PDF) rather than JSON. */
import type { Context } from 'hono';
import type { ApiEnv } from './auth.js';

/** A rendered report as a download. */
export function fileResponse(c: Context<ApiEnv>, rendered: { contentType: string; body: string | Uint8Array }, fileName: string) {
  return c.body(rendered.body as never, 200, {
    'content-type': rendered.contentType,
    'content-disposition': `attachment; filename="${fileName}"`,
  });
}
