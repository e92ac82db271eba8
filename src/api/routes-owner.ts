/**
 * The owner's routes of issue 13 under /api/v1: channels (owner only, secrets
 * masked), the communication log, the owner's day, and the providers'
 * webhooks (no sign-in: the provider's signature over the raw body is checked).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from '@hono/zod-openapi';
import { listChannels, setChannel } from '../app/channels.js';
import { NOTE_KINDS, type NoteKind, addNote, listNotes } from '../app/notes.js';
import { ownersDay } from '../app/today.js';
import { handleWebhook } from '../app/webhooks.js';
import { t } from '../core/i18n/catalogue.js';
import { fail, invalid, ok } from '../core/result.js';
import { type ApiEnv, clientAddress } from './auth.js';
import { defineRoute } from './define.js';
import { errorResponse } from './http-errors.js';
import type { RateLimit } from './rate-limit.js';
import { present } from './routes-ledger.js';
import * as S from './schemas.js';
import * as O from './schemas-owner.js';

type Registry = OpenAPIHono['openAPIRegistry'];

/** Webhook requests from one address a minute: a provider sends bursts of statuses, a guesser is slowed. */
export const WEBHOOK_LIMIT: RateLimit = { attemptsMax: 600, windowMs: 60_000 };

function webhookLimit(limit: RateLimit): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const limiter = c.get('deps').limiter;
    const key = clientAddress(c);
    if (!limiter.allow('webhook', key, limit)) {
      const seconds = limiter.waitSeconds('webhook', key);
      c.header('Retry-After', String(seconds));
      return errorResponse(c, fail('rate_limited', t('http.too_many_attempts', { seconds }), { retryAfterSeconds: seconds }));
    }
    await next();
  };
}

/** The webhook request as a provider's parser reads it: method, URL, headers and the raw body. */
async function webhookRequest(c: Context<ApiEnv>, body: Uint8Array | undefined) {
  return {
    method: c.req.method,
    url: c.req.url,
    headers: Object.fromEntries(Object.entries(c.req.header()).map(([name, value]) => [name.toLowerCase(), value])),
    rawBody: Buffer.from(body ?? new Uint8Array()),
  };
}

export function registerOwnerRoutes(app: Hono<ApiEnv>, registry: Registry, limit: RateLimit = WEBHOOK_LIMIT): void {
  const read = { kind: 'business', permission: 'read' } as const;
  const settings = { kind: 'business', permission: 'business.settings' } as const;

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/channels',
      operationId: 'listChannels',
      summary: 'How the business sends: each channel with its provider, rate limit and configuration (secrets masked)',
      tag: 'channels',
      access: settings,
      success: { status: 200, schema: O.ChannelList, description: 'The channels' },
    },
    ({ app: ctx, business }) => listChannels(ctx, business),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'patch',
      path: '/channels',
      operationId: 'setChannel',
      summary: "Set a channel's provider, configuration (checked against the provider's), rate limit, on or off",
      tag: 'channels',
      access: settings,
      body: O.ChannelUpdate,
      success: { status: 200, schema: O.Channel, description: 'The channel as set, secrets masked' },
    },
    ({ app: ctx, business, body, idempotencyKey }) => setChannel(ctx, business, present({ ...body, idempotencyKey })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/customers/{id}/notes',
      operationId: 'listCustomerNotes',
      summary: "A customer's calls, visits, notes and replies, newest first",
      tag: 'customers',
      access: read,
      params: S.IdParam,
      query: O.NoteQuery,
      success: { status: 200, schema: O.NoteList, description: 'The notes' },
    },
    async ({ app: ctx, business, params, query }) => {
      const kinds = query.kind?.split(',').map((kind) => kind.trim());
      if (kinds?.some((kind) => !(NOTE_KINDS as readonly string[]).includes(kind)))
        return invalid({ kind: t('field.one_of', { values: NOTE_KINDS }) });
      return listNotes(ctx, business, params.id, kinds as NoteKind[] | undefined);
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/customers/{id}/notes',
      operationId: 'addCustomerNote',
      summary: 'Record a call (with its outcome), a visit, a note or a reply on the customer timeline',
      tag: 'customers',
      access: { kind: 'business', permission: 'customer.write' },
      params: S.IdParam,
      body: O.NoteCreate,
      success: { status: 201, schema: O.Note, description: 'The note' },
    },
    ({ app: ctx, business, params, body, idempotencyKey }) =>
      addNote(ctx, business, present({ ...body, customer: params.id, idempotencyKey })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/today',
      operationId: 'getToday',
      summary:
        "The owner's day: messages to send by tap, customers to call, promises, plans, reports, disputes, write-offs, failures",
      tag: 'collection',
      access: read,
      success: { status: 200, schema: O.Today, description: 'The lists of the day' },
    },
    ({ app: ctx, business }) => ownersDay(ctx, business),
  );

  app.use('/api/v1/webhooks/*', webhookLimit(limit));
  for (const method of ['get', 'post'] as const)
    defineRoute(
      app,
      registry,
      {
        method,
        path: '/webhooks/{provider}/{businessId}',
        operationId: method === 'get' ? 'verifyWebhook' : 'receiveWebhook',
        summary:
          method === 'get'
            ? "A provider's verification handshake (WhatsApp Cloud API: hub.mode, hub.verify_token, hub.challenge)"
            : "A provider's delivery statuses and customers' replies; signed by the provider (WhatsApp Cloud API: X-Hub-Signature-256)",
        tag: 'webhooks',
        access: { kind: 'public' },
        params: O.WebhookParams,
        ...(method === 'get'
          ? {
              query: z
                .object({
                  'hub.mode': z.string().max(50).optional(),
                  'hub.verify_token': z.string().max(500).optional(),
                  'hub.challenge': z.string().max(500).optional(),
                })
                .strict(),
            }
          : {
              rawBody: {
                contentTypes: ['application/json', 'application/x-www-form-urlencoded'],
                description: "the provider's request, exactly as sent (its signature covers the bytes)",
              },
            }),
        success: { status: 200, schema: O.WebhookAnswer, description: 'Taken (or the handshake answered, as text)' },
        errors: ['unauthenticated', 'rate_limited'],
      },
      async ({ app: ctx, params, body, hono }) => {
        const request = await webhookRequest(hono, body as Uint8Array | undefined);
        const outcome = await handleWebhook(ctx, params.businessId, params.provider, request);
        if (!outcome.ok) return outcome;
        const value = outcome.value;
        if (value.kind === 'challenge') return hono.text(value.body, 200);
        if (value.kind === 'refused') {
          // Logged without the body or its headers' values: they may carry what a secret signs.
          hono.get('deps').logger.warn(
            {
              requestId: hono.get('requestId'),
              provider: params.provider,
              businessId: params.businessId,
              cause: value.cause,
            },
            'webhook refused',
          );
          return fail('unauthenticated', t('webhook.refused'));
        }
        return ok({ ok: true });
      },
    );
}
