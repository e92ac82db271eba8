/** Reports and data in and out under /api/v1: import (and the reports that follow). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { Context } from 'hono';
import { importFile } from '../app/imports.js';
import { customerStatement, renderStatement } from '../app/statements.js';
import type { ApiEnv } from './auth.js';
import { defineRoute } from './define.js';
import { present } from './routes-ledger.js';
import * as R from './schemas-reports.js';

type Registry = OpenAPIHono['openAPIRegistry'];

export function registerReportRoutes(app: Hono<ApiEnv>, registry: Registry): void {
  const read = { kind: 'business', permission: 'read' } as const;

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/customers/{id}/statement',
      operationId: 'getStatement',
      summary:
        'Statement of account for a period: opening balance, entries with running balance, closing balance, aging (JSON, CSV or PDF)',
      tag: 'reports',
      access: read,
      params: R.StatementParams,
      query: R.StatementQuery,
      success: {
        status: 200,
        schema: R.Statement,
        description: 'The statement (format=csv: text/csv; format=pdf: application/pdf)',
      },
    },
    async ({ app: ctx, business, params, query, hono }) => {
      const { format, ...period } = query;
      const result = await customerStatement(ctx, business, { customer: params.id, ...present(period) });
      if (!result.ok || format === undefined || format === 'json') return result;
      return fileResponse(hono, await renderStatement(result.value, format), `statement-${result.value.customer.id}.${format}`);
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/imports/{kind}',
      operationId: 'importFile',
      summary: 'Import customers or invoice history from a CSV file (checked whole first; nothing partial; owner only)',
      tag: 'data',
      access: { kind: 'business', permission: 'data.import' },
      params: R.ImportParams,
      query: R.ImportQuery,
      rawBody: {
        contentTypes: ['text/csv', 'text/plain'],
        description: 'The CSV file, UTF-8, header row, separator , or ; (at most 32 MiB; larger files through the CLI)',
      },
      success: { status: 201, schema: R.ImportReport, description: 'What was imported and what was skipped' },
    },
    ({ app: ctx, business, params, query, body }) =>
      importFile(ctx, business, { kind: params.kind, ...present(query) }, body as Uint8Array),
  );
}

/** A rendered report as a download. */
function fileResponse(c: Context<ApiEnv>, rendered: { contentType: string; body: string | Uint8Array }, fileName: string) {
  return c.body(rendered.body as never, 200, {
    'content-type': rendered.contentType,
    'content-disposition': `attachment; filename="${fileName}"`,
  });
}
