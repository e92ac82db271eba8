/** What the dispatcher suites share: a shop with a reminder queued, and fake providers that record what they were given. */
import { initBusiness } from '../src/app/businesses.js';
import { collect } from '../src/app/collection.js';
import { fixedClock } from '../src/app/context.js';
import { addCustomer } from '../src/app/customers.js';
import type { BusinessProviders, ProvidersFor } from '../src/app/dispatch.js';
import { recordSale } from '../src/app/invoices.js';
import { type OpenApp, type StoreLocation, openApp } from '../src/app/open.js';
import type { OutgoingMessage, Provider, ProviderName, SendOutcome } from '../src/channels/channel.js';
import type { Business } from '../src/core/parties.js';
import type { Channel } from '../src/core/policy.js';
import { getBusiness } from '../src/store/parties-repo.js';
import { OWNER, must } from './helpers.js';

export interface FakeProvider extends Provider {
  readonly calls: OutgoingMessage[];
}

/** A provider answering each call with `answer(message, callNumber)`. */
export function fakeProvider(
  name: ProviderName,
  channel: Channel,
  answer: (message: OutgoingMessage, call: number) => SendOutcome | Promise<SendOutcome> = (message) => ({
    kind: 'sent',
    providerMessageId: `pm-${message.id}`,
  }),
  deduplicates = false,
): FakeProvider {
  const calls: OutgoingMessage[] = [];
  return {
    name,
    channel,
    deduplicates,
    calls,
    async send(message) {
      calls.push(message);
      return answer(message, calls.length);
    },
  };
}

/** A registry giving every business these providers (and the settings, for rate limits). */
export function providersOf(providers: readonly Provider[], settings: BusinessProviders['settings'] = []): ProvidersFor {
  return async () => ({ providers: new Map(providers.map((p) => [p.channel, p])), settings });
}

/** 2026-09-12 09:00 in Jakarta: the friendly step three days before the due date of a sale of 09-01 (14 days' terms). */
export const REMINDER_DAY = new Date('2026-09-12T02:00:00Z');

/**
 * A shop in Jakarta with Siti (a mobile number and an email), a sale of Rp 100.000
 * on 2026-09-01 due 09-15, and the collection run of 09-12 that queued her reminder.
 */
export async function shopWithReminder(
  location: StoreLocation,
  options: { at?: Date; email?: string | null; phone?: string | null } = {},
): Promise<{ app: OpenApp; clock: ReturnType<typeof fixedClock>; business: Business; customerId: string; messageId: string }> {
  const clock = fixedClock(new Date('2026-09-01T02:00:00Z'));
  const app = await openApp(location, clock, OWNER);
  const created = must(await initBusiness(app, { name: 'Toko Sumber Rejeki', termsDays: 14, overdueBlockDays: null }));
  const business = (await getBusiness(app.store.db, created.id)) as Business;
  const customer = must(
    await addCustomer(app, business, {
      name: 'Siti Rahayu',
      ref: 'S01',
      ...(options.phone === null ? {} : { phone: options.phone ?? '0812-3456-7890' }),
      ...(options.email === null ? {} : { email: options.email ?? 'siti@example.com' }),
    }),
  );
  must(await recordSale(app, business, { customer: 'S01', amount: 100_000 }));
  clock.set(options.at ?? REMINDER_DAY);
  must(await collect(app, business, {}));
  const row = await app.store.db
    .selectFrom('outbox')
    .select('id')
    .where('business_id', '=', business.id)
    .where('customer_id', '=', customer.id)
    .executeTakeFirstOrThrow();
  return { app, clock, business, customerId: customer.id, messageId: row.id };
}

export async function outboxRow(app: OpenApp, id: string) {
  return app.store.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function historyOf(app: OpenApp, id: string): Promise<string[]> {
  const rows = await app.store.db
    .selectFrom('outbox_events')
    .select('status')
    .where('outbox_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.status);
}
