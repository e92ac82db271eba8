/** Events on a customer's collection timeline, as every use case that writes one records them. */
import type { CollectionEvent } from '../store/collection-effects-repo.js';
import type { WriteTools } from './command.js';
import type { AppContext } from './context.js';
import type { Business } from '../core/parties.js';
import { render, storedText } from '../core/i18n/catalogue.js';

export interface TimelineEntry {
  /** What the event is, derived (`fee_waived:<invoice>:<period>`): a key is recorded once. */
  readonly key: string;
  readonly kind: string;
  readonly customerId: string;
  readonly invoiceId?: string | null;
  readonly details: Record<string, unknown>;
}

/** The event row for a business-day: a new id, the acting person, the command's instant. */
export function timelineEvent(
  ctx: AppContext,
  tools: Pick<WriteTools, 'newId' | 'now'>,
  businessId: string,
  date: string,
  entry: TimelineEntry,
): CollectionEvent {
  return {
    businessId,
    id: tools.newId('cev'),
    date,
    actor: ctx.actor.name,
    createdAt: tools.now,
    key: entry.key,
    kind: entry.kind,
    customerId: entry.customerId,
    invoiceId: entry.invoiceId ?? null,
    details: entry.details,
  };
}

/**
 * An event's details as the owner reads them: a `reason` the run stored as a catalogue entry
 * (a hold, a limit change) in the business's language; text written by a person stays as written.
 */
export function readableDetails(details: Record<string, unknown>, business: Business): Record<string, unknown> {
  if (typeof details.reason !== 'string') return details;
  return { ...details, reason: render(storedText(details.reason), { language: business.locale, currency: business.currency }) };
}
