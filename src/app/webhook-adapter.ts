/**
 * The providers' webhook parsers (src/channels), and an ADAPTER to be replaced at merge:
 * - `applyStatusUpdates(db, businessId, provider, updates)` (branch i13-dispatch, `src/store/outbox-repo.ts`): here a
 *   minimal forward-only update of the outbox with one history row per change.
 */
import type { Kysely } from 'kysely';
import type { ProviderName, StatusUpdate, WebhookParser } from '../channels/channel.js';
import { createWebhookParser as createParser } from '../channels/index.js';
import type { Database } from '../store/schema.js';

/** The parser of a provider's webhooks with the business's configuration (src/channels); undefined: none. */
export function createWebhookParser(
  name: ProviderName,
  config: Record<string, unknown>,
  now: () => string,
): WebhookParser | undefined {
  return createParser(name, config, { now });
}

const RANK: Readonly<Record<string, number>> = { queued: 0, sending: 1, to_tap: 1, sent: 2, delivered: 3, read: 4 };

/** Applies delivery statuses to the business's outbox messages: forward only, so a repeated or late update changes nothing. */
export async function applyStatusUpdates(
  db: Kysely<Database>,
  businessId: string,
  provider: ProviderName,
  updates: readonly StatusUpdate[],
  tools: { now: string; newId(prefix: string): string; actor: string },
): Promise<number> {
  let applied = 0;
  for (const update of updates) {
    const row = await db
      .selectFrom('outbox')
      .select(['id', 'status'])
      .where('business_id', '=', businessId)
      .where('provider', '=', provider)
      .where('provider_message_id', '=', update.providerMessageId)
      .executeTakeFirst();
    if (!row) continue;
    const current = RANK[row.status];
    const moves =
      update.status === 'failed'
        ? current !== undefined && current <= RANK.sent!
        : current !== undefined && (RANK[update.status] ?? -1) > current;
    if (!moves) continue;
    await db
      .updateTable('outbox')
      .set({ status: update.status, updated_at: tools.now, ...(update.reason ? { last_error: update.reason } : {}) })
      .where('business_id', '=', businessId)
      .where('id', '=', row.id)
      .execute();
    await db
      .insertInto('outbox_events')
      .values({
        business_id: businessId,
        id: tools.newId('oev'),
        outbox_id: row.id,
        at: tools.now,
        status: update.status,
        detail: JSON.stringify({ providerAt: update.at, ...(update.reason ? { reason: update.reason } : {}) }),
        actor: tools.actor,
      })
      .execute();
    applied++;
  }
  return applied;
}
