/** Creating a business and finding the one a command is about. */
import { z } from 'zod';
import { dateInZone, type CalendarDate } from '../core/dates.js';
import type { Business, Locale } from '../core/parties.js';
import { businessSettingsErrors } from '../core/parties.js';
import { type Result, fail, invalid, notFound, ok } from '../core/result.js';
import { getBusiness, insertBusiness, listBusinesses } from '../store/parties-repo.js';
import { runCommand } from './command.js';
import type { AppContext } from './context.js';
import { NAME_LENGTH_MAX, nonNegativeMoney, parseInput, textField, wholeDays } from './validate.js';
import { type BusinessView, businessView } from './views.js';

export const DEFAULT_CURRENCY = 'IDR';
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';
export const DEFAULT_LOCALE: Locale = 'id';
export const DEFAULT_TERMS_DAYS = 14;
/** Refuse new credit while anything is more than 60 days overdue, unless the business says otherwise. */
export const DEFAULT_OVERDUE_BLOCK_DAYS = 60;

const initSchema = z
  .object({
    name: textField(NAME_LENGTH_MAX),
    currency: z.string().trim().toUpperCase().default(DEFAULT_CURRENCY),
    timezone: z.string().trim().default(DEFAULT_TIME_ZONE),
    locale: z.string().trim().default(DEFAULT_LOCALE),
    termsDays: wholeDays.default(DEFAULT_TERMS_DAYS),
    defaultCreditLimit: nonNegativeMoney.nullable().default(null),
    overdueBlockDays: wholeDays.nullable().default(DEFAULT_OVERDUE_BLOCK_DAYS),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type InitInput = z.input<typeof initSchema>;

/** Creates a business with its settings. */
export async function initBusiness(ctx: AppContext, input: InitInput): Promise<Result<BusinessView>> {
  const parsed = parseInput(initSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const errors = businessSettingsErrors({
    name: request.name,
    currency: request.currency,
    timeZone: request.timezone,
    locale: request.locale,
    defaultTermsDays: request.termsDays,
  });
  if (Object.keys(errors).length > 0) return invalid(errors);
  return runCommand(ctx, { scope: '-', command: 'business.create', idempotencyKey, request }, async (trx, tools) => {
    const business: Business = {
      id: tools.newId('biz'),
      name: request.name,
      currency: request.currency,
      timeZone: request.timezone,
      locale: request.locale as Locale,
      defaultTermsDays: request.termsDays,
      defaultCreditLimit: request.defaultCreditLimit,
      overdueBlockDays: request.overdueBlockDays,
    };
    await insertBusiness(trx, business, tools.now);
    await tools.audit('business.create', 'business', business.id, { settings: businessView(business) });
    return ok(businessView(business));
  });
}

/** Bounds how many businesses a selection error lists. */
const BUSINESSES_LISTED_MAX = 20;

/**
 * The business a command is about: the one named, or the only one in the store.
 * A store with several businesses needs the name; an empty store needs `init`.
 */
export async function selectBusiness(ctx: AppContext, businessId: string | undefined): Promise<Result<Business>> {
  if (businessId !== undefined) {
    const business = await getBusiness(ctx.store.db, businessId);
    return business ? ok(business) : notFound('business', businessId);
  }
  const businesses = await listBusinesses(ctx.store.db, BUSINESSES_LISTED_MAX);
  if (businesses.length === 1) return ok(businesses[0] as Business);
  if (businesses.length === 0)
    return fail('not_found', 'this store has no business yet: run `lunas init --name NAME` first', { kind: 'business' });
  return invalid({
    business: `this store holds several businesses; choose one with --business: ${businesses.map((b) => b.id).join(', ')}`,
  });
}

/** Whether the store holds any business yet. */
export async function hasAnyBusiness(ctx: AppContext): Promise<boolean> {
  return (await listBusinesses(ctx.store.db, 1)).length > 0;
}

/** Today's date where the business is. */
export function todayOf(ctx: AppContext, business: Business): CalendarDate {
  return dateInZone(ctx.clock.now(), business.timeZone);
}
