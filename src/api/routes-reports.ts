/** Reports and data in and out under /api/v1: import (and the reports that follow). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { importFile } from '../app/imports.js';
import type { ApiEnv } from './auth.js';
import { defineRoute } from './define.js';
import { present } from './routes-ledger.js';
import * as R from './schemas-reports.js';

type Registry = OpenAPIHono['openAPIRegistry'];

export function registerReportRoutes(app: Hono<ApiEnv>, registry: Registry): void {
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
