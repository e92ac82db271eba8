/**
 * What a provider's webhook brings (issue 13): delivery statuses for outbox
 * messages, and the customers' replies. No one signs in: the provider's own
 * signature (checked by its parser on the raw body) is the credential. A reply
 * of STOP / BERHENTI / UNSUBSCRIBE opts the customer out of that channel; every
 * reply becomes a `reply` note on the customer's timeline.
 */
import { PROVIDER_CHANNEL, type ProviderName, type WebhookRequest } from '../channels/channel.js';
import { dateInZone } from '../core/dates.js';
import type { Channel } from '../core/policy.js';
import { type Result, ok } from '../core/result.js';
import { channelSettingsOf } from '../store/channel-settings-repo.js';
import { customersWithPhone, insertNote, setOptedOut } from '../store/notes-repo.js';
import { getBusiness } from '../store/parties-repo.js';
import { runCommand } from './command.js';
import type { AppContext } from './context.js';
import { applyStatusUpdates, createWebhookParser } from './webhook-adapter.js';
import { isOptOutText } from '../channels/index.js';
import { cleanText } from '../core/text.js';

/** A reply is kept on the timeline up to this many characters. */
const NOTE_TEXT_MAX = 2000;

/** A reply that means "no more messages here" (STOP, BERHENTI, UNSUBSCRIBE…, as the providers' parsers read them). */
export function isStopReply(reply: { text: string; optOut?: boolean }): boolean {
  return reply.optOut ?? isOptOutText(reply.text);
}

export type WebhookOutcome =
  | { kind: 'challenge'; body: string }
  | { kind: 'refused'; cause: string }
  | { kind: 'done'; statusesApplied: number; replies: number; optedOut: number };

/**
 * Handles one webhook request for a business's provider. Refused (for the route to answer 401 and log) when the
 * business does not send through that provider or the parser does not accept the request (a bad signature).
 */
export async function handleWebhook(
  app: Omit<AppContext, 'actor'>,
  businessId: string,
  provider: ProviderName,
  request: WebhookRequest,
): Promise<Result<WebhookOutcome>> {
  const business = await getBusiness(app.store.db, businessId);
  if (!business) return ok({ kind: 'refused', cause: 'unknown business' });
  const channel: Channel = PROVIDER_CHANNEL[provider];
  const setting = (await channelSettingsOf(app.store.db, businessId)).find((row) => row.channel === channel);
  if (!setting || setting.provider !== provider) return ok({ kind: 'refused', cause: 'provider not set up' });
  const parser = createWebhookParser(provider, setting.config, () => app.clock.now().toISOString());
  if (!parser) return ok({ kind: 'refused', cause: 'no webhook for this provider' });
  const parsed = parser.parse(request);
  if (parsed.kind === 'refused') return ok({ kind: 'refused', cause: parsed.reason });
  if (parsed.kind !== 'batch') return ok(parsed);
  const { statuses, replies } = parsed.batch;
  const actor = `webhook:${provider}`;
  const ctx: AppContext = { ...app, actor: { name: actor, role: 'owner' } };
  return runCommand(ctx, { scope: businessId, command: 'webhook.receive', request: { provider } }, async (trx, tools) => {
    const statusesApplied = await applyStatusUpdates(trx, businessId, provider, statuses, { ...tools, actor });
    let optedOut = 0;
    const today = dateInZone(app.clock.now(), business.timeZone);
    for (const reply of replies) {
      const stop = isStopReply(reply);
      const text = cleanText(reply.text).slice(0, NOTE_TEXT_MAX) || reply.text.slice(0, NOTE_TEXT_MAX);
      const at = new Date(reply.at);
      const date = Number.isNaN(at.getTime()) ? today : dateInZone(at, business.timeZone);
      for (const customer of await customersWithPhone(trx, businessId, reply.from)) {
        if (stop && !customer.optedOut.includes(channel)) {
          await setOptedOut(trx, businessId, customer.id, [...customer.optedOut, channel], tools.now);
          await tools.audit('customer.opt_out', 'customer', customer.id, { channel, via: provider });
          optedOut++;
        }
        await insertNote(trx, {
          businessId,
          id: tools.newId('note'),
          customerId: customer.id,
          kind: 'reply',
          outcome: stop ? 'opted_out' : null,
          body: text,
          date: date > today ? today : date,
          actor,
          createdAt: tools.now,
        });
      }
    }
    return ok({ kind: 'done' as const, statusesApplied, replies: replies.length, optedOut });
  });
}
