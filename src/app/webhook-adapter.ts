/**
 * ADAPTER, to be replaced at merge. Two pieces other helpers own, standing in
 * until they land:
 * - `createWebhookParser(name, config)` (branch i13-providers, `src/channels/index.ts`): here only the WhatsApp
 *   Cloud API's (its `X-Hub-Signature-256` HMAC-SHA256 of the raw body with the app secret, the `hub.challenge`
 *   handshake, `statuses` and text `messages`); other providers are refused until theirs lands.
 * - `applyStatusUpdates(db, businessId, provider, updates)` (branch i13-dispatch, `src/store/outbox-repo.ts`): here a
 *   minimal forward-only update of the outbox with one history row per change.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  InboundReply,
  ProviderName,
  StatusUpdate,
  WebhookParser,
  WebhookRequest,
  WebhookResult,
} from '../channels/channel.js';
import type { Database } from '../store/schema.js';

function cloudParser(config: Record<string, unknown>): WebhookParser {
  const appSecret = typeof config.appSecret === 'string' ? config.appSecret : '';
  const verifyToken = typeof config.verifyToken === 'string' ? config.verifyToken : '';
  return {
    name: 'whatsapp_cloud',
    parse(request: WebhookRequest): WebhookResult {
      if (request.method === 'GET') {
        const query = new URL(request.url, 'http://localhost').searchParams;
        if (query.get('hub.mode') === 'subscribe' && verifyToken !== '' && query.get('hub.verify_token') === verifyToken)
          return { kind: 'challenge', body: query.get('hub.challenge') ?? '' };
        return { kind: 'refused', reason: 'verify token does not match' };
      }
      const header = request.headers['x-hub-signature-256'] ?? '';
      const expected = `sha256=${createHmac('sha256', appSecret).update(request.rawBody).digest('hex')}`;
      const given = Buffer.from(header);
      if (appSecret === '' || given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
        return { kind: 'refused', reason: 'bad signature' };
      let body: unknown;
      try {
        body = JSON.parse(request.rawBody.toString('utf8'));
      } catch {
        return { kind: 'refused', reason: 'not JSON' };
      }
      const statuses: StatusUpdate[] = [];
      const replies: InboundReply[] = [];
      const entries = (body as { entry?: unknown }).entry;
      for (const entry of Array.isArray(entries) ? entries : [])
        for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
          const value = change?.value ?? {};
          for (const status of Array.isArray(value.statuses) ? value.statuses : []) {
            if (typeof status?.id !== 'string' || !['sent', 'delivered', 'read', 'failed'].includes(status.status)) continue;
            const reason = Array.isArray(status.errors) ? status.errors[0]?.title : undefined;
            statuses.push({
              providerMessageId: status.id,
              status: status.status,
              at: new Date(Number(status.timestamp) * 1000 || 0).toISOString(),
              ...(typeof reason === 'string' ? { reason } : {}),
            });
          }
          for (const message of Array.isArray(value.messages) ? value.messages : []) {
            if (typeof message?.from !== 'string' || message.type !== 'text' || typeof message.text?.body !== 'string') continue;
            replies.push({
              from: `+${message.from.replace(/^\+/, '')}`,
              text: message.text.body,
              at: new Date(Number(message.timestamp) * 1000 || 0).toISOString(),
            });
          }
        }
      return { kind: 'batch', batch: { statuses, replies } };
    },
  };
}

/** The parser of a provider's webhooks with the business's configuration; undefined: none yet. */
export function createWebhookParser(name: ProviderName, config: Record<string, unknown>): WebhookParser | undefined {
  return name === 'whatsapp_cloud' ? cloudParser(config) : undefined;
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
