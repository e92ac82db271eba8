/** Creating a business and finding the one a command is about. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { dateInZone, type CalendarDate } from '../core/dates.js';
import type { Business, Locale, PaymentInstructions } from '../core/parties.js';
import { businessSettingsErrors, normalizeNpwp, normalizePhone } from '../core/parties.js';
import { DEFAULT_BACKDATE_DAYS_MAX } from '../core/entry-dates.js';
import { EWALLET_PROVIDERS } from '../core/payments.js';
import { type CollectionPolicy, policyErrors } from '../core/policy.js';
import { type Result, fail, invalid, notFound, ok } from '../core/result.js';
import { latestEntryDate } from '../store/journal-repo.js';
import { getBusiness, insertBusiness, listBusinesses, updateBusiness } from '../store/parties-repo.js';
import { insertPolicyVersion, latestPolicyVersion } from '../store/policies-repo.js';
import type { Database } from '../store/schema.js';
import { type WriteTools, runCommand } from './command.js';
import type { AppContext } from './context.js';
import { requirePermission } from './permissions.js';
import { NAME_LENGTH_MAX, TEXT_LENGTH_MAX, nonNegativeMoney, parseInput, textField, wholeDays } from './validate.js';
import { type BusinessView, businessView } from './views.js';
import { type Text, storeText, t } from '../core/i18n/catalogue.js';

export const DEFAULT_CURRENCY = 'IDR';
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';
export const DEFAULT_LOCALE: Locale = 'id';
export const DEFAULT_TERMS_DAYS = 14;
/** Refuse new credit while anything is more than 60 days overdue, unless the business says otherwise. */
export const DEFAULT_OVERDUE_BLOCK_DAYS = 60;

const QRIS_LENGTH_MAX = 512;

const instructionsSchema = z
  .object({
    bankAccounts: z
      .array(
        z
          .object({
            bank: textField(NAME_LENGTH_MAX),
            accountNumber: z
              .string()
              .trim()
              .regex(/^[0-9][0-9 -]{3,39}$/, 'must be 4 to 40 digits (spaces and dashes allowed)'),
            accountName: textField(NAME_LENGTH_MAX),
          })
          .strict(),
      )
      .max(10, 'at most 10 bank accounts')
      .default([]),
    ewallets: z
      .array(
        z
          .object({
            // Written as people write them (GoPay, OVO): stored in lower case.
            provider: z.preprocess(
              (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
              z.enum(EWALLET_PROVIDERS, { error: `must be one of ${EWALLET_PROVIDERS.join(', ')}` }),
            ),
            number: z
              .string()
              .trim()
              .regex(/^\+?[0-9]{6,20}$/, 'must be a phone or account number of 6 to 20 digits'),
            name: textField(NAME_LENGTH_MAX).nullable().default(null),
          })
          .strict(),
      )
      .max(10, 'at most 10 e-wallets')
      .default([]),
    qris: textField(QRIS_LENGTH_MAX).nullable().default(null),
    // Printed on statements as the owner wrote it: may span lines.
    note: textField(TEXT_LENGTH_MAX, 'multi').nullable().default(null),
  })
  .strict()
  // An empty object is almost surely a mistake: clearing the instructions is `null`.
  .refine(
    (value) => value.bankAccounts.length > 0 || value.ewallets.length > 0 || value.qris !== null || value.note !== null,
    'must give at least one way to pay (bankAccounts, ewallets, qris or note); null clears them',
  );

/** A detail the owner may clear: empty text or null is "none". */
const detail = (field: z.ZodType<string>) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), field.nullable());

const settingsFields = {
  name: textField(NAME_LENGTH_MAX),
  currency: z.string().trim().toUpperCase(),
  timezone: z.string().trim(),
  locale: z.string().trim(),
  termsDays: wholeDays,
  defaultCreditLimit: nonNegativeMoney.nullable(),
  overdueBlockDays: wholeDays.nullable(),
  backdateDaysMax: wholeDays,
  paymentInstructions: instructionsSchema.nullable(),
  // What invoices show of the business: checked (NPWP, phone, email) and normalised with the other settings.
  address: detail(textField(TEXT_LENGTH_MAX, 'multi')),
  npwp: detail(textField(NAME_LENGTH_MAX)),
  phone: detail(textField(NAME_LENGTH_MAX)),
  email: detail(textField(NAME_LENGTH_MAX)),
};

const initSchema = z
  .object({
    name: settingsFields.name,
    currency: settingsFields.currency.default(DEFAULT_CURRENCY),
    timezone: settingsFields.timezone.default(DEFAULT_TIME_ZONE),
    locale: settingsFields.locale.default(DEFAULT_LOCALE),
    termsDays: settingsFields.termsDays.default(DEFAULT_TERMS_DAYS),
    defaultCreditLimit: settingsFields.defaultCreditLimit.default(null),
    overdueBlockDays: settingsFields.overdueBlockDays.default(DEFAULT_OVERDUE_BLOCK_DAYS),
    backdateDaysMax: settingsFields.backdateDaysMax.default(DEFAULT_BACKDATE_DAYS_MAX),
    paymentInstructions: settingsFields.paymentInstructions.default(null),
    address: settingsFields.address.default(null),
    npwp: settingsFields.npwp.default(null),
    phone: settingsFields.phone.default(null),
    email: settingsFields.email.default(null),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type InitInput = z.input<typeof initSchema>;
type Settings = Omit<z.output<typeof initSchema>, 'idempotencyKey' | 'paymentInstructions'> & {
  paymentInstructions: PaymentInstructions | null;
};

function settingsErrors(request: Settings): Record<string, Text> {
  return businessSettingsErrors({
    name: request.name,
    currency: request.currency,
    timeZone: request.timezone,
    locale: request.locale,
    defaultTermsDays: request.termsDays,
    npwp: request.npwp,
    phone: request.phone,
    email: request.email,
  });
}

function toBusiness(id: string, request: Settings): Business {
  return {
    id,
    name: request.name,
    currency: request.currency,
    timeZone: request.timezone,
    locale: request.locale as Locale,
    defaultTermsDays: request.termsDays,
    defaultCreditLimit: request.defaultCreditLimit,
    overdueBlockDays: request.overdueBlockDays,
    backdateDaysMax: request.backdateDaysMax,
    paymentInstructions: request.paymentInstructions,
    address: request.address,
    // Checked by settingsErrors first: stored as digits and E.164.
    npwp: request.npwp === null ? null : (normalizeNpwp(request.npwp) ?? null),
    phone: request.phone === null ? null : (normalizePhone(request.phone) ?? null),
    email: request.email,
  };
}

/** Validates the settings of a new business: the request to store, or why not. */
export function parseNewBusiness(input: InitInput): Result<{ idempotencyKey: string | undefined; request: Settings }> {
  const parsed = parseInput(initSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const errors = settingsErrors(request);
  return Object.keys(errors).length > 0 ? invalid(errors) : ok({ idempotencyKey, request });
}

/** Inside a command: writes a new business and its audit record. */
export async function createBusinessIn(trx: Kysely<Database>, tools: WriteTools, request: Settings): Promise<Business> {
  const business = toBusiness(tools.newId('biz'), request);
  await insertBusiness(trx, business, tools.now);
  await tools.audit('business.create', 'business', business.id, { settings: businessView(business) }, business.id);
  return business;
}

/** Creates a business with its settings. */
export async function initBusiness(ctx: AppContext, input: InitInput): Promise<Result<BusinessView>> {
  const parsed = parseNewBusiness(input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, request } = parsed.value;
  return runCommand(ctx, { scope: '-', command: 'business.create', idempotencyKey, request }, async (trx, tools) =>
    ok(businessView(await createBusinessIn(trx, tools, request))),
  );
}

const updateSchema = z
  .object({
    name: settingsFields.name.optional(),
    currency: settingsFields.currency.optional(),
    timezone: settingsFields.timezone.optional(),
    locale: settingsFields.locale.optional(),
    termsDays: settingsFields.termsDays.optional(),
    defaultCreditLimit: settingsFields.defaultCreditLimit.optional(),
    overdueBlockDays: settingsFields.overdueBlockDays.optional(),
    backdateDaysMax: settingsFields.backdateDaysMax.optional(),
    paymentInstructions: settingsFields.paymentInstructions.optional(),
    address: settingsFields.address.optional(),
    npwp: settingsFields.npwp.optional(),
    phone: settingsFields.phone.optional(),
    email: settingsFields.email.optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type UpdateBusinessInput = z.input<typeof updateSchema>;

/** Changes a business's settings (owner only); the currency is fixed once anything is recorded. */
export async function updateBusinessSettings(
  ctx: AppContext,
  business: Business,
  input: UpdateBusinessInput,
): Promise<Result<BusinessView>> {
  const allowed = requirePermission(ctx.actor, 'business.settings');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(updateSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...changes } = parsed.value;
  return runCommand(
    ctx,
    { scope: business.id, command: 'business.update', idempotencyKey, request: changes },
    async (trx, tools) => {
      const current = await getBusiness(trx, business.id);
      if (!current) return notFound('business', business.id);
      const before = businessView(current);
      const merged: Settings = {
        name: changes.name ?? before.name,
        currency: changes.currency ?? before.currency,
        timezone: changes.timezone ?? before.timezone,
        locale: changes.locale ?? before.locale,
        termsDays: changes.termsDays ?? before.defaultTermsDays,
        defaultCreditLimit: changes.defaultCreditLimit === undefined ? current.defaultCreditLimit : changes.defaultCreditLimit,
        overdueBlockDays: changes.overdueBlockDays === undefined ? before.overdueBlockDays : changes.overdueBlockDays,
        backdateDaysMax: changes.backdateDaysMax ?? before.backdateDaysMax,
        paymentInstructions: changes.paymentInstructions === undefined ? before.paymentInstructions : changes.paymentInstructions,
        address: changes.address === undefined ? current.address : changes.address,
        npwp: changes.npwp === undefined ? current.npwp : changes.npwp,
        phone: changes.phone === undefined ? current.phone : changes.phone,
        email: changes.email === undefined ? current.email : changes.email,
      };
      const errors = settingsErrors(merged);
      if (merged.currency !== current.currency && (await latestEntryDate(trx, business.id)) !== undefined)
        errors.currency = t('business.currency_fixed');
      if (Object.keys(errors).length > 0) return invalid(errors);
      const updated = toBusiness(business.id, merged);
      const policyErrorsFound = await followSettingsInPolicy(trx, tools, ctx, business.id, changes);
      if (policyErrorsFound) return invalid(policyErrorsFound);
      await updateBusiness(trx, updated);
      await tools.audit('business.update', 'business', business.id, { from: before, to: businessView(updated) });
      return ok(businessView(updated));
    },
  );
}

/**
 * Default terms and the overdue block also live in the collection policy once
 * one is stored: changing them in the settings writes a new policy version, so
 * the two never disagree. Returns the reasons if the policy would not hold together.
 */
async function followSettingsInPolicy(
  trx: Kysely<Database>,
  tools: WriteTools,
  ctx: AppContext,
  businessId: string,
  changes: { termsDays?: number | undefined; overdueBlockDays?: number | null | undefined },
): Promise<Record<string, Text> | undefined> {
  const stored = await latestPolicyVersion(trx, businessId, null);
  if (!stored) return undefined;
  const policy: CollectionPolicy = {
    ...stored.policy,
    ...(changes.termsDays === undefined ? {} : { terms: { basis: 'net' as const, days: changes.termsDays } }),
    ...(changes.overdueBlockDays === undefined
      ? {}
      : { escalation: { ...stored.policy.escalation, holdAfterDaysOverdue: changes.overdueBlockDays } }),
  };
  if (JSON.stringify(policy) === JSON.stringify(stored.policy)) return undefined;
  const errors = policyErrors(policy);
  if (Object.keys(errors).length > 0)
    return Object.fromEntries(Object.entries(errors).map(([field, reason]) => [`policy.${field}`, reason]));
  await insertPolicyVersion(trx, {
    id: tools.newId('pol'),
    businessId,
    customerId: null,
    version: stored.version + 1,
    policy,
    reason: storeText(t('policy.settings_changed')),
    createdBy: ctx.actor.name,
    createdAt: tools.now,
  });
  return undefined;
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
  if (businesses.length === 0) return fail('not_found', t('not_found.no_business_yet'), { kind: 'business' });
  return invalid({
    business: t('business.choose_one', { ids: businesses.map((b) => b.id) }),
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

/** Bounds one pass of the scheduler over the store's businesses. */
export const BUSINESSES_PER_PASS_MAX = 10_000;

/** Every business in the store (the scheduler's pass), oldest first. */
export async function allBusinesses(ctx: AppContext): Promise<Business[]> {
  return listBusinesses(ctx.store.db, BUSINESSES_PER_PASS_MAX);
}
