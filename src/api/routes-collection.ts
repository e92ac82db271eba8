/** The collection engine under /api/v1: policy, the run, promises, disputes, reported payments, plans, timeline. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { z } from '@hono/zod-openapi';
import { collect } from '../app/collection.js';
import {
  createPlan,
  customerTimeline,
  listDisputes,
  listPromises,
  listReports,
  openDispute,
  recordPromise,
  reportPayment,
  settleDispute,
  verifyPendingPayment,
} from '../app/commitments.js';
import { waiveFee } from '../app/fee-waivers.js';
import { setPolicy, showPolicy } from '../app/policies.js';
import type { ApiEnv } from './auth.js';
import { defineRoute } from './define.js';
import { present } from './routes-ledger.js';
import * as S from './schemas.js';
import * as C from './schemas-collection.js';
import { TimelineQuery } from './schemas-owner.js';
import type { TimelineGroup } from '../app/timeline.js';

type Registry = OpenAPIHono['openAPIRegistry'];

export function registerCollectionRoutes(app: Hono<ApiEnv>, registry: Registry): void {
  const read = { kind: 'business', permission: 'read' } as const;
  const manage = { kind: 'business', permission: 'collection.manage' } as const;

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/policy',
      operationId: 'getPolicy',
      summary: "The collection policy in force (the business's, or a customer's own) with its history",
      tag: 'collection',
      access: read,
      query: C.PolicyQuery,
      success: { status: 200, schema: C.Policy, description: 'The policy' },
    },
    ({ app: ctx, business, query }) => showPolicy(ctx, business, query.customerId),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'patch',
      path: '/policy',
      operationId: 'updatePolicy',
      summary: 'Write a new version of the policy; sections left out keep their value (owner only)',
      tag: 'collection',
      access: { kind: 'business', permission: 'business.settings' },
      body: C.PolicyUpdate,
      success: { status: 200, schema: C.Policy, description: 'The new version' },
    },
    ({ app: ctx, business, body, idempotencyKey }) =>
      setPolicy(
        ctx,
        business,
        present({ customer: body.customerId, policy: body.policy as never, reason: body.reason, idempotencyKey }),
      ),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/collection/run',
      operationId: 'runCollection',
      summary: 'Run the collection for a day (missed days first); a dry run only says what it would do',
      tag: 'collection',
      access: { kind: 'business', permission: 'collection.run' },
      body: C.RunRequest,
      success: { status: 200, schema: C.RunReport, description: 'What this run newly did (a second run of a day: empty lists)' },
    },
    ({ app: ctx, business, body }) => collect(ctx, business, present(body)),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/invoices/{id}/fee-waivers',
      operationId: 'waiveFee',
      summary: "Waive one period's late fee on an open invoice, with a reason (owner only)",
      tag: 'collection',
      access: { kind: 'business', permission: 'invoice.correct' },
      params: S.IdParam,
      body: C.FeeWaiverCreate,
      success: { status: 201, schema: C.FeeWaiver, description: 'The waiver' },
      errors: ['invoice_not_open'],
    },
    ({ app: ctx, business, params, body, idempotencyKey }) =>
      waiveFee(ctx, business, present({ invoice: params.id, period: body.period, reason: body.reason, idempotencyKey })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/promises',
      operationId: 'createPromise',
      summary: "Record a customer's promise to pay: reminders pause until the date (and grace)",
      tag: 'collection',
      access: manage,
      body: C.PromiseCreate,
      success: { status: 201, schema: C.PromiseToPay, description: 'The promise' },
    },
    ({ app: ctx, business, body, idempotencyKey }) =>
      recordPromise(
        ctx,
        business,
        present({
          customer: body.customerId,
          date: body.date,
          amount: body.amount,
          channel: body.channel,
          note: body.note,
          idempotencyKey,
        }),
      ),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/invoices/{id}/dispute',
      operationId: 'openDispute',
      summary: 'Mark an open invoice disputed: its reminders and fees pause',
      tag: 'collection',
      access: manage,
      params: S.IdParam,
      body: C.DisputeCreate,
      success: { status: 201, schema: C.Dispute, description: 'The dispute' },
      errors: ['invoice_not_open'],
    },
    ({ app: ctx, business, params, body, idempotencyKey }) =>
      openDispute(ctx, business, present({ invoice: params.id, reason: body.reason, idempotencyKey })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/disputes/{id}/close',
      operationId: 'closeDispute',
      summary: 'Resolve a dispute by a credit note (owner only) or reject it; collection resumes',
      tag: 'collection',
      access: manage,
      params: S.IdParam,
      body: C.DisputeClose,
      success: { status: 200, schema: C.Dispute, description: 'The closed dispute' },
    },
    ({ app: ctx, business, params, body, idempotencyKey }) =>
      settleDispute(
        ctx,
        business,
        present({ dispute: params.id, outcome: body.outcome, note: body.note, creditAmount: body.creditAmount, idempotencyKey }),
      ),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/pending-payments',
      operationId: 'reportPayment',
      summary: 'Record a payment the customer says they made; what it covers is not reminded until checked',
      tag: 'collection',
      access: manage,
      body: C.PendingCreate,
      success: { status: 201, schema: C.PendingPayment, description: 'The reported payment' },
    },
    ({ app: ctx, business, body, idempotencyKey }) =>
      reportPayment(
        ctx,
        business,
        present({
          customer: body.customerId,
          amount: body.amount,
          method: body.method,
          provider: body.provider,
          invoice: body.invoiceId,
          reference: body.reference,
          note: body.note,
          date: body.date,
          allowOldDate: body.allowOldDate,
          idempotencyKey,
        }),
      ),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/pending-payments/{id}/close',
      operationId: 'closePendingPayment',
      summary: 'Verify a reported payment (records the payment) or reject it',
      tag: 'collection',
      access: { kind: 'business', permission: 'payment.write' },
      params: S.IdParam,
      body: C.PendingClose,
      success: { status: 200, schema: C.PendingPayment, description: 'The reported payment, closed' },
    },
    ({ app: ctx, business, params, body, idempotencyKey }) =>
      verifyPendingPayment(
        ctx,
        business,
        present({ pending: params.id, outcome: body.outcome, note: body.note, date: body.date, idempotencyKey }),
      ),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/plans',
      operationId: 'createPlan',
      summary: 'Agree a payment plan on open invoices: their outstanding in instalments',
      tag: 'collection',
      access: manage,
      body: C.PlanCreate,
      success: { status: 201, schema: C.Plan, description: 'The plan with its instalments' },
    },
    ({ app: ctx, business, body, idempotencyKey }) =>
      createPlan(
        ctx,
        business,
        present({
          customer: body.customerId,
          invoices: body.invoiceIds,
          frequency: body.frequency,
          firstDate: body.firstDate,
          instalments: body.instalments,
          amounts: body.amounts as never,
          note: body.note,
          idempotencyKey,
        }),
      ),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/customers/{id}/timeline',
      operationId: 'getCustomerTimeline',
      summary:
        "A customer's timeline: reminders, messages with their delivery status, notes, fees, holds, promises, plans, disputes",
      tag: 'collection',
      access: read,
      params: S.IdParam,
      query: TimelineQuery,
      success: { status: 200, schema: C.Timeline, description: 'The timeline, newest first' },
    },
    ({ app: ctx, business, params, query }) =>
      customerTimeline(ctx, business, params.id, {
        kinds: query.kind?.split(',').map((kind) => kind.trim()) as TimelineGroup[] | undefined,
      }),
  );

  for (const [path, operationId, summary, schema, key, list] of [
    [
      '/pending-payments',
      'listPendingPayments',
      'Reported payments, newest first (those waiting to be checked unless a status is named)',
      C.PendingPayment,
      'pendingPayments',
      listReports,
    ],
    [
      '/disputes',
      'listDisputes',
      'Disputes, newest first (the open ones unless a status is named)',
      C.Dispute,
      'disputes',
      listDisputes,
    ],
    [
      '/promises',
      'listPromises',
      'Promises to pay by promised date (the open ones unless a status is named)',
      C.PromiseToPay,
      'promises',
      listPromises,
    ],
  ] as const)
    defineRoute(
      app,
      registry,
      {
        method: 'get',
        path,
        operationId,
        summary,
        tag: 'collection',
        access: read,
        query: C.CommitmentQuery,
        success: { status: 200, schema: z.object({ [key]: z.array(schema) }), description: 'The list' },
      },
      ({ app: ctx, business, query }) =>
        (list as typeof listReports)(
          ctx,
          business,
          present({ status: query.status as never, customer: query.customerId, limit: query.limit }),
        ) as never,
    );
}
