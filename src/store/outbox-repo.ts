/**
 * The outbox as the dispatcher and the owner see it (issue 13, decision 0020):
 * claiming due messages with a lease, the send record committed before a
 * provider is called, each outcome (sent, to tap, retried with backoff,
 * failed and the fall back to the next channel), the owner's retry, cancel and
 * tap, providers' status updates, and every change appended to the message's
 * history (`outbox_events`). Each function writes inside the transaction it is
 * given; none commits on its own.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import { type ContactPoints, channelsToTry } from '../core/channel-choice.js';
import { dateInZone } from '../core/dates.js';
import {
  type BackoffPolicy,
  type OutboxStatus,
  UNCERTAIN_REASON,
  backoffSeconds,
  nextDeliveryStatus,
  SHORT_ID_LENGTH,
} from '../core/delivery.js';
import { CHANNELS, type Channel } from '../core/policy.js';
import { chunked } from './batches.js';
import type { Database, OutboxTable } from './schema.js';

type Db = Kysely<Database>;
export type OutboxRow = Selectable<OutboxTable>;

/** What every write of this module needs: the instant (from the clock), who acts, and new ids. */
export interface OutboxWriteTools {
  readonly now: string;
  readonly actor: string;
  newId(prefix: string): string;
}

export interface OutboxEvent {
  readonly id: string;
  readonly outboxId: string;
  readonly at: string;
  readonly status: string;
  readonly detail: Record<string, unknown>;
  readonly actor: string;
}

/** Appends changes to the messages' histories. */
export async function appendOutboxEvents(
  db: Db,
  businessId: string,
  events: readonly Omit<OutboxEvent, 'id' | 'at' | 'actor'>[],
  tools: OutboxWriteTools,
): Promise<void> {
  for (const batch of chunked(events, 500))
    await db
      .insertInto('outbox_events')
      .values(
        batch.map((event) => ({
          business_id: businessId,
          id: tools.newId('oev'),
          outbox_id: event.outboxId,
          at: tools.now,
          status: event.status,
          detail: JSON.stringify(event.detail),
          actor: tools.actor,
        })),
      )
      .execute();
}

// ---------------------------------------------------------------- claiming

/**
 * Locks up to `limit` messages that are due: queued with no `not_before` or one
 * that has passed, and (first) those left in `sending` whose lease expired (a
 * dispatcher stopped mid-send). On PostgreSQL the rows are locked `FOR UPDATE
 * SKIP LOCKED`, so concurrent dispatchers take different messages; on SQLite
 * the caller's immediate transaction is the only writer.
 */
export async function lockDueMessages(trx: Db, options: { now: string; limit: number; rowLocks: boolean }): Promise<OutboxRow[]> {
  const expired = await lockWhere(trx, options, options.limit, (query) =>
    query.where('status', '=', 'sending').where('lease_until', '<=', options.now),
  );
  const rest = options.limit - expired.length;
  if (rest <= 0) return expired;
  const queued = await lockWhere(trx, options, rest, (query) =>
    query
      .where('status', '=', 'queued')
      .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', options.now)])),
  );
  return [...expired, ...queued];
}

type OutboxQuery = ReturnType<typeof selectOutbox>;
function selectOutbox(trx: Db) {
  return trx.selectFrom('outbox').selectAll();
}

async function lockWhere(
  trx: Db,
  options: { rowLocks: boolean },
  limit: number,
  filter: (query: OutboxQuery) => OutboxQuery,
): Promise<OutboxRow[]> {
  let query = filter(selectOutbox(trx)).orderBy('created_at').orderBy('id').limit(limit);
  if (options.rowLocks) query = query.forUpdate().skipLocked();
  return query.execute();
}

/**
 * The send record: the message is `sending`, held by `owner` until `leaseUntil`,
 * with one more attempt and the provider that will send it. Committed before
 * the provider is called, so a dispatcher that dies mid-send leaves a trace.
 */
export async function markSending(
  trx: Db,
  claims: readonly { row: OutboxRow; provider: string }[],
  lease: { owner: string; until: string },
  tools: OutboxWriteTools,
): Promise<void> {
  // One statement per business and provider: every claimed row gets one more attempt.
  for (const [group, items] of groupBy(claims, (claim) => `${claim.row.business_id}\u0000${claim.provider}`)) {
    const [businessId, provider] = group.split('\u0000') as [string, string];
    for (const batch of chunked(items))
      await trx
        .updateTable('outbox')
        .set({
          status: 'sending',
          lease_owner: lease.owner,
          lease_until: lease.until,
          attempts: sql<number>`attempts + 1`,
          provider,
          claimed_at: tools.now,
          updated_at: tools.now,
        })
        .where('business_id', '=', businessId)
        .where(
          'id',
          'in',
          batch.map(({ row }) => row.id),
        )
        .execute();
  }
  for (const [businessId, group] of groupBy(claims, (claim) => claim.row.business_id))
    await appendOutboxEvents(
      trx,
      businessId,
      group.map(({ row, provider }) => ({
        outboxId: row.id,
        status: 'sending',
        detail: {
          attempt: row.attempts + 1,
          provider,
          leaseOwner: lease.owner,
          ...(row.status === 'sending' ? { resumed: true } : {}),
        },
      })),
      tools,
    );
}

/** A message that may not go yet (quiet hours, the rate limit): queued again until `until`. */
export async function deferMessage(
  trx: Db,
  row: OutboxRow,
  until: string,
  reason: string,
  tools: OutboxWriteTools,
): Promise<void> {
  await trx
    .updateTable('outbox')
    .set({ status: 'queued', not_before: until, updated_at: tools.now })
    .where('business_id', '=', row.business_id)
    .where('id', '=', row.id)
    .execute();
  await appendOutboxEvents(trx, row.business_id, [{ outboxId: row.id, status: 'held', detail: { reason, until } }], tools);
}

/**
 * A message found in `sending` after its lease expired, whose provider cannot
 * drop a second request: it may or may not have gone, so it is parked as
 * failed for the owner to check (decision 0020). The lease owner stays, so the
 * stopped dispatcher's answer, if it ever comes, is still recorded.
 */
export async function parkUncertain(trx: Db, row: OutboxRow, tools: OutboxWriteTools): Promise<void> {
  await trx
    .updateTable('outbox')
    .set({ status: 'failed', last_error: UNCERTAIN_REASON, updated_at: tools.now })
    .where('business_id', '=', row.business_id)
    .where('id', '=', row.id)
    .execute();
  await appendOutboxEvents(
    trx,
    row.business_id,
    [
      {
        outboxId: row.id,
        status: 'failed',
        detail: { reason: UNCERTAIN_REASON, provider: row.provider, leaseOwner: row.lease_owner },
      },
    ],
    tools,
  );
}

/** How many messages of the business went to the channel's provider after `since`, and the earliest of them. */
export async function claimsSince(
  trx: Db,
  businessId: string,
  channel: string,
  since: string,
  rowLocks: boolean,
): Promise<{ count: number; earliest: string | null }> {
  // Dispatchers counting for the same business and channel take turns (PostgreSQL); SQLite has one writer.
  if (rowLocks) await sql`select pg_advisory_xact_lock(hashtext(${`lunas-rate:${businessId}:${channel}`}))`.execute(trx);
  const row = await trx
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.min('claimed_at').as('earliest')])
    .where('business_id', '=', businessId)
    .where('channel', '=', channel)
    .where('claimed_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), earliest: row.earliest ?? null };
}

// ---------------------------------------------------------------- outcomes

export type Outcome =
  | { readonly kind: 'sent'; readonly providerMessageId: string | null }
  | { readonly kind: 'to_tap'; readonly link: string }
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterSeconds?: number }
  | { readonly kind: 'permanent'; readonly reason: string };

export interface Claim {
  readonly businessId: string;
  readonly id: string;
  readonly leaseOwner: string;
  /** The attempt this claim made: a later claim (after the lease expired) fences this one out. */
  readonly attempt: number;
}

export type RecordedOutcome = 'sent' | 'to_tap' | 'retried' | 'failed' | 'lost_lease';

/**
 * Records what the provider answered, if this claim still holds the message
 * (its dispatcher and attempt; also when it was parked as uncertain meanwhile):
 * sent with the provider's id; to tap with the link; a transient failure back to
 * queued after a backoff, or failed once the attempts are spent; a permanent
 * failure failed with the provider's reason, then the next channel is queued
 * (or the customer is recorded as unreachable for this message).
 */
export async function recordOutcome(
  trx: Db,
  claim: Claim,
  outcome: Outcome,
  tools: OutboxWriteTools,
  backoff: BackoffPolicy,
): Promise<RecordedOutcome> {
  const row = await trx
    .selectFrom('outbox')
    .selectAll()
    .where('business_id', '=', claim.businessId)
    .where('id', '=', claim.id)
    .where('lease_owner', '=', claim.leaseOwner)
    .where('attempts', '=', claim.attempt)
    .where('status', 'in', ['sending', 'failed'])
    .executeTakeFirst();
  if (!row || (row.status === 'failed' && row.last_error !== UNCERTAIN_REASON)) return 'lost_lease';
  const base = { lease_owner: null, lease_until: null, updated_at: tools.now };
  const update = (values: Partial<Omit<OutboxRow, 'business_id' | 'id'>>) =>
    trx
      .updateTable('outbox')
      .set({ ...base, ...values })
      .where('business_id', '=', row.business_id)
      .where('id', '=', row.id)
      .execute();
  const event = (status: string, detail: Record<string, unknown>) =>
    appendOutboxEvents(trx, row.business_id, [{ outboxId: row.id, status, detail: { attempt: row.attempts, ...detail } }], tools);
  switch (outcome.kind) {
    case 'sent':
      await update({ status: 'sent', provider_message_id: outcome.providerMessageId, last_error: null, not_before: null });
      await event('sent', { provider: row.provider, providerMessageId: outcome.providerMessageId });
      return 'sent';
    case 'to_tap':
      await update({ status: 'to_tap', link: outcome.link, last_error: null, not_before: null });
      await event('to_tap', { provider: row.provider });
      return 'to_tap';
    case 'transient': {
      if (row.attempts >= backoff.attemptsMax) {
        await update({ status: 'failed', last_error: outcome.reason });
        await event('failed', { reason: outcome.reason, attemptsSpent: true });
        return 'failed';
      }
      const wait = backoffSeconds(backoff, row.attempts, row.id, outcome.retryAfterSeconds);
      const until = new Date(Date.parse(tools.now) + wait * 1000).toISOString();
      await update({ status: 'queued', not_before: until, last_error: outcome.reason });
      await event('retrying', { reason: outcome.reason, until });
      return 'retried';
    }
    case 'permanent':
      await update({ status: 'failed', last_error: outcome.reason });
      await event('failed', { reason: outcome.reason, permanent: true });
      await fallBack(trx, row, outcome.reason, tools);
      return 'failed';
  }
}

/**
 * Fails a message the dispatcher will not hand to a provider (the channel is not
 * configured, or the customer opted out of it since), then falls back to the next channel.
 */
export async function failMessage(trx: Db, row: OutboxRow, reason: string, tools: OutboxWriteTools): Promise<void> {
  await trx
    .updateTable('outbox')
    .set({ status: 'failed', last_error: reason, updated_at: tools.now })
    .where('business_id', '=', row.business_id)
    .where('id', '=', row.id)
    .execute();
  await appendOutboxEvents(trx, row.business_id, [{ outboxId: row.id, status: 'failed', detail: { reason } }], tools);
  await fallBack(trx, row, reason, tools);
}

/** Where the customer can be reached, read from their record. */
async function contactOf(trx: Db, businessId: string, customerId: string): Promise<ContactPoints | undefined> {
  const row = await trx
    .selectFrom('customers')
    .select(['phone', 'email', 'preferred_channel', 'channel_order', 'opted_out'])
    .where('business_id', '=', businessId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!row) return undefined;
  const channels = (text: string | null): Channel[] | null =>
    text === null
      ? null
      : (JSON.parse(text) as string[]).filter((c): c is Channel => (CHANNELS as readonly string[]).includes(c));
  return {
    phone: row.phone,
    email: row.email,
    preferredChannel: (CHANNELS as readonly string[]).includes(row.preferred_channel ?? '')
      ? (row.preferred_channel as Channel)
      : null,
    channelOrder: channels(row.channel_order),
    optedOut: channels(row.opted_out) ?? [],
  };
}

/** The channels the business can send on: WhatsApp always (click-to-chat), the others when configured and enabled. */
async function configuredChannels(trx: Db, businessId: string): Promise<Set<Channel>> {
  const rows = await trx
    .selectFrom('channel_settings')
    .select(['channel', 'enabled'])
    .where('business_id', '=', businessId)
    .execute();
  const configured = new Set<Channel>(['whatsapp']);
  for (const row of rows)
    if ((CHANNELS as readonly string[]).includes(row.channel)) {
      if (row.enabled === 1) configured.add(row.channel as Channel);
      else if (row.channel !== 'whatsapp') configured.delete(row.channel as Channel);
    }
  return configured;
}

/** The channels a message was already tried on: its own and those it fell back from. */
function triedChannels(row: OutboxRow): Channel[] {
  const details = JSON.parse(row.details) as { triedChannels?: unknown };
  const earlier = Array.isArray(details.triedChannels) ? (details.triedChannels as Channel[]) : [];
  return [...earlier, row.channel as Channel];
}

/**
 * After a permanent failure: a new message on the next channel the customer can
 * be reached on (key: the old key + `:` + channel, so once only), or, when none
 * is left, the customer is recorded as unreachable for it (the owner's day lists them).
 */
async function fallBack(trx: Db, row: OutboxRow, reason: string, tools: OutboxWriteTools): Promise<void> {
  const contact = await contactOf(trx, row.business_id, row.customer_id);
  const tried = triedChannels(row);
  const details = JSON.parse(row.details) as Record<string, unknown>;
  const allowed = Array.isArray(details.allowedChannels) ? (details.allowedChannels as Channel[]) : CHANNELS;
  const next = contact
    ? channelsToTry(contact, allowed, await configuredChannels(trx, row.business_id)).find(
        (option) => !tried.includes(option.channel),
      )
    : undefined;
  if (next) {
    const id = tools.newId('msg');
    const key = `${row.key}:${next.channel}`;
    const inserted = await trx
      .insertInto('outbox')
      .values({
        business_id: row.business_id,
        id,
        key,
        customer_id: row.customer_id,
        channel: next.channel,
        recipient: next.recipient,
        body: row.body,
        details: JSON.stringify({ ...details, triedChannels: tried, fallbackFrom: row.id }),
        status: 'queued',
        attempts: 0,
        created_at: row.created_at,
        purpose: row.purpose,
        subject: row.subject,
        updated_at: tools.now,
      })
      .onConflict((conflict) => conflict.columns(['business_id', 'key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      await appendOutboxEvents(
        trx,
        row.business_id,
        [
          { outboxId: row.id, status: 'fallback', detail: { channel: next.channel, next: id } },
          { outboxId: id, status: 'queued', detail: { fallbackFrom: row.id, after: reason } },
        ],
        tools,
      );
    }
    return;
  }
  const business = await trx
    .selectFrom('businesses')
    .select('time_zone')
    .where('id', '=', row.business_id)
    .executeTakeFirstOrThrow();
  await appendOutboxEvents(
    trx,
    row.business_id,
    [{ outboxId: row.id, status: 'unreachable', detail: { channels: tried } }],
    tools,
  );
  // On the customer's timeline, once per message (the owner's day lists the customers to call).
  await trx
    .insertInto('collection_events')
    .values({
      business_id: row.business_id,
      id: tools.newId('cev'),
      key: `unreachable:${row.key}`,
      date: dateInZone(new Date(tools.now), business.time_zone),
      kind: 'unreachable',
      customer_id: row.customer_id,
      invoice_id: null,
      details: JSON.stringify({ ...details, reason: 'channels_failed', channels: tried, outboxId: row.id, error: reason }),
      actor: tools.actor,
      created_at: tools.now,
    })
    .onConflict((conflict) => conflict.columns(['business_id', 'key']).doNothing())
    .execute();
}

// ---------------------------------------------------------------- the owner's actions

export type OwnerAction = { ok: true; row: OutboxRow; changed: boolean } | { ok: false; status: OutboxStatus };

async function rowOf(trx: Db, businessId: string, id: string): Promise<OutboxRow | undefined> {
  return trx.selectFrom('outbox').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
}

/** Cancels a message that has not gone (queued, to tap, failed), with the reason; one already cancelled is left as it is. */
export async function cancelMessage(
  trx: Db,
  businessId: string,
  id: string,
  reason: string,
  tools: OutboxWriteTools,
  options: { from: readonly string[]; detail?: Record<string, unknown> },
): Promise<OwnerAction | undefined> {
  const row = await rowOf(trx, businessId, id);
  if (!row) return undefined;
  if (row.status === 'cancelled') return { ok: true, row, changed: false };
  if (!options.from.includes(row.status)) return { ok: false, status: row.status as OutboxStatus };
  const detail = options.detail ?? {};
  await trx
    .updateTable('outbox')
    .set({ status: 'cancelled', last_error: reason, lease_owner: null, lease_until: null, updated_at: tools.now })
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .execute();
  await appendOutboxEvents(trx, businessId, [{ outboxId: id, status: 'cancelled', detail: { reason, ...detail } }], tools);
  return { ok: true, row: (await rowOf(trx, businessId, id)) as OutboxRow, changed: true };
}

/** Queues a failed or cancelled message again, at once and with a fresh set of attempts. */
export async function retryMessage(
  trx: Db,
  businessId: string,
  id: string,
  tools: OutboxWriteTools,
): Promise<OwnerAction | undefined> {
  const row = await rowOf(trx, businessId, id);
  if (!row) return undefined;
  if (row.status === 'queued') return { ok: true, row, changed: false };
  if (row.status !== 'failed' && row.status !== 'cancelled') return { ok: false, status: row.status as OutboxStatus };
  await trx
    .updateTable('outbox')
    .set({ status: 'queued', not_before: null, attempts: 0, lease_owner: null, lease_until: null, updated_at: tools.now })
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .execute();
  await appendOutboxEvents(trx, businessId, [{ outboxId: id, status: 'queued', detail: { retriedFrom: row.status } }], tools);
  return { ok: true, row: (await rowOf(trx, businessId, id)) as OutboxRow, changed: true };
}

/** The owner opened a click-to-chat link: the message counts as sent, by them. Opening it again changes nothing. */
export async function markOpened(
  trx: Db,
  businessId: string,
  id: string,
  tools: OutboxWriteTools,
): Promise<OwnerAction | undefined> {
  const row = await rowOf(trx, businessId, id);
  if (!row) return undefined;
  if (['sent', 'delivered', 'read'].includes(row.status) && row.link !== null) return { ok: true, row, changed: false };
  if (row.status !== 'to_tap') return { ok: false, status: row.status as OutboxStatus };
  await trx
    .updateTable('outbox')
    .set({ status: 'sent', updated_at: tools.now })
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .execute();
  await appendOutboxEvents(trx, businessId, [{ outboxId: id, status: 'sent', detail: { opened: true } }], tools);
  return { ok: true, row: (await rowOf(trx, businessId, id)) as OutboxRow, changed: true };
}

/**
 * Click-to-chat messages not tapped yet that are no longer right, cancelled with the reason: a
 * reminder whose customer paid, promised, agreed a plan, disputed or reported a payment since
 * (the checks the dispatcher makes before sending), and any message a newer one of the same kind
 * to the same customer replaced (`superseded`: the newer reminder, the receipt with the newer
 * balance, the invoice sent again), so the owner's list holds one current message of each kind
 * per customer. Run where the list is read or acted on (`today`, `outbox open`), not on every
 * dispatcher pass. Returns how many were cancelled.
 */
export async function cancelOutdatedTaps(trx: Db, businessId: string, tools: OutboxWriteTools): Promise<number> {
  const rows = await trx
    .selectFrom('outbox')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('status', '=', 'to_tap')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (rows.length === 0) return 0;
  const reminders = rows.filter((row) => (row.purpose ?? 'reminder') === 'reminder');
  const { stale } = await deliveryChecks(trx, reminders, () => true);
  const kindOf = (row: OutboxRow) => {
    const purpose = row.purpose ?? 'reminder';
    const about = purpose === 'invoice' ? ((JSON.parse(row.details) as { invoiceId?: string }).invoiceId ?? '') : '';
    return `${row.customer_id}:${purpose}:${about}`;
  };
  const newest = new Map<string, string>();
  for (const row of rows) newest.set(kindOf(row), row.id);
  let cancelled = 0;
  for (const row of rows) {
    const reason = stale.get(row.id) ?? (newest.get(kindOf(row)) === row.id ? undefined : 'superseded');
    if (reason === undefined) continue;
    await cancelMessage(trx, row.business_id, row.id, reason, tools, { from: ['to_tap'], detail: { byDispatcher: true } });
    cancelled++;
  }
  return cancelled;
}

// ---------------------------------------------------------------- providers' status updates

export interface StatusUpdateInput {
  readonly providerMessageId: string;
  readonly status: 'sent' | 'delivered' | 'read' | 'failed';
  readonly at: string;
  readonly reason?: string;
}

/**
 * Applies a provider's delivery statuses to the messages it sent, found by
 * (provider, provider message id): forward only (sent → delivered → read), a
 * failure only before delivery (then the next channel, as for a send that
 * failed), and a duplicate or unknown update changes nothing. Returns how many
 * messages changed.
 */
export async function applyStatusUpdates(
  trx: Db,
  provider: string,
  updates: readonly StatusUpdateInput[],
  tools: OutboxWriteTools,
  /** The business whose webhook it came to; none: any (the provider's ids are unique to it). */
  businessId?: string,
): Promise<{ applied: number; ignored: number }> {
  let applied = 0;
  for (const update of updates) {
    let query = trx.selectFrom('outbox').selectAll();
    if (businessId !== undefined) query = query.where('business_id', '=', businessId);
    const row = await query
      .where('provider', '=', provider)
      .where('provider_message_id', '=', update.providerMessageId)
      .executeTakeFirst();
    const next = row ? nextDeliveryStatus(row.status as OutboxStatus, update.status) : null;
    if (!row || next === null) continue;
    await trx
      .updateTable('outbox')
      .set({ status: next, updated_at: tools.now, ...(next === 'failed' ? { last_error: update.reason ?? 'failed' } : {}) })
      .where('business_id', '=', row.business_id)
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .execute();
    await appendOutboxEvents(
      trx,
      row.business_id,
      [
        {
          outboxId: row.id,
          status: next,
          detail: { providerAt: update.at, ...(update.reason ? { reason: update.reason } : {}) },
        },
      ],
      tools,
    );
    if (next === 'failed') await fallBack(trx, row, update.reason ?? 'failed', tools);
    applied++;
  }
  return { applied, ignored: updates.length - applied };
}

// ---------------------------------------------------------------- re-checking a reminder

export type StaleReason =
  'paid_since' | 'promised_since' | 'planned_since' | 'disputed_since' | 'reported_since' | 'invoice_closed' | 'nothing_owed';

/** Entries that mean the customer paid or owes less: payments, credit notes, write-offs, voids (reversals). */
const PAID_CODES = ['payment', 'credit_note', 'write_off', 'reversal'] as const;

/**
 * Why each reminder among `rows` is no longer due (absent: it still is), read
 * for the whole batch at once: anything paid, credited, written off or voided
 * for the customer since the reminder was created (at the same instant too: in
 * doubt a reminder is not sent), a promise, a plan, a dispute or a reported
 * payment since, the lead invoice no longer open (or the lead instalment's plan
 * no longer active), or nothing owed at all. Also the channels each customer
 * opted out of, now.
 */
export async function deliveryChecks(
  trx: Db,
  rows: readonly OutboxRow[],
  isReminder: (row: OutboxRow) => boolean,
): Promise<{ stale: Map<string, StaleReason>; optedOut: Map<string, readonly string[]> }> {
  const stale = new Map<string, StaleReason>();
  const optedOut = new Map<string, readonly string[]>();
  for (const [businessId, group] of groupBy(rows, (row) => row.business_id)) {
    const customerIds = [...new Set(group.map((row) => row.customer_id))];
    const customers = await trx
      .selectFrom('customers')
      .select(['id', 'balance_minor', 'opted_out'])
      .where('business_id', '=', businessId)
      .where('id', 'in', customerIds)
      .execute();
    const balance = new Map(customers.map((c) => [c.id, Number(c.balance_minor)]));
    for (const c of customers) optedOut.set(c.id, JSON.parse(c.opted_out) as string[]);
    const reminders = group.filter(isReminder);
    if (reminders.length === 0) continue;
    const remindedIds = [...new Set(reminders.map((row) => row.customer_id))];
    const since = reminders.reduce(
      (min, row) => (row.created_at < min ? row.created_at : min),
      reminders[0]?.created_at as string,
    );
    const latestBy = (found: readonly { customer_id: string | null; latest: string | null }[]) =>
      new Map(found.flatMap((f) => (f.customer_id && f.latest ? [[f.customer_id, f.latest] as const] : [])));
    const paid = latestBy(
      await trx
        .selectFrom('journal_lines as l')
        .innerJoin('journal_entries as e', (join) =>
          join.onRef('e.business_id', '=', 'l.business_id').onRef('e.id', '=', 'l.entry_id'),
        )
        .select((eb) => ['l.customer_id', eb.fn.max('e.created_at').as('latest')])
        .where('l.business_id', '=', businessId)
        .where('l.account', 'in', ['receivable', 'customer_credit'])
        .where('l.customer_id', 'in', remindedIds)
        .where('e.code', 'in', PAID_CODES)
        .where('e.created_at', '>=', since)
        .groupBy('l.customer_id')
        .execute(),
    );
    const latestIn = async (table: 'promises' | 'payment_plans' | 'disputes' | 'pending_payments') =>
      latestBy(
        await trx
          .selectFrom(table)
          .select((eb) => ['customer_id', eb.fn.max('created_at').as('latest')])
          .where('business_id', '=', businessId)
          .where('customer_id', 'in', remindedIds)
          .where('created_at', '>=', since)
          .groupBy('customer_id')
          .execute(),
      );
    const since_: [StaleReason, Map<string, string>][] = [
      ['paid_since', paid],
      ['promised_since', await latestIn('promises')],
      ['planned_since', await latestIn('payment_plans')],
      ['disputed_since', await latestIn('disputes')],
      ['reported_since', await latestIn('pending_payments')],
    ];
    const leadOf = (row: OutboxRow) => {
      const lead = (JSON.parse(row.details) as { lead?: { itemKey?: unknown } }).lead?.itemKey;
      return typeof lead === 'string' ? lead : undefined;
    };
    const leads = reminders.flatMap((row) => leadOf(row) ?? []);
    const invoiceLeads = leads.filter((lead) => !lead.includes('#'));
    const planLeads = leads.filter((lead) => lead.includes('#')).map((lead) => lead.split('#')[0] as string);
    const open = new Set<string>();
    for (const batch of chunked(invoiceLeads))
      for (const row of await trx
        .selectFrom('invoices')
        .select('id')
        .where('business_id', '=', businessId)
        .where('id', 'in', batch)
        .where('status', '=', 'open')
        .execute())
        open.add(row.id);
    for (const batch of chunked(planLeads))
      for (const row of await trx
        .selectFrom('payment_plans')
        .select('id')
        .where('business_id', '=', businessId)
        .where('id', 'in', batch)
        .where('status', '=', 'active')
        .execute())
        open.add(`${row.id}#`);
    for (const row of reminders) {
      const changed = since_.find(([, latest]) => (latest.get(row.customer_id) ?? '') >= row.created_at);
      const lead = leadOf(row);
      const reason: StaleReason | null = changed
        ? changed[0]
        : lead !== undefined && !open.has(lead.includes('#') ? `${lead.split('#')[0]}#` : lead)
          ? 'invoice_closed'
          : (balance.get(row.customer_id) ?? 0) <= 0
            ? 'nothing_owed'
            : null;
      if (reason) stale.set(row.id, reason);
    }
  }
  return { stale, optedOut };
}

// ---------------------------------------------------------------- reading

export interface OutboxFilter {
  readonly status?: string | undefined;
  readonly customerId?: string | undefined;
  readonly purpose?: string | undefined;
  /** Instants (ISO UTC): created at or after `from`, before `to`. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** A page of the business's messages, newest first (`after`: the last id of the previous page). */
export async function findMessages(
  db: Db,
  businessId: string,
  filter: OutboxFilter,
  page: { limit: number; afterId?: string | undefined },
): Promise<OutboxRow[]> {
  let query = db.selectFrom('outbox').selectAll().where('business_id', '=', businessId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.purpose)
    query = query.where((eb) =>
      filter.purpose === 'reminder'
        ? eb.or([eb('purpose', '=', 'reminder'), eb('purpose', 'is', null)])
        : eb('purpose', '=', filter.purpose as string),
    );
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  if (page.afterId) query = query.where('id', '<', page.afterId);
  return query.orderBy('id', 'desc').limit(page.limit).execute();
}

/** One message by its id, or by the tail a person types (an ambiguous tail finds several). */
export async function findMessageById(db: Db, businessId: string, idOrTail: string): Promise<OutboxRow[]> {
  const exact = await db
    .selectFrom('outbox')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('id', '=', idOrTail)
    .execute();
  if (exact.length > 0 || idOrTail.length < SHORT_ID_LENGTH - 2 || !/^[0-9a-z]+$/.test(idOrTail)) return exact;
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('id', 'like', `%${idOrTail}`)
    .limit(5)
    .execute();
}

/** The histories of messages, oldest change first. */
export async function eventsOfMessages(db: Db, businessId: string, ids: readonly string[]): Promise<Map<string, OutboxEvent[]>> {
  const out = new Map<string, OutboxEvent[]>();
  for (const batch of chunked(ids)) {
    if (batch.length === 0) continue;
    const rows = await db
      .selectFrom('outbox_events')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('outbox_id', 'in', batch)
      .orderBy('at')
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const list = out.get(row.outbox_id) ?? [];
      list.push({
        id: row.id,
        outboxId: row.outbox_id,
        at: row.at,
        status: row.status,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
        actor: row.actor,
      });
      out.set(row.outbox_id, list);
    }
  }
  return out;
}

/** Counts of the business's messages by status. */
export async function countByStatus(db: Db, businessId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('count')])
    .where('business_id', '=', businessId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** The quiet hours and time zone of businesses. */
export async function quietHoursOf(
  db: Db,
  businessIds: readonly string[],
): Promise<Map<string, { timeZone: string; quietStart: string; quietEnd: string }>> {
  const out = new Map<string, { timeZone: string; quietStart: string; quietEnd: string }>();
  for (const batch of chunked([...new Set(businessIds)])) {
    if (batch.length === 0) continue;
    const rows = await db
      .selectFrom('businesses')
      .select(['id', 'time_zone', 'quiet_start', 'quiet_end'])
      .where('id', 'in', batch)
      .execute();
    for (const row of rows) out.set(row.id, { timeZone: row.time_zone, quietStart: row.quiet_start, quietEnd: row.quiet_end });
  }
  return out;
}

/** The languages customers chose, by id (those who chose none are left out). */
export async function customerLocalesOf(db: Db, businessId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'locale'])
    .where('business_id', '=', businessId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.flatMap((row) => (row.locale ? [[row.id, row.locale] as const] : [])));
}

/** The businesses with messages due now, read without locks (the claim decides). */
export async function businessesWithDueMessages(db: Db, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('business_id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb.or([eb('not_before', 'is', null), eb('not_before', '<=', now)])]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', now)]),
      ]),
    )
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return [...new Set(rows.map((row) => row.business_id))];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(keyOf(item)) ?? [];
    list.push(item);
    out.set(keyOf(item), list);
  }
  return out;
}
