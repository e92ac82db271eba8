/** Reports and data in and out under /api/v1: import (and the reports that follow). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { importFile, renderImportReport } from '../app/imports.js';
import { requestLanguage } from './http-errors.js';
import { customerStatement, renderStatement } from '../app/statements.js';
import { forecastReport, kpiReport } from '../app/analytics.js';
import { evaluateRisk, riskReport, riskWarnings } from '../app/risk.js';
import { forecastCsv, kpiCsv, riskCsv } from '../core/report-csv.js';
import type { ApiEnv } from './auth.js';
import { defineRoute } from './define.js';
import { fileResponse, resultOrCsv } from './files.js';
import { ok } from '../core/result.js';
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
      method: 'get',
      path: '/reports/kpis',
      operationId: 'getKpis',
      summary:
        'Receivable KPIs for a period: DSO (simple and countback), CEI, days to pay, days late, on-time share, share over 90 days',
      tag: 'reports',
      access: read,
      query: R.KpiQuery,
      success: {
        status: 200,
        schema: R.KpiReport,
        description: 'The KPIs, for the business and each customer (format=csv: text/csv)',
      },
    },
    async ({ app: ctx, business, query, hono }) => {
      const result = await kpiReport(ctx, business, { from: query.from, to: query.to, customer: query.customerId });
      return resultOrCsv(hono, result, query.format, kpiCsv, (report) => `kpis-${report.to}.csv`);
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/reports/forecast',
      operationId: 'getForecast',
      summary: 'Expected collections for each of the next 12 weeks (customer payment patterns, plans, promises)',
      tag: 'reports',
      access: read,
      query: R.ForecastQuery,
      success: { status: 200, schema: R.Forecast, description: 'The forecast (format=csv: text/csv)' },
    },
    async ({ app: ctx, business, query, hono }) => {
      const result = await forecastReport(ctx, business);
      return resultOrCsv(hono, result, query.format, forecastCsv, (report) => `forecast-${report.asOf}.csv`);
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/reports/risk',
      operationId: 'getRisk',
      summary: 'Risk score of every customer (0 safe to 100 risky) with its level and reasons, as of a date',
      tag: 'reports',
      access: read,
      query: R.RiskQuery,
      success: { status: 200, schema: R.RiskReport, description: 'The scores, riskiest first (format=csv: text/csv)' },
    },
    async ({ app: ctx, business, query, hono }) => {
      const result = await riskReport(ctx, business, { asOf: query.asOf, customer: query.customerId });
      return resultOrCsv(hono, result, query.format, riskCsv, (report) => `risk-${report.asOf}.csv`);
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/reports/risk/warnings',
      operationId: 'getRiskWarnings',
      summary: 'Early warning: customers whose risk score rose by 10 or more',
      tag: 'reports',
      access: read,
      query: R.RiskWarningsQuery,
      success: { status: 200, schema: R.RiskWarnings, description: 'The customers whose score rose, most first' },
    },
    ({ app: ctx, business, query }) => riskWarnings(ctx, business, query),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/reports/risk/evaluation',
      operationId: 'getRiskEvaluation',
      summary: 'How well scores on a past date ranked the customers who then paid late (AUC), beside the late-share baseline',
      tag: 'reports',
      access: read,
      query: R.RiskEvaluationQuery,
      success: { status: 200, schema: R.RiskEvaluation, description: 'The evaluation' },
    },
    ({ app: ctx, business, query }) => evaluateRisk(ctx, business, query),
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
    async ({ app: ctx, business, params, query, body, hono }) => {
      const report = await importFile(ctx, business, { kind: params.kind, ...present(query) }, body as Uint8Array);
      // Each skipped line's reason in the language the request asked for (else the business's).
      return report.ok
        ? ok(renderImportReport(report.value, { language: requestLanguage(hono), currency: business.currency }))
        : report;
    },
  );
}
