/** The outbox under /api/v1 (issue 13): messages with their text, status and history; retry, cancel, and the tap on a click-to-chat link. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { z } from '@hono/zod-openapi';
import { cancelOutboxMessage, listMessages, openOutboxMessage, retryOutboxMessage, showMessage } from '../app/outbox.js';
import { OUTBOX_STATUSES } from '../core/delivery.js';
import type { ApiEnv } from './auth.js';
import { defineRoute } from './define.js';
import { present } from './routes-ledger.js';
import * as S from './schemas.js';

type Registry = OpenAPIHono['openAPIRegistry'];

const dayOrInstant = z
  .string()
  .max(40)
  .optional()
  .openapi({ description: "a day YYYY-MM-DD (the business's calendar) or an ISO 8601 instant" });

export const MessageQuery = z
  .object({
    ...S.page,
    status: z.enum(OUTBOX_STATUSES).optional(),
    customerId: z.string().max(200).optional().openapi({ description: 'the customer id or ref' }),
    purpose: z.string().max(50).optional().openapi({ description: 'reminder, receipt, …' }),
    from: dayOrInstant,
    to: dayOrInstant,
  })
  .strict();

export const Message = z
  .object({
    id: z.string(),
    shortId: z.string().openapi({ description: 'the tail of the id a person types; accepted wherever the id is' }),
    customerId: z.string(),
    customerName: z.string(),
    customerRef: z.string().nullable(),
    channel: z.string(),
    to: z.string().openapi({ description: 'the phone number (E.164) or email address' }),
    purpose: z.string(),
    language: z.string(),
    subject: z.string().nullable(),
    body: z.string(),
    status: z.enum(OUTBOX_STATUSES),
    attempts: z.number().int(),
    link: z.string().nullable().openapi({ description: 'the https://wa.me/… click-to-chat link, for WhatsApp click-to-chat' }),
    lastError: z.string().nullable(),
    provider: z.string().nullable(),
    notBefore: z.string().nullable(),
    invoiceNumbers: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Message');

export const MessageDetail = Message.extend({
  history: z.array(
    z.object({ at: z.string(), status: z.string(), detail: z.record(z.string(), z.unknown()), actor: z.string() }),
  ),
}).openapi('MessageDetail');

export const MessageCancel = z
  .object({ reason: z.string().max(500).optional() })
  .strict()
  .openapi('MessageCancel');
const NoBody = z.object({}).strict();

export function registerMessageRoutes(app: Hono<ApiEnv>, registry: Registry): void {
  const read = { kind: 'business', permission: 'read' } as const;
  const send = { kind: 'business', permission: 'message.send' } as const;

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/messages',
      operationId: 'listMessages',
      summary: 'Messages to customers, newest first, with their text, channel, recipient and status',
      tag: 'messages',
      access: read,
      query: MessageQuery,
      success: { status: 200, schema: S.pageOf('messages', Message), description: 'A page of messages' },
    },
    ({ app: ctx, business, query }) => {
      const { customerId, ...rest } = query;
      return listMessages(ctx, business, present({ ...rest, customer: customerId }));
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/messages/{id}',
      operationId: 'getMessage',
      summary: 'One message with its whole text, link and history',
      tag: 'messages',
      access: read,
      params: S.IdParam,
      success: { status: 200, schema: MessageDetail, description: 'The message' },
    },
    ({ app: ctx, business, params }) => showMessage(ctx, business, params.id),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/messages/{id}/retry',
      operationId: 'retryMessage',
      summary: 'Queue a failed or cancelled message again',
      tag: 'messages',
      access: send,
      params: S.IdParam,
      body: NoBody,
      success: { status: 200, schema: MessageDetail, description: 'The message, queued' },
      errors: ['message_wrong_status'],
    },
    ({ app: ctx, business, params, idempotencyKey }) =>
      retryOutboxMessage(ctx, business, present({ id: params.id, idempotencyKey })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/messages/{id}/cancel',
      operationId: 'cancelMessage',
      summary: 'Cancel a message that has not gone (queued, waiting to be tapped, or failed), with a reason',
      tag: 'messages',
      access: send,
      params: S.IdParam,
      body: MessageCancel,
      success: { status: 200, schema: MessageDetail, description: 'The message, cancelled' },
      errors: ['message_wrong_status'],
    },
    ({ app: ctx, business, params, body, idempotencyKey }) =>
      cancelOutboxMessage(ctx, business, present({ id: params.id, reason: body.reason, idempotencyKey })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/messages/{id}/open',
      operationId: 'openMessage',
      summary: 'The click-to-chat link was tapped: the message counts as sent by the caller; answers the link (again the same)',
      tag: 'messages',
      access: send,
      params: S.IdParam,
      body: NoBody,
      success: { status: 200, schema: MessageDetail, description: 'The message, sent, with its link' },
      errors: ['message_wrong_status'],
    },
    ({ app: ctx, business, params, idempotencyKey }) =>
      openOutboxMessage(ctx, business, present({ id: params.id, idempotencyKey })),
  );
}
