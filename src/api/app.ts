/**
 * The HTTP application: middleware (request id and log line, secure headers,
 * body limit), the /api/v1 routes, the OpenAPI document and its page, health
 * and readiness, and one place that turns anything unexpected into a 500 with
 * the request id.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { registerReportRoutes } from './routes-reports.js';
import { secureHeaders } from 'hono/secure-headers';
import { UNAVAILABLE_RETRY_SECONDS, isStoreReachable, unavailableFailure } from '../app/open.js';
import { fail } from '../core/result.js';
import type { ApiDeps, ApiEnv } from './auth.js';
import { renderDocsPage } from './docs-page.js';
import { errorResponse, requestLanguage } from './http-errors.js';
import { type AuthLimits, DEFAULT_AUTH_LIMITS, registerAccessRoutes } from './routes-access.js';
import { registerCollectionRoutes } from './routes-collection.js';
import { registerTemplateRoutes } from './routes-templates.js';
import { registerLedgerRoutes } from './routes-ledger.js';
import { registerMessageRoutes } from './routes-messages.js';
import { registerOwnerRoutes } from './routes-owner.js';
import { render, t } from '../core/i18n/catalogue.js';

/** Bodies larger than this are refused before they are read in full. */
export const BODY_SIZE_MAX_BYTES = 256 * 1024;
/** The largest CSV file the API takes (`POST /imports/{kind}`); the CLI takes files up to IMPORT_BYTES_MAX. */
export const IMPORT_BODY_SIZE_MAX_BYTES = 32 * 1024 * 1024;
export const API_VERSION = '1.0.0';

/** Whether the client closed its connection before sending the whole request. */
function isClientGone(c: Context): boolean {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming !== undefined && !incoming.complete && (incoming.destroyed || incoming.aborted);
}

export function createApi(deps: ApiDeps, limits: AuthLimits = DEFAULT_AUTH_LIMITS): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>();

  app.use('*', async (c, next) => {
    const requestId = randomUUID();
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    const startedMs = performance.now();
    await next();
    deps.logger.info(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - startedMs) * 10) / 10,
      },
      'request',
    );
  });
  // Answers carry people's names, phones and debts: no cache, shared or private, may keep them.
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"] } }));
  const limitTo = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        errorResponse(c, fail('payload_too_large', t('http.body_too_large', { bytes: maxSize }), { limitBytes: maxSize })),
    });
  const jsonLimit = limitTo(BODY_SIZE_MAX_BYTES);
  const importLimit = limitTo(IMPORT_BODY_SIZE_MAX_BYTES);
  // Uploaded import files may be larger than any JSON request; larger still go through the CLI.
  app.use('/api/*', (c, next) => (c.req.path.startsWith('/api/v1/imports/') ? importLimit(c, next) : jsonLimit(c, next)));

  registerAccessRoutes(app, app.openAPIRegistry, limits);
  registerLedgerRoutes(app, app.openAPIRegistry);
  registerCollectionRoutes(app, app.openAPIRegistry);
  registerReportRoutes(app, app.openAPIRegistry);
  registerMessageRoutes(app, app.openAPIRegistry);
  registerTemplateRoutes(app, app.openAPIRegistry);
  registerOwnerRoutes(app, app.openAPIRegistry);

  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Lunas API',
      version: API_VERSION,
      description:
        'Receivables and customer debt. Amounts are integers in the currency minor unit; dates are YYYY-MM-DD in the ' +
        "business's time zone. Errors: {error: {code, message, details}}. Send Idempotency-Key on unsafe requests to make retries safe.",
    },
  };
  app.doc31('/api/v1/openapi.json', documentConfig);
  let docsPage: string | undefined;
  app.get('/api/v1/docs', (c) => {
    docsPage ??= renderDocsPage(app.getOpenAPI31Document(documentConfig) as never);
    return c.html(docsPage);
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    if (!deps.isReady()) return c.json({ ok: false, reason: 'shutting down' }, 503);
    if (await isStoreReachable(deps.app.store)) return c.json({ ok: true });
    deps.logger.warn('readiness check failed: the database does not answer');
    c.header('Retry-After', String(UNAVAILABLE_RETRY_SECONDS));
    return c.json({ ok: false, reason: 'database unavailable' }, 503);
  });
  app.get('/', (c) =>
    c.html(
      '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Lunas</title></head><body style="font-family:system-ui;max-width:40rem;margin:2rem auto">' +
        '<h1>Lunas</h1><p>Piutang dan kasbon pelanggan, tercatat dan tertagih. / Receivables and customer debt, recorded and collected.</p>' +
        '<p>API: <a href="/api/v1/docs">/api/v1/docs</a> · <a href="/api/v1/openapi.json">openapi.json</a></p></body></html>',
    ),
  );

  app.notFound((c) =>
    errorResponse(c, fail('not_found', t('not_found.route', { method: c.req.method, path: c.req.path }), { kind: 'route' })),
  );
  app.onError((error, c) => {
    const requestId = c.get('requestId');
    if (isClientGone(c)) {
      // The client hung up before its request was complete: nobody is there to answer, and it is no bug.
      deps.logger.info({ requestId, method: c.req.method, path: c.req.path, reason: error.message }, 'client went away');
      return c.body(null, 400);
    }
    // The database gone for a moment (a restart, a lock held too long) is not a bug: 503, come back later.
    const unavailable = unavailableFailure(error);
    if (unavailable) {
      deps.logger.warn({ err: error, requestId, method: c.req.method, path: c.req.path }, 'database unavailable');
      return errorResponse(c, unavailable);
    }
    deps.logger.error({ err: error, requestId, method: c.req.method, path: c.req.path }, 'unexpected error');
    return c.json(
      {
        error: {
          code: 'internal_error',
          message: render(t('http.unexpected', { requestId }), { language: requestLanguage(c) }),
          details: { requestId },
        },
      },
      500,
    );
  });
  return app;
}
