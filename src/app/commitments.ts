/**
 * What is agreed with a customer and recorded as it happens: promises to pay,
 * disputes, reported payments waiting for verification, and payment plans.
 * Each is one command (one transaction) and lands on the customer's timeline;
 * the daily run reads them to pause reminders and fees and to decide outcomes.
 */
import { z } from 'zod';
import { PLAN_FREQUENCIES, planErrors, planSchedule } from '../core/commitments.js';
import type { Invoice } from '../core/invoices.js';
import { PAYMENT_METHODS } from '../core/ledger.js';
import { type Minor, minor } from '../core/money.js';
import type { Business } from '../core/parties.js';
import { CHANNELS } from '../core/policy.js';
import { type Result, fail, invalid, notFound, ok } from '../core/result.js';
import { collectionFlagsOf } from '../store/collection-repo.js';
import { eventsOfCustomer } from '../store/collection-effects-repo.js';
import {
  type DisputeRecord,
  type PendingRecord,
  type PlanRecord,
  type PromiseRecord,
  closeDispute,
  findDisputes,
  findPending,
  findPromises,
  getDispute,
  getPending,
  insertDispute,
  insertPending,
  insertPlan,
  insertPromise,
  plansOf,
  promisesOfCustomer,
  resolvePending,
} from '../store/commitments-repo.js';
import { getInvoice, openInvoicesOfCustomer } from '../store/invoices-repo.js';
import { invoiceNumbersOf } from '../store/browse-repo.js';
import { notePosted } from '../store/journal-repo.js';
import { todayOf } from './businesses.js';
import { type WriteTools, runCommand } from './command.js';
import type { AppContext } from './context.js';
import { creditNoteIn, openInvoiceForCorrection } from './corrections.js';
import { resolveInvoice } from './lookups.js';
import { lockedCustomer, resolveCustomer } from './customers.js';
import { recordPaymentIn } from './payments.js';
import { feesPaidBefore, reverseFeesPaidBefore } from './fee-waivers.js';
import { queueDisputeReceived, queuePlanConfirmation, queuePromiseConfirmation } from './receipts.js';
import { requireFieldPermissions, requirePermission } from './permissions.js';
import {
  TIMELINE_GROUP_NAMES,
  type TimelineEntry,
  type TimelineGroup,
  kindsOf,
  readableDetails,
  timelineEvent,
} from './timeline.js';
import { messagesOfCustomer, notesOfCustomer } from '../store/notes-repo.js';
import { checkEntryDates } from './entry-dates.js';
import { dateInZone } from '../core/dates.js';
import { calendarDateField, idOrRef, nonNegativeMoney, oldDateFlag, parseInput, positiveMoney, textField } from './validate.js';
import { storeText, t } from '../core/i18n/catalogue.js';

/** The records the commitment commands give (CONTRACT shapes). */
export type { DisputeRecord, PendingRecord, PlanRecord, PromiseRecord };

const PROMISE_CHANNELS = [...CHANNELS, 'phone', 'visit', 'other'] as const;
const TIMELINE_EVENTS_MAX = 200;

/** Records a commitment's event on the customer's timeline, dated today where the business is. */
async function recordOnTimeline(
  _trx: unknown,
  ctx: AppContext,
  tools: WriteTools,
  business: Business,
  entry: TimelineEntry,
): Promise<void> {
  await tools.write([timelineEvent(todayOf(ctx, business), entry)]);
}

const promiseSchema = z
  .object({
    customer: idOrRef,
    date: calendarDateField,
    amount: positiveMoney,
    channel: z.enum(PROMISE_CHANNELS, { error: `must be one of ${PROMISE_CHANNELS.join(', ')}` }).default('whatsapp'),
    note: textField().optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

/** Records a promise to pay: reminders to the customer pause until the promised date (and grace). */
export async function recordPromise(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof promiseSchema>,
): Promise<Result<PromiseRecord>> {
  const allowed = requirePermission(ctx.actor, 'collection.manage');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(promiseSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  return runCommand(ctx, { scope: business.id, command: 'promise.create', idempotencyKey, request }, async (trx, tools) => {
    const found = await lockedCustomer(ctx, trx, business.id, request.customer);
    if (!found.ok) return found;
    const customer = found.value;
    const today = todayOf(ctx, business);
    if (request.date < today) return invalid({ date: t('promise.date_past', { date: request.date, today }) });
    if (customer.balance <= 0) return invalid({ customer: t('customer.owes_nothing', { name: customer.name }) });
    if (request.amount > customer.balance)
      return invalid({
        amount: t('promise.over_balance', { amount: request.amount, balance: customer.balance, name: customer.name }),
      });
    const promise: PromiseRecord = {
      businessId: business.id,
      id: tools.newId('prm'),
      customerId: customer.id,
      promisedDate: request.date,
      amount: request.amount,
      channel: request.channel,
      note: request.note ?? null,
      status: 'open',
      paid: minor(0),
      createdOn: today,
      resolvedOn: null,
      createdAt: tools.now,
    };
    await insertPromise(trx, promise);
    await recordOnTimeline(trx, ctx, tools, business, {
      key: `promise_made:${promise.id}`,
      kind: 'promise_made',
      customerId: customer.id,
      details: {
        promiseId: promise.id,
        date: promise.promisedDate,
        amount: promise.amount,
        channel: promise.channel,
        note: promise.note,
      },
    });
    await tools.audit('promise.create', 'customer', customer.id, {
      promiseId: promise.id,
      date: promise.promisedDate,
      amount: promise.amount,
    });
    await queuePromiseConfirmation(ctx, trx, tools, business, promise);
    return ok(promise);
  });
}

const disputeSchema = z.object({ invoice: idOrRef, reason: textField(), idempotencyKey: z.string().optional() }).strict();

/** Marks an open invoice disputed: its reminders and fees pause until the dispute is resolved or rejected. */
export async function openDispute(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof disputeSchema>,
): Promise<Result<DisputeRecord>> {
  const allowed = requirePermission(ctx.actor, 'collection.manage');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(disputeSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  return runCommand(ctx, { scope: business.id, command: 'dispute.create', idempotencyKey, request }, async (trx, tools) => {
    const found = await openInvoiceForCorrection(ctx, trx, business.id, request.invoice);
    if (!found.ok) return found;
    const invoice = found.value;
    const disputeId = (await collectionFlagsOf(trx, business.id, [invoice.id])).get(invoice.id)?.disputeId;
    if (disputeId) return invalid({ invoice: t('dispute.already_open', { number: invoice.number, disputeId }) });
    const dispute: DisputeRecord = {
      businessId: business.id,
      id: tools.newId('dsp'),
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      reason: request.reason,
      status: 'open',
      openedOn: todayOf(ctx, business),
      closedOn: null,
      resolution: null,
      creditNoteId: null,
      createdAt: tools.now,
    };
    await insertDispute(trx, dispute);
    await recordOnTimeline(trx, ctx, tools, business, {
      key: `dispute_opened:${dispute.id}`,
      kind: 'dispute_opened',
      customerId: invoice.customerId,
      invoiceId: invoice.id,
      details: { disputeId: dispute.id, number: invoice.number, reason: dispute.reason },
    });
    await tools.audit('dispute.create', 'invoice', invoice.id, { disputeId: dispute.id, reason: dispute.reason });
    await queueDisputeReceived(ctx, trx, tools, business, dispute, invoice.number);
    return ok(dispute);
  });
}

const closeDisputeSchema = z
  .object({
    dispute: idOrRef,
    outcome: z.enum(['resolved', 'rejected'], { error: 'must be resolved or rejected' }),
    note: textField(),
    creditAmount: nonNegativeMoney.optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

/** Closes a dispute: resolved by a credit note (full or partial), or rejected; either way collection resumes. */
export async function settleDispute(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof closeDisputeSchema>,
): Promise<Result<DisputeRecord & { creditAmount?: number }>> {
  const parsed = parseInput(closeDisputeSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const allowed = requirePermission(ctx.actor, 'collection.manage');
  if (!allowed.ok) return allowed;
  // Resolving by a credit note is a correction: the owner's.
  const corrects = requireFieldPermissions(ctx.actor, 'dispute.close', [
    ...(request.outcome === 'resolved' ? (['outcome'] as const) : []),
    ...(request.creditAmount !== undefined ? (['creditAmount'] as const) : []),
  ]);
  if (!corrects.ok) return corrects;
  if (request.outcome === 'resolved' && !request.creditAmount) return invalid({ creditAmount: t('dispute.credit_required') });
  if (request.outcome === 'rejected' && request.creditAmount !== undefined)
    return invalid({ creditAmount: t('dispute.rejected_no_credit') });
  return runCommand(ctx, { scope: business.id, command: 'dispute.close', idempotencyKey, request }, async (trx, tools) => {
    const found = await resolveDispute(trx, business.id, request.dispute);
    if (!found.ok) return found;
    const dispute = found.value;
    if (dispute.status !== 'open')
      return invalid({ dispute: t('record.already_status', { id: request.dispute, status: dispute.status }) });
    const today = todayOf(ctx, business);
    let creditNoteId: string | null = null;
    if (request.outcome === 'resolved') {
      const found = await openInvoiceForCorrection(ctx, trx, business.id, dispute.invoiceId);
      if (!found.ok) return found;
      const amount = request.creditAmount as Minor;
      if (amount > found.value.outstanding)
        return invalid({
          creditAmount: t('correction.over_outstanding', {
            amount,
            outstanding: found.value.outstanding,
            number: found.value.number,
          }),
        });
      creditNoteId = (await creditNoteIn(trx, tools, business.id, found.value, amount, `dispute: ${request.note}`, today)).id;
    }
    await closeDispute(trx, dispute, { status: request.outcome, closedOn: today, resolution: request.note, creditNoteId });
    // The invoice is owed again: credit the customer holds meets it before this transaction commits.
    notePosted(trx, business.id, [{ customerId: dispute.customerId, balanceLowered: false }]);
    await recordOnTimeline(trx, ctx, tools, business, {
      key: `dispute_${request.outcome}:${dispute.id}`,
      kind: `dispute_${request.outcome}`,
      customerId: dispute.customerId,
      invoiceId: dispute.invoiceId,
      details: { disputeId: dispute.id, note: request.note, creditNoteId, creditAmount: request.creditAmount ?? 0 },
    });
    await tools.audit(`dispute.${request.outcome}`, 'invoice', dispute.invoiceId, { disputeId: dispute.id, creditNoteId });
    return ok({
      ...dispute,
      status: request.outcome,
      closedOn: today,
      resolution: request.note,
      creditNoteId,
      ...(request.creditAmount === undefined ? {} : { creditAmount: request.creditAmount }),
    });
  });
}

const reportSchema = z
  .object({
    customer: idOrRef,
    amount: positiveMoney,
    method: z.enum(PAYMENT_METHODS, { error: `must be one of ${PAYMENT_METHODS.join(', ')}` }),
    provider: z.string().trim().toLowerCase().optional(),
    invoice: idOrRef.optional(),
    reference: textField().optional(),
    note: textField().optional(),
    /** The day the customer says they paid; today if not given. */
    date: calendarDateField.optional(),
    allowOldDate: oldDateFlag,
    idempotencyKey: z.string().optional(),
  })
  .strict();

/**
 * Records a payment the customer says they made (on `date`, today by default):
 * what it covers gets no fees and no reminders until it is verified or rejected.
 */
export async function reportPayment(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof reportSchema>,
): Promise<Result<PendingRecord>> {
  const allowed = requirePermission(ctx.actor, 'collection.manage');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(reportSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  return runCommand(
    ctx,
    { scope: business.id, command: 'pending_payment.create', idempotencyKey, request },
    async (trx, tools) => {
      const found = await resolveCustomer(trx, business.id, request.customer);
      if (!found.ok) return found;
      let invoiceId: string | undefined;
      const today = todayOf(ctx, business);
      // The day the customer says they paid is a date like any entry's: never after today, old only when meant.
      const dated = await checkEntryDates(ctx, trx, business, { date: request.date }, request.allowOldDate);
      if (!dated.ok) return dated;
      if (request.invoice !== undefined) {
        const named = await resolveInvoice(trx, business.id, request.invoice);
        const invoice = named.ok ? named.value : undefined;
        if (!invoice || invoice.customerId !== found.value.id) return notFound('invoice', request.invoice);
        if (invoice.status !== 'open')
          return fail('invoice_not_open', t('invoice.not_open', { number: invoice.number, status: invoice.status }), {
            invoiceId: invoice.id,
          });
        invoiceId = invoice.id;
      }
      const pending: PendingRecord = {
        businessId: business.id,
        id: tools.newId('ppy'),
        customerId: found.value.id,
        invoiceId: invoiceId ?? null,
        amount: request.amount,
        method: request.method,
        provider: request.provider ?? null,
        reference: request.reference ?? null,
        note: request.note ?? null,
        status: 'pending',
        reportedOn: today,
        paidOn: request.date ?? today,
        resolvedOn: null,
        paymentId: null,
        createdAt: tools.now,
      };
      await insertPending(trx, pending);
      await recordOnTimeline(trx, ctx, tools, business, {
        key: `payment_reported:${pending.id}`,
        kind: 'payment_reported',
        customerId: pending.customerId,
        invoiceId: pending.invoiceId,
        details: {
          pendingId: pending.id,
          amount: pending.amount,
          method: pending.method,
          reference: pending.reference,
          paidOn: pending.paidOn,
        },
      });
      await tools.audit('pending_payment.create', 'customer', pending.customerId, {
        pendingId: pending.id,
        amount: pending.amount,
      });
      return ok(pending);
    },
  );
}

const verifySchema = z
  .object({
    pending: idOrRef,
    outcome: z.enum(['verified', 'rejected'], { error: 'must be verified or rejected' }),
    note: textField().optional(),
    /** The day the payment is booked on, when the owner finds it differs from the day reported. */
    date: calendarDateField.optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

/**
 * The owner checks a reported payment. Verified records the real payment on the
 * day it was made (the day reported, or the one the owner names), and takes
 * back, in the same transaction, the fees charged after that day on the
 * invoices it settles; rejected lets fees and reminders resume where they
 * would have been.
 */
export async function verifyPendingPayment(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof verifySchema>,
): Promise<Result<PendingRecord>> {
  const allowed = requirePermission(ctx.actor, 'payment.write');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(verifySchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  if (request.outcome === 'rejected' && request.date !== undefined) return invalid({ date: t('pending.rejected_no_date') });
  return runCommand(
    ctx,
    { scope: business.id, command: 'pending_payment.close', idempotencyKey, request },
    async (trx, tools) => {
      const found = await resolveReport(trx, business.id, request.pending);
      if (!found.ok) return found;
      const fresh = found.value;
      if (fresh.status !== 'pending')
        return invalid({ pending: t('record.already_status', { id: request.pending, status: fresh.status }) });
      const today = todayOf(ctx, business);
      let paymentId: string | null = null;
      let feesReversed: { invoiceId: string; amount: number; date: string }[] = [];
      if (request.outcome === 'verified') {
        // Another day than the one reported moves which fees are taken back: the owner's call, like a fee waiver.
        const otherDay = requireFieldPermissions(
          ctx.actor,
          'pending_payment.close',
          request.date !== undefined && request.date !== fresh.paidOn ? ['date'] : [],
        );
        if (!otherDay.ok) return otherDay;
        const paidOn = request.date ?? fresh.paidOn;
        if (paidOn > today) return invalid({ date: t('entry_date.after_today', { date: paidOn, today }) });
        const locked = await lockedCustomer(ctx, trx, business.id, fresh.customerId);
        if (!locked.ok) return locked;
        const due = await feesPaidBefore(
          trx,
          business,
          { customerId: fresh.customerId, amount: fresh.amount, invoiceId: fresh.invoiceId },
          paidOn,
        );
        feesReversed = await reverseFeesPaidBefore(ctx, trx, tools, business, due, {
          customerId: fresh.customerId,
          reason: storeText(t('fee.reversed_reported', { date: paidOn, reference: fresh.reference })),
          today,
        });
        // The invoice it named may have been paid meanwhile: then the money is the customer's credit, applied by the rules.
        const named = fresh.invoiceId ? await getInvoice(trx, business.id, fresh.invoiceId) : undefined;
        const payment = await recordPaymentIn(ctx, trx, tools, business, {
          customer: fresh.customerId,
          amount: fresh.amount,
          method: fresh.method as (typeof PAYMENT_METHODS)[number],
          ...(fresh.provider ? { provider: fresh.provider } : {}),
          ...(named?.status === 'open' ? { invoice: named.id } : named ? { keepAsCredit: true } : {}),
          ...(fresh.reference ? { reference: fresh.reference } : {}),
          date: paidOn,
          // The day the customer paid, checked when it was reported (or named by the owner now): not a typo to guard.
          allowOldDate: true,
        });
        if (!payment.ok) return payment;
        paymentId = payment.value.id;
      }
      const paidOn = request.outcome === 'verified' ? (request.date ?? fresh.paidOn) : fresh.paidOn;
      await resolvePending(trx, fresh, { status: request.outcome, resolvedOn: today, paymentId, paidOn });
      await recordOnTimeline(trx, ctx, tools, business, {
        key: `payment_${request.outcome}:${fresh.id}`,
        kind: `payment_${request.outcome}`,
        customerId: fresh.customerId,
        details: { pendingId: fresh.id, paymentId, note: request.note ?? null, feesReversed },
      });
      await tools.audit(`pending_payment.${request.outcome}`, 'customer', fresh.customerId, {
        pendingId: fresh.id,
        paymentId,
        feesReversed,
      });
      return ok({ ...fresh, status: request.outcome, resolvedOn: today, paymentId, paidOn });
    },
  );
}

const planSchema = z
  .object({
    customer: idOrRef,
    invoices: z.array(idOrRef).min(1, 'name at least one invoice').max(200, 'at most 200 invoices').optional(),
    frequency: z.enum(PLAN_FREQUENCIES, { error: `must be one of ${PLAN_FREQUENCIES.join(', ')}` }),
    firstDate: calendarDateField,
    instalments: z.number({ error: 'must be a whole number' }).optional(),
    amounts: z.array(positiveMoney).optional(),
    note: textField().optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

/**
 * Agrees a payment plan on open invoices (all the customer's, or those named):
 * their whole outstanding in instalments. While it is kept, the covered
 * invoices get no reminders or fees of their own; instalments are reminded.
 */
export async function createPlan(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof planSchema>,
): Promise<Result<PlanRecord>> {
  const allowed = requirePermission(ctx.actor, 'collection.manage');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(planSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  if ((request.instalments === undefined) === (request.amounts === undefined)) return invalid({ instalments: t('plan.shape') });
  return runCommand(ctx, { scope: business.id, command: 'plan.create', idempotencyKey, request }, async (trx, tools) => {
    const found = await lockedCustomer(ctx, trx, business.id, request.customer);
    if (!found.ok) return found;
    const customer = found.value;
    const open = await openInvoicesOfCustomer(trx, business.id, customer.id);
    const named = request.invoices ?? open.map((invoice) => invoice.id);
    const covered: Invoice[] = [];
    for (const id of named) {
      const invoice = open.find((candidate) => candidate.id === id || candidate.number === id);
      if (!invoice) return invalid({ invoices: t('plan.not_open_invoice', { id, name: customer.name }) });
      covered.push(invoice);
    }
    const flags = await collectionFlagsOf(
      trx,
      business.id,
      covered.map((invoice) => invoice.id),
    );
    for (const invoice of covered) {
      const flag = flags.get(invoice.id);
      if (flag?.planId) return invalid({ invoices: t('plan.already_planned', { number: invoice.number, planId: flag.planId }) });
      if (flag?.disputeId) return invalid({ invoices: t('plan.disputed', { number: invoice.number }) });
    }
    const total = minor(covered.reduce((sum, invoice) => sum + invoice.outstanding, 0));
    const shape = request.amounts ? { amounts: request.amounts } : { count: request.instalments as number };
    const today = todayOf(ctx, business);
    const errors = planErrors(total, shape, request.firstDate, today);
    if (Object.keys(errors).length > 0) return invalid(errors);
    const plan: PlanRecord = {
      businessId: business.id,
      id: tools.newId('pln'),
      customerId: customer.id,
      status: 'active',
      frequency: request.frequency,
      total,
      invoiceIds: covered.map((invoice) => invoice.id),
      note: request.note ?? null,
      createdOn: today,
      closedOn: null,
      createdAt: tools.now,
      instalments: planSchedule(total, request.frequency, request.firstDate, shape).map((i) => ({ ...i, stepsDone: 0 })),
    };
    await insertPlan(trx, plan);
    await recordOnTimeline(trx, ctx, tools, business, {
      key: `plan_agreed:${plan.id}`,
      kind: 'plan_agreed',
      customerId: customer.id,
      details: {
        planId: plan.id,
        total,
        frequency: plan.frequency,
        instalments: plan.instalments.map(({ seq, dueDate, amount }) => ({ seq, dueDate, amount })),
      },
    });
    await tools.audit('plan.create', 'customer', customer.id, { planId: plan.id, total, invoiceIds: plan.invoiceIds });
    await queuePlanConfirmation(ctx, trx, tools, business, plan);
    return ok(plan);
  });
}

export interface TimelineView {
  readonly customerId: string;
  readonly events: {
    id: string;
    date: string;
    kind: string;
    invoiceId: string | null;
    details: Record<string, unknown>;
    actor: string;
    at: string;
  }[];
  readonly promises: PromiseRecord[];
  readonly plans: PlanRecord[];
  /** The number of each invoice the events name, for people reading them. */
  readonly invoiceNumbers: Record<string, string>;
  /** The customer's reported payments the events name (amount and reference), for people reading them. */
  readonly reportedPayments: Record<string, { amount: number; reference: string | null }>;
}

/** The invoices an event's details name: reminded items, fees taken back. */
function invoicesNamed(event: { invoiceId: string | null; details: Record<string, unknown> }): string[] {
  const ids = event.invoiceId ? [event.invoiceId] : [];
  const lists = [event.details.invoiceIds, event.details.items, event.details.feesReversed];
  for (const list of lists)
    if (Array.isArray(list))
      for (const item of list as unknown[]) {
        if (typeof item === 'string') ids.push(item);
        else if (item && typeof (item as { invoiceId?: unknown }).invoiceId === 'string')
          ids.push((item as { invoiceId: string }).invoiceId);
      }
  return ids;
}

/** How many entries of each source a timeline reads at most. */
const TIMELINE_SOURCE_MAX = TIMELINE_EVENTS_MAX;

/**
 * The customer's timeline, newest first: reminders, fees, holds, promises, plans, disputes, reported payments, the
 * notes of the communication log (`note`) and every outbox message with its delivery status (`message`); only the
 * groups named when some are (`messages`, `notes`, `payments`, …).
 */
export async function customerTimeline(
  ctx: AppContext,
  business: Business,
  customerRef: string,
  filter: { kinds?: readonly TimelineGroup[] } = {},
): Promise<Result<TimelineView>> {
  const unknown = (filter.kinds ?? []).filter((kind) => !(TIMELINE_GROUP_NAMES as readonly string[]).includes(kind));
  if (unknown.length > 0) return invalid({ kind: t('field.one_of', { values: TIMELINE_GROUP_NAMES }) });
  const found = await resolveCustomer(ctx.store.db, business.id, customerRef);
  if (!found.ok) return found;
  const kinds = kindsOf(filter.kinds);
  const wanted = (kind: string) => kinds === undefined || kinds.has(kind);
  const events = (await eventsOfCustomer(ctx.store.db, business.id, found.value.id, TIMELINE_EVENTS_MAX)).filter((event) =>
    wanted(event.kind),
  );
  const numbers = await invoiceNumbersOf(ctx.store.db, business.id, events.flatMap(invoicesNamed));
  const reported = await findPending(ctx.store.db, business.id, { customerId: found.value.id }, TIMELINE_EVENTS_MAX);
  const notes = wanted('note') ? await notesOfCustomer(ctx.store.db, business.id, found.value.id, {}, TIMELINE_SOURCE_MAX) : [];
  const messages = wanted('message')
    ? await messagesOfCustomer(ctx.store.db, business.id, found.value.id, TIMELINE_SOURCE_MAX)
    : [];
  const entries: TimelineView['events'] = [
    ...events.map((event) => ({
      id: event.id,
      date: event.date,
      kind: event.kind,
      invoiceId: event.invoiceId,
      details: readableDetails(event.details, business),
      actor: event.actor,
      at: event.createdAt,
    })),
    ...notes.map((note) => ({
      id: note.id,
      date: note.date,
      kind: 'note',
      invoiceId: null,
      details: { noteKind: note.kind, outcome: note.outcome, text: note.body },
      actor: note.actor,
      at: note.createdAt,
    })),
    ...messages.map((message) => ({
      id: message.id,
      date: dateInZone(new Date(message.createdAt), business.timeZone),
      kind: 'message',
      invoiceId: null,
      details: {
        channel: message.channel,
        status: message.status,
        purpose: message.purpose,
        recipient: message.recipient,
        text: message.body,
        link: message.link,
        lastError: message.lastError,
      },
      actor: 'system',
      at: message.createdAt,
    })),
  ];
  // Newest first: by day, then by the instant recorded.
  entries.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return ok({
    customerId: found.value.id,
    events: entries,
    promises: await promisesOfCustomer(ctx.store.db, business.id, found.value.id),
    plans: await plansOf(ctx.store.db, business.id, { customerId: found.value.id }),
    invoiceNumbers: Object.fromEntries(numbers),
    reportedPayments: Object.fromEntries(
      reported.map((report) => [report.id, { amount: report.amount, reference: report.reference }]),
    ),
  });
}

/** How many reports sharing a reference (or a customer) are named when it is ambiguous. */
const AMBIGUOUS_NAMED_MAX = 5;

/**
 * The reported payment a person names: by id, by its reference (the transfer reference the
 * customer gave), or by the customer (id or ref) when they have exactly one report waiting.
 * Several matches are never guessed: the answer names them (reference, amount, day) and asks.
 */
export async function resolveReport(
  db: Parameters<typeof getPending>[0],
  businessId: string,
  text: string,
): Promise<Result<PendingRecord>> {
  const byId = await getPending(db, businessId, text);
  if (byId) return ok(byId);
  let matches = await findPending(db, businessId, { reference: text }, AMBIGUOUS_NAMED_MAX + 1);
  // Of several reports with one reference, the one still waiting is meant.
  if (matches.length > 1) matches = matches.filter((report) => report.status === 'pending');
  if (matches.length === 0) {
    const customer = await resolveCustomer(db, businessId, text);
    if (customer.ok)
      matches = await findPending(db, businessId, { customerId: customer.value.id, status: 'pending' }, AMBIGUOUS_NAMED_MAX + 1);
  }
  if (matches.length === 1) return ok(matches[0] as PendingRecord);
  if (matches.length === 0) return notFound('pending payment', text);
  return invalid({
    pending: t('pending.ambiguous', {
      text,
      reports: matches.slice(0, AMBIGUOUS_NAMED_MAX).map((report) => ({
        reference: report.reference,
        amount: report.amount,
        paidOn: report.paidOn,
        id: report.id,
      })),
    }),
  });
}

/** The dispute a person names: by id, or by its invoice (id or number), the open one (else the latest). */
export async function resolveDispute(
  db: Parameters<typeof getDispute>[0],
  businessId: string,
  text: string,
): Promise<Result<DisputeRecord>> {
  const byId = await getDispute(db, businessId, text);
  if (byId) return ok(byId);
  const invoice = await resolveInvoice(db, businessId, text);
  if (invoice.ok) {
    const disputes = await findDisputes(db, businessId, { invoiceId: invoice.value.id }, 20);
    const dispute = disputes.find((candidate) => candidate.status === 'open') ?? disputes[0];
    if (dispute) return ok(dispute);
  }
  return notFound('dispute', text);
}

const LIST_MAX = 500;
const listSchema = <S extends readonly [string, ...string[]]>(statuses: S) =>
  z
    .object({
      status: z
        .enum([...statuses, 'all'] as unknown as [string, ...string[]], {
          error: `must be one of ${[...statuses, 'all'].join(', ')}`,
        })
        .optional(),
      customer: idOrRef.optional(),
      limit: z.number().int().min(1).max(LIST_MAX).default(100),
    })
    .strict();
const pendingListSchema = listSchema(['pending', 'verified', 'rejected'] as const);
const disputeListSchema = listSchema(['open', 'resolved', 'rejected'] as const);
const promiseListSchema = listSchema(['open', 'kept', 'partly_kept', 'broken', 'cancelled'] as const);

/** The filter a list's input names: the status (its default when absent; `all` for any) and the customer. */
async function listFilter(
  ctx: AppContext,
  business: Business,
  input: { status?: string | undefined; customer?: string | undefined },
  defaultStatus: string,
): Promise<Result<{ status: string | undefined; customerId: string | undefined }>> {
  const status = input.status === 'all' ? undefined : (input.status ?? defaultStatus);
  if (input.customer === undefined) return ok({ status, customerId: undefined });
  const customer = await resolveCustomer(ctx.store.db, business.id, input.customer);
  return customer.ok ? ok({ status, customerId: customer.value.id }) : customer;
}

/** Reported payments, newest first: those waiting to be checked unless a status (or `all`) is named. */
export async function listReports(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof pendingListSchema> = {},
): Promise<Result<{ pendingPayments: PendingRecord[] }>> {
  const parsed = parseInput(pendingListSchema, input);
  if (!parsed.ok) return parsed;
  const filter = await listFilter(ctx, business, parsed.value, 'pending');
  if (!filter.ok) return filter;
  return ok({ pendingPayments: await findPending(ctx.store.db, business.id, filter.value as never, parsed.value.limit) });
}

/** Disputes, newest first: the open ones unless a status (or `all`) is named. */
export async function listDisputes(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof disputeListSchema> = {},
): Promise<Result<{ disputes: DisputeRecord[] }>> {
  const parsed = parseInput(disputeListSchema, input);
  if (!parsed.ok) return parsed;
  const filter = await listFilter(ctx, business, parsed.value, 'open');
  if (!filter.ok) return filter;
  return ok({ disputes: await findDisputes(ctx.store.db, business.id, filter.value as never, parsed.value.limit) });
}

/** Promises to pay by promised date: the open ones unless a status (or `all`) is named. */
export async function listPromises(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof promiseListSchema> = {},
): Promise<Result<{ promises: PromiseRecord[] }>> {
  const parsed = parseInput(promiseListSchema, input);
  if (!parsed.ok) return parsed;
  const filter = await listFilter(ctx, business, parsed.value, 'open');
  if (!filter.ok) return filter;
  return ok({ promises: await findPromises(ctx.store.db, business.id, filter.value as never, parsed.value.limit) });
}
