/** Message templates under /api/v1 (decision 0019): list, show with a preview, set, reset. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { listTemplates, resetTemplate, setTemplate, showTemplate } from '../app/templates.js';
import { ok } from '../core/result.js';
import type { ApiEnv } from './auth.js';
import { defineRoute } from './define.js';
import { present } from './routes-ledger.js';
import * as T from './schemas-templates.js';

type Registry = OpenAPIHono['openAPIRegistry'];

export function registerTemplateRoutes(app: Hono<ApiEnv>, registry: Registry): void {
  const read = { kind: 'business', permission: 'read' } as const;
  const owner = { kind: 'business', permission: 'business.settings' } as const;
  const lang = (text: string) => text as 'id' | 'en';

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/templates',
      operationId: 'listTemplates',
      summary: 'Every message template in both languages, and whether it is the default or the business’s own',
      tag: 'templates',
      access: read,
      success: { status: 200, schema: T.TemplateList, description: 'The templates' },
    },
    async ({ app: ctx, business }) => {
      const listed = await listTemplates(ctx, business);
      return listed.ok ? ok({ templates: listed.value }) : listed;
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/templates/{purpose}/{lang}',
      operationId: 'getTemplate',
      summary: 'A template: its text, whether it is the default, its variables, and a preview for a real customer',
      tag: 'templates',
      access: read,
      params: T.TemplatePathParams,
      query: T.TemplatePreviewQuery,
      success: { status: 200, schema: T.Template, description: 'The template' },
    },
    ({ app: ctx, business, params, query }) =>
      showTemplate(ctx, business, present({ purpose: params.purpose, lang: lang(params.lang), customer: query.customer })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'put',
      path: '/templates/{purpose}/{lang}',
      operationId: 'setTemplate',
      summary: 'The business’s own wording (owner only); an unknown variable is refused with its position',
      tag: 'templates',
      access: owner,
      params: T.TemplatePathParams,
      body: T.TemplateUpdate,
      success: { status: 200, schema: T.Template, description: 'The template as now in force' },
    },
    ({ app: ctx, business, params, body, idempotencyKey }) =>
      setTemplate(
        ctx,
        business,
        present({ purpose: params.purpose, lang: lang(params.lang), body: body.body, subject: body.subject, idempotencyKey }),
      ),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'delete',
      path: '/templates/{purpose}/{lang}',
      operationId: 'resetTemplate',
      summary: 'Back to the default wording (owner only)',
      tag: 'templates',
      access: owner,
      params: T.TemplatePathParams,
      success: { status: 200, schema: T.Template, description: 'The default template, now in force' },
    },
    ({ app: ctx, business, params, idempotencyKey }) =>
      resetTemplate(ctx, business, present({ purpose: params.purpose, lang: lang(params.lang), idempotencyKey })),
  );
}
