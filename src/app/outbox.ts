/**
 * The owner's view of the outbox (issue 13): every message with its text,
 * channel, recipient, status and history; retrying, cancelling, and opening a
 * click-to-chat link (which records the message as sent by whoever tapped it);
 * and the providers' delivery statuses, for the webhook routes.
 */
import { z } from 'zod';
import { OUTBOX_STATUSES, type OutboxStatus, shortMessageId } from '../core/delivery.js';
import { t } from '../core/i18n/catalogue.js';
import type { Business } from '../core/parties.js';
import { addDays, calendarDate, parseInstant, startOfDateInZone } from '../core/dates.js';
import { type Result, fail, invalid, notFound, ok } from '../core/result.js';
import { customerLabelsOf, invoiceNumbersOf } from '../store/browse-repo.js';
import {
  type OutboxEvent,
  type OutboxRow,
  type OutboxWriteTools,
  type StatusUpdateInput,
  applyStatusUpdates,
  cancelMessage,
  customerLocalesOf,
  eventsOfMessages,
  findMessageById,
  findMessages,
  cancelOutdatedTaps,
  markOpened,
  retryMessage,
} from '../store/outbox-repo.js';
import type { Database } from '../store/schema.js';
import type { Kysely } from 'kysely';
import type { AppContext } from './context.js';
import { runCommand } from './command.js';
import { resolveCustomer } from './customers.js';
import { requirePermission } from './permissions.js';
import { pageLimit, parseInput, textField } from './validate.js';

export interface MessageHistoryEntry {
  at: string;
  status: string;
  detail: Record<string, unknown>;
  actor: string;
}

export interface MessageView {
  id: string;
  /** The tail of the id a person types (`lunas outbox show 7h3k9q2m`). */
  shortId: string;
  customerId: string;
  customerName: string;
  customerRef: string | null;
  channel: string;
  /** The phone number (E.164) or email address. */
  to: string;
  purpose: string;
  /** The customer's language, else the business's. */
  language: string;
  subject: string | null;
  body: string;
  status: OutboxStatus;
  attempts: number;
  link: string | null;
  /** The provider's last error, or why the message was cancelled. */
  lastError: string | null;
  provider: string | null;
  /** When it may go (quiet hours, backoff, rate limit); null: at once. */
  notBefore: string | null;
  /** The invoices it is about, by number. */
  invoiceNumbers: string[];
  createdAt: string;
  updatedAt: string;
}

export interface MessageDetail extends MessageView {
  history: MessageHistoryEntry[];
}

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
/** A day (`2026-09-12`, the business's calendar day) or an instant. */
const dayOrInstant = z
  .string()
  .regex(INSTANT, 'must be a date YYYY-MM-DD or an ISO 8601 instant')
  .refine((text) => text.length === 10 || parseInstant(text) !== undefined, 'must be a real instant')
  .optional();

const listSchema = z
  .object({
    limit: pageLimit,
    after: z.string().max(100).optional(),
    status: z.enum(OUTBOX_STATUSES, { error: `must be one of ${OUTBOX_STATUSES.join(', ')}` }).optional(),
    customer: textField(200).optional(),
    purpose: z.string().trim().min(1).max(50).optional(),
    /** One day, the business's calendar: `from` that day's start to the next's. */
    date: dayOrInstant,
    from: dayOrInstant,
    to: dayOrInstant,
  })
  .strict();

export type MessageListInput = z.input<typeof listSchema>;

/** The instant a day starts in the business's zone (or the next day's, for an end), or the instant itself. */
function instantOf(text: string, business: Business, nextDay = false): string {
  if (text.length !== 10) return (parseInstant(text) as Date).toISOString();
  const day = calendarDate(text);
  return startOfDateInZone(nextDay ? addDays(day, 1) : day, business.timeZone).toISOString();
}

/** A page of the business's messages, newest first, filtered by status, customer (id or ref), purpose and day or period. */
export async function listMessages(
  ctx: AppContext,
  business: Business,
  input: MessageListInput = {},
): Promise<Result<{ messages: MessageView[]; nextCursor: string | null }>> {
  const parsed = parseInput(listSchema, input);
  if (!parsed.ok) return parsed;
  const { limit, after, customer, date, from, to, ...filter } = parsed.value;
  let customerId: string | undefined;
  if (customer !== undefined) {
    const found = await resolveCustomer(ctx.store.db, business.id, customer);
    if (!found.ok) return found;
    customerId = found.value.id;
  }
  const fromAt = date ? instantOf(date, business) : from ? instantOf(from, business) : undefined;
  const toAt = date ? instantOf(date, business, true) : to ? instantOf(to, business, to.length === 10) : undefined;
  if (fromAt && toAt && fromAt >= toAt) return invalid({ to: t('period.to_after_from') });
  const rows = await findMessages(
    ctx.store.db,
    business.id,
    { ...filter, customerId, from: fromAt, to: toAt },
    { limit: limit + 1, afterId: after },
  );
  const page = rows.slice(0, limit);
  return ok({
    messages: await viewsOf(ctx.store.db, business, page),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  });
}

/** One message by its id or the tail a person types, with its whole history. */
export async function showMessage(ctx: AppContext, business: Business, id: string): Promise<Result<MessageDetail>> {
  const row = await resolveMessage(ctx.store.db, business, id);
  if (!row.ok) return row;
  return ok(await detailOf(ctx.store.db, business, row.value));
}

const actionSchema = z
  .object({
    id: z.string().trim().min(1).max(200),
    reason: textField().optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();
export type MessageActionInput = z.input<typeof actionSchema>;

/** Queues a failed or cancelled message again (a fresh set of attempts). */
export function retryOutboxMessage(
  ctx: AppContext,
  business: Business,
  input: MessageActionInput,
): Promise<Result<MessageDetail>> {
  return messageAction(ctx, business, input, 'retry', (trx, id, tools) => retryMessage(trx, business.id, id, tools));
}

/** Cancels a message that has not gone (queued, waiting to be tapped, or failed), with the owner's reason. */
export function cancelOutboxMessage(
  ctx: AppContext,
  business: Business,
  input: MessageActionInput,
): Promise<Result<MessageDetail>> {
  return messageAction(ctx, business, input, 'cancel', (trx, id, tools, reason) =>
    cancelMessage(trx, business.id, id, reason ?? 'by_owner', tools, {
      from: ['queued', 'to_tap', 'failed'],
      detail: { byOwner: true },
    }),
  );
}

/** The owner (or staff) tapped the click-to-chat link: the message is sent, by them. Tapping again changes nothing. */
export function openOutboxMessage(
  ctx: AppContext,
  business: Business,
  input: MessageActionInput,
): Promise<Result<MessageDetail>> {
  // A reminder the customer no longer needs (paid since, or replaced by a newer one) is cancelled, not opened.
  return messageAction(ctx, business, input, 'open', async (trx, id, tools) => {
    await cancelOutdatedTaps(trx, business.id, tools);
    return markOpened(trx, business.id, id, tools);
  });
}

async function messageAction(
  ctx: AppContext,
  business: Business,
  input: MessageActionInput,
  action: 'retry' | 'cancel' | 'open',
  change: (
    trx: Kysely<Database>,
    id: string,
    tools: OutboxWriteTools,
    reason: string | undefined,
  ) => Promise<{ ok: true; row: OutboxRow; changed: boolean } | { ok: false; status: OutboxStatus } | undefined>,
): Promise<Result<MessageDetail>> {
  const allowed = requirePermission(ctx.actor, 'message.send');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(actionSchema, input);
  if (!parsed.ok) return parsed;
  const found = await resolveMessage(ctx.store.db, business, parsed.value.id);
  if (!found.ok) return found;
  const id = found.value.id;
  const { idempotencyKey, reason } = parsed.value;
  return runCommand(
    ctx,
    { scope: business.id, command: `message.${action}`, idempotencyKey, request: { id, reason } },
    async (trx, tools) => {
      const outcome = await change(trx, id, { now: tools.now, actor: ctx.actor.name, newId: tools.newId }, reason);
      if (!outcome) return notFound('message', parsed.value.id);
      if (!outcome.ok)
        return fail('message_wrong_status', t('message.wrong_status', { action, status: outcome.status }), {
          id,
          status: outcome.status,
        });
      // Opening a link already recorded as sent is refused: the owner may be about to send it twice.
      if (!outcome.changed && action === 'open')
        return fail('message_wrong_status', t('message.already_sent', { link: outcome.row.link ?? '' }), {
          id,
          status: outcome.row.status,
        });
      if (outcome.changed) await tools.audit(`message.${action}`, 'message', id, reason ? { reason } : {});
      return ok(await detailOf(trx, business, outcome.row));
    },
  );
}

/**
 * Applies a provider's delivery statuses (the webhook routes): forward only, a
 * duplicate changes nothing. Recorded as the provider.
 */
export async function applyProviderStatuses(
  ctx: AppContext,
  provider: string,
  updates: readonly StatusUpdateInput[],
): Promise<{ applied: number; ignored: number }> {
  const tools: OutboxWriteTools = {
    now: ctx.clock.now().toISOString(),
    actor: `provider:${provider}`,
    newId: (p) => ctx.ids.next(p),
  };
  return ctx.store.seam.writeTransaction((trx) => applyStatusUpdates(trx, provider, updates, tools));
}

async function resolveMessage(db: Kysely<Database>, business: Business, idOrTail: string): Promise<Result<OutboxRow>> {
  const rows = await findMessageById(
    db,
    business.id,
    idOrTail.trim().toLowerCase() === idOrTail.trim() ? idOrTail.trim() : idOrTail.trim().toLowerCase(),
  );
  if (rows.length === 1) return ok(rows[0] as OutboxRow);
  if (rows.length === 0) return notFound('message', idOrTail);
  return invalid({ id: t('message.ambiguous_id', { id: idOrTail, count: rows.length }) });
}

async function detailOf(db: Kysely<Database>, business: Business, row: OutboxRow): Promise<MessageDetail> {
  const [view] = await viewsOf(db, business, [row]);
  const history = (await eventsOfMessages(db, business.id, [row.id])).get(row.id) ?? [];
  return { ...(view as MessageView), history: history.map(historyEntry) };
}

function historyEntry(event: OutboxEvent): MessageHistoryEntry {
  return { at: event.at, status: event.status, detail: event.detail, actor: event.actor };
}

async function viewsOf(db: Kysely<Database>, business: Business, rows: readonly OutboxRow[]): Promise<MessageView[]> {
  const detailsOf = (row: OutboxRow) => JSON.parse(row.details) as { invoiceIds?: unknown };
  const invoiceIds = rows.flatMap((row) => {
    const ids = detailsOf(row).invoiceIds;
    return Array.isArray(ids) ? (ids as string[]) : [];
  });
  const customers = await customerLabelsOf(
    db,
    business.id,
    rows.map((row) => row.customer_id),
  );
  const numbers = await invoiceNumbersOf(db, business.id, invoiceIds);
  const locales = await customerLocalesOf(
    db,
    business.id,
    rows.map((row) => row.customer_id),
  );
  return rows.map((row) => {
    const ids = detailsOf(row).invoiceIds;
    const customer = customers.get(row.customer_id);
    return {
      id: row.id,
      shortId: shortMessageId(row.id),
      customerId: row.customer_id,
      customerName: customer?.name ?? row.customer_id,
      customerRef: customer?.ref ?? null,
      channel: row.channel,
      to: row.recipient,
      purpose: row.purpose ?? 'reminder',
      language: locales.get(row.customer_id) ?? business.locale,
      subject: row.subject,
      body: row.body,
      status: row.status as OutboxStatus,
      attempts: row.attempts,
      link: row.link,
      lastError: row.last_error,
      provider: row.provider,
      notBefore: row.not_before,
      invoiceNumbers: Array.isArray(ids) ? (ids as string[]).map((id) => numbers.get(id) ?? id) : [],
      createdAt: row.created_at,
      updatedAt: row.updated_at ?? row.created_at,
    };
  });
}
