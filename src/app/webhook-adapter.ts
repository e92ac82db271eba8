/**
 * The providers' webhook parsers (src/channels), and the outbox's status updates for the webhook
 * routes (`applyStatusUpdates`, through store/outbox-repo.ts).
 */
import type { Kysely } from 'kysely';
import type { ProviderName, StatusUpdate, WebhookParser } from '../channels/channel.js';
import { createWebhookParser as createParser } from '../channels/index.js';
import type { Database } from '../store/schema.js';
import { applyStatusUpdates as applyOutboxStatusUpdates } from '../store/outbox-repo.js';

/** The parser of a provider's webhooks with the business's configuration (src/channels); undefined: none. */
export function createWebhookParser(
  name: ProviderName,
  config: Record<string, unknown>,
  now: () => string,
): WebhookParser | undefined {
  return createParser(name, config, { now });
}

/**
 * Applies delivery statuses to the business's outbox messages (store/outbox-repo.ts, decision 0020):
 * forward only, a repeated or late update changes nothing, a failure before delivery falls back to
 * the next channel. Returns how many messages changed.
 */
export async function applyStatusUpdates(
  db: Kysely<Database>,
  businessId: string,
  provider: ProviderName,
  updates: readonly StatusUpdate[],
  tools: { now: string; newId(prefix: string): string; actor: string },
): Promise<number> {
  return (await applyOutboxStatusUpdates(db, provider, updates, tools, businessId)).applied;
}
