/**
 * The dispatcher (issue 13, decision 0020): one pass takes the messages that
 * are due, decides in one transaction what happens to each (re-checked that a
 * reminder is still due, held for quiet hours or the rate limit, parked when an
 * earlier send's fate is unknown), commits the send record, calls the
 * providers, and records each answer in its own transaction. Any number of
 * dispatchers may run against one PostgreSQL: the rows are claimed `FOR UPDATE
 * SKIP LOCKED` and fenced by the lease.
 */
import { channelSettingsOf, type ChannelSettingRow } from '../store/channel-settings-repo.js';
import {
  type Claim,
  type OutboxRow,
  type OutboxWriteTools,
  type RecordedOutcome,
  businessesWithDueMessages,
  cancelMessage,
  claimsSince,
  deferMessage,
  failMessage,
  lockDueMessages,
  markSending,
  parkUncertain,
  quietHoursOf,
  recordOutcome,
  deliveryChecks,
} from '../store/outbox-repo.js';
import { type BackoffPolicy, DEFAULT_BACKOFF, quietHoursEnd } from '../core/delivery.js';
import type { Channel } from '../core/policy.js';
import { isMobileNumber } from '../core/channel-choice.js';
import {
  type OutgoingMessage,
  PROVIDERS,
  type Provider,
  type ProviderName,
  type SendOutcome,
  createProvider,
} from '../channels/index.js';
import type { AppContext } from './context.js';
import { invoicePdf } from './invoice-pdf.js';
import type { Locale } from '../core/parties.js';

/** The providers a business sends with, by channel, and each channel's setting (its rate limit). */
export interface BusinessProviders {
  readonly providers: ReadonlyMap<Channel, Provider>;
  readonly settings: readonly ChannelSettingRow[];
}
export type ProvidersFor = (businessId: string) => Promise<BusinessProviders>;
/** Makes the provider a configured channel names, or undefined when it names none this build knows. */
export type ProviderFactory = (setting: ChannelSettingRow) => Provider | undefined;

/** Messages a minute per business and channel when the owner set no rate: API providers' common fair-use pace. */
export const DEFAULT_RATE_PER_MINUTE = 60;
export const DEFAULT_LEASE_SECONDS = 120;
export const DEFAULT_SEND_TIMEOUT_MS = 30_000;
export const DEFAULT_DISPATCH_LIMIT = 100;
const DEFAULT_CONCURRENCY = 8;

/** The providers of `src/channels`, from a stored channel setting. */
export const channelProviders: ProviderFactory = (setting) =>
  (PROVIDERS as readonly string[]).includes(setting.provider)
    ? createProvider(setting.provider as ProviderName, setting.config)
    : undefined;

export interface ProviderRegistry extends ProvidersFor {
  /** Closes every provider it made (SMTP keeps pooled connections). */
  close(): Promise<void>;
}

/**
 * The providers of a business from its channel settings: WhatsApp by
 * click-to-chat unless an enabled WhatsApp API provider is configured; SMS and
 * email when configured and enabled. A provider is made once per setting and
 * reused until the setting changes (then the old one is closed).
 */
export function providerRegistry(ctx: Pick<AppContext, 'store'>, factory: ProviderFactory = channelProviders): ProviderRegistry {
  const made = new Map<string, { stamp: string; provider: Provider }>();
  const clickToChat = createProvider('wa_link', {});
  const providerOf = (businessId: string, setting: ChannelSettingRow): Provider | undefined => {
    const key = `${businessId}\u0000${setting.channel}`;
    const stamp = `${setting.provider}\u0000${setting.updatedAt}`;
    const cached = made.get(key);
    if (cached?.stamp === stamp) return cached.provider;
    void cached?.provider.close?.();
    const provider = factory(setting);
    if (provider) made.set(key, { stamp, provider });
    else made.delete(key);
    return provider;
  };
  const registry = async (businessId: string): Promise<BusinessProviders> => {
    const settings = await channelSettingsOf(ctx.store.db, businessId);
    const providers = new Map<Channel, Provider>([['whatsapp', clickToChat]]);
    for (const setting of settings) {
      if (!setting.enabled) continue;
      const provider = providerOf(businessId, setting);
      if (provider) providers.set(provider.channel, provider);
    }
    return { providers, settings };
  };
  return Object.assign(registry, {
    async close() {
      await Promise.all([...made.values()].map(({ provider }) => provider.close?.()));
      made.clear();
    },
  });
}

export interface DispatchOptions {
  /** Who holds the leases this pass takes (unique per dispatcher process). */
  readonly owner: string;
  /** Messages taken in one pass. */
  readonly limit?: number;
  readonly providers?: ProvidersFor;
  readonly leaseSeconds?: number;
  readonly backoff?: BackoffPolicy;
  readonly sendTimeoutMs?: number;
  /** Sends in flight at once. */
  readonly concurrency?: number;
}

export interface DispatchCounts {
  /** Messages this pass took (including those it held back or cancelled). */
  claimed: number;
  sent: number;
  toTap: number;
  retried: number;
  failed: number;
  cancelled: number;
  /** Held for quiet hours or the rate limit. */
  held: number;
  /** Left in `sending` by a stopped dispatcher with a provider that cannot drop a repeat: parked as failed. */
  uncertain: number;
}

function emptyCounts(): DispatchCounts {
  return { claimed: 0, sent: 0, toTap: 0, retried: 0, failed: 0, cancelled: 0, held: 0, uncertain: 0 };
}

/** A reminder and anything queued before purposes existed are re-checked before they go. */
function isReminder(row: OutboxRow): boolean {
  return row.purpose === null || row.purpose === 'reminder';
}

/** Click-to-chat sends nothing by itself: the owner taps when they choose, so quiet hours and rates do not hold it. */
function leavesNothing(provider: Provider): boolean {
  return provider.name === 'wa_link';
}

/**
 * One pass: claims up to `limit` due messages, sends them, and records what
 * happened. Returns the counts of this pass (zero claimed: nothing was due).
 */
export async function dispatchOnce(ctx: AppContext, options: DispatchOptions): Promise<DispatchCounts> {
  if (options.providers) return dispatchPass(ctx, options, options.providers);
  const registry = providerRegistry(ctx);
  try {
    return await dispatchPass(ctx, options, registry);
  } finally {
    await registry.close();
  }
}

async function dispatchPass(ctx: AppContext, options: DispatchOptions, providersFor: ProvidersFor): Promise<DispatchCounts> {
  const counts = emptyCounts();
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const limit = options.limit ?? DEFAULT_DISPATCH_LIMIT;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const tools: OutboxWriteTools = { now: nowIso, actor: ctx.actor.name, newId: (prefix) => ctx.ids.next(prefix) };
  const lease = {
    owner: options.owner,
    until: new Date(now.getTime() + (options.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000).toISOString(),
  };
  const rowLocks = ctx.store.seam.rowLocks;

  // The providers of each business with something due, read before the claim (a claim holds the only connection on SQLite).
  const businesses = await businessesWithDueMessages(ctx.store.db, nowIso, limit);
  const registry = new Map<string, BusinessProviders>();
  for (const businessId of businesses) registry.set(businessId, await providersFor(businessId));

  const claimed = await ctx.store.seam.writeTransaction(async (trx) => {
    const rows = (await lockDueMessages(trx, { now: nowIso, limit, rowLocks })).filter((row) => registry.has(row.business_id));
    counts.claimed = rows.length;
    const quiet = await quietHoursOf(
      trx,
      rows.map((row) => row.business_id),
    );
    const checks = await deliveryChecks(
      trx,
      rows.filter((row) => row.status === 'queued'),
      isReminder,
    );
    const toSend: { row: OutboxRow; provider: Provider }[] = [];
    for (const row of rows) {
      const { providers } = registry.get(row.business_id) as BusinessProviders;
      const provider = providers.get(row.channel as Channel);
      if (row.status === 'sending') {
        // Left mid-send by a stopped dispatcher: only a provider that drops repeats may be called again.
        if (provider && provider.name === row.provider && provider.deduplicates) toSend.push({ row, provider });
        else {
          await parkUncertain(trx, row, tools);
          counts.uncertain++;
        }
        continue;
      }
      const stale = checks.stale.get(row.id);
      if (stale) {
        await cancelMessage(trx, row.business_id, row.id, stale, tools, { from: ['queued'], detail: { byDispatcher: true } });
        counts.cancelled++;
        continue;
      }
      if ((checks.optedOut.get(row.customer_id) ?? []).includes(row.channel)) {
        await failMessage(trx, row, 'opted_out', tools);
        counts.failed++;
        continue;
      }
      if (row.channel !== 'email' && !isMobileNumber(row.recipient)) {
        // A landline (021…) has no WhatsApp and takes no SMS: the next channel, or the owner calls.
        await failMessage(trx, row, 'not_a_mobile_number', tools);
        counts.failed++;
        continue;
      }
      if (!provider) {
        await failMessage(trx, row, 'channel_not_configured', tools);
        counts.failed++;
        continue;
      }
      const hours = quiet.get(row.business_id);
      const until =
        hours && !leavesNothing(provider) ? quietHoursEnd(now, hours.timeZone, hours.quietStart, hours.quietEnd) : null;
      if (until) {
        await deferMessage(trx, row, until.toISOString(), 'quiet_hours', tools);
        counts.held++;
        continue;
      }
      toSend.push({ row, provider });
    }
    const allowed = await applyRateLimits(trx, toSend, registry, now, tools, rowLocks);
    counts.held += toSend.length - allowed.length;
    await markSending(
      trx,
      allowed.map(({ row, provider }) => ({ row, provider: provider.name })),
      lease,
      tools,
    );
    return allowed;
  });

  const record = outcomeRecorder(ctx, tools, backoff);
  await inParallel(claimed, options.concurrency ?? DEFAULT_CONCURRENCY, async ({ row, provider }) => {
    const outcome = await sendSafely(provider, await outgoingOf(ctx, row), options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS);
    const claim: Claim = { businessId: row.business_id, id: row.id, leaseOwner: lease.owner, attempt: row.attempts + 1 };
    count(counts, await record(claim, outcome));
  });
  return counts;
}

/**
 * Records answers as they come, each as soon as possible: the answers that
 * arrive while one transaction is being written go together in the next (at
 * most the sends in flight), so a busy dispatcher commits once per handful of
 * messages and a crash leaves no more than those unrecorded.
 */
function outcomeRecorder(
  ctx: AppContext,
  tools: OutboxWriteTools,
  backoff: BackoffPolicy,
): (claim: Claim, outcome: SendOutcome) => Promise<RecordedOutcome> {
  type Pending = { claim: Claim; outcome: SendOutcome; done(recorded: RecordedOutcome): void; failed(error: unknown): void };
  const pending: Pending[] = [];
  let writing = false;
  const write = async () => {
    writing = true;
    while (pending.length > 0) {
      const batch = pending.splice(0);
      const now: OutboxWriteTools = { ...tools, now: ctx.clock.now().toISOString() };
      try {
        const recorded = await ctx.store.seam.writeTransaction(async (trx) => {
          const out: RecordedOutcome[] = [];
          for (const item of batch) out.push(await recordOutcome(trx, item.claim, item.outcome, now, backoff));
          return out;
        });
        batch.forEach((item, i) => item.done(recorded[i] as RecordedOutcome));
      } catch (error) {
        for (const item of batch) item.failed(error);
      }
    }
    writing = false;
  };
  return (claim, outcome) =>
    new Promise((resolve, reject) => {
      pending.push({ claim, outcome, done: resolve, failed: reject });
      if (!writing) void write();
    });
}

function count(counts: DispatchCounts, recorded: RecordedOutcome): void {
  if (recorded === 'sent') counts.sent++;
  else if (recorded === 'to_tap') counts.toTap++;
  else if (recorded === 'retried') counts.retried++;
  else if (recorded === 'failed') counts.failed++;
}

/**
 * Keeps, per business and channel, only as many messages as its rate allows in
 * the last minute (counted in the store, so dispatchers share it); the rest wait
 * until the oldest send of the window is a minute old.
 */
async function applyRateLimits(
  trx: Parameters<Parameters<AppContext['store']['seam']['writeTransaction']>[0]>[0],
  toSend: readonly { row: OutboxRow; provider: Provider }[],
  registry: ReadonlyMap<string, BusinessProviders>,
  now: Date,
  tools: OutboxWriteTools,
  rowLocks: boolean,
): Promise<{ row: OutboxRow; provider: Provider }[]> {
  const allowed: { row: OutboxRow; provider: Provider }[] = [];
  const groups = new Map<string, { row: OutboxRow; provider: Provider }[]>();
  for (const item of toSend) {
    if (leavesNothing(item.provider) || item.row.status === 'sending') {
      allowed.push(item);
      continue;
    }
    const key = `${item.row.business_id}\u0000${item.row.channel}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const windowStart = new Date(now.getTime() - 60_000).toISOString();
  for (const items of groups.values()) {
    const first = items[0] as { row: OutboxRow };
    const { business_id: businessId, channel } = first.row;
    const setting = registry.get(businessId)?.settings.find((s) => s.channel === channel);
    const rate = setting?.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE;
    const used = await claimsSince(trx, businessId, channel, windowStart, rowLocks);
    const room = Math.max(0, rate - used.count);
    allowed.push(...items.slice(0, room));
    const waitUntil = new Date((used.earliest ? Date.parse(used.earliest) : now.getTime()) + 60_000).toISOString();
    for (const { row } of items.slice(room)) await deferMessage(trx, row, waitUntil, 'rate_limit', tools);
  }
  return allowed;
}

/** The message as the provider gets it: an invoice sent by email carries its PDF (app/documents.ts). */
async function outgoingOf(ctx: AppContext, row: OutboxRow): Promise<OutgoingMessage> {
  const base: OutgoingMessage = {
    id: row.id,
    businessId: row.business_id,
    recipient: row.recipient,
    text: row.body,
    ...(row.subject ? { subject: row.subject } : {}),
  };
  if (row.channel !== 'email' || row.purpose !== 'invoice') return base;
  const details = JSON.parse(row.details) as { invoiceId?: string; locale?: Locale };
  if (!details.invoiceId) return base;
  const pdf = await invoicePdf(ctx, row.business_id, details.invoiceId, details.locale);
  return pdf.ok
    ? { ...base, attachments: [{ filename: pdf.value.fileName, contentType: 'application/pdf', content: pdf.value.bytes }] }
    : base;
}

/** A provider never throws by contract; one that does, or hangs past the timeout, is a transient failure. */
async function sendSafely(provider: Provider, message: OutgoingMessage, timeoutMs: number): Promise<SendOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await provider.send(message, signal);
  } catch (error) {
    // The error's own text may carry a provider's URL or credentials: only its kind is kept.
    return { kind: 'transient', reason: signal.aborted ? 'timeout' : `provider error (${(error as Error).name})` };
  }
}

async function inParallel<T>(items: readonly T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
