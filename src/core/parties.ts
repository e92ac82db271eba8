/**
 * Businesses (the tenants) and their customers: the settings and the rules for
 * what a valid one looks like.
 */
import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js';
import { isValidTimeZone } from './dates.js';
import { type Minor, isKnownCurrency } from './money.js';
import { type Text, t } from './i18n/catalogue.js';
import { cleanText } from './text.js';
import type { Channel } from './policy.js';

export const CUSTOMER_STATUSES = ['active', 'on_hold', 'in_collection', 'written_off'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
/** The language of a new business, and of messages when no business is known yet. */
export const DEFAULT_LOCALE: Locale = 'id';

export interface Business {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly timeZone: string;
  readonly locale: Locale;
  readonly defaultTermsDays: number;
  /** Null means no limit unless the customer has one. */
  readonly defaultCreditLimit: Minor | null;
  /** New credit is refused while an invoice is more than this many days overdue; null turns the rule off. */
  readonly overdueBlockDays: number | null;
  /** How many days back a person may date an entry without saying the old date is meant (`allowOldDate`). */
  readonly backdateDaysMax: number;
  /** How customers can pay, printed on invoices, statements and reminders; null until the owner sets it. */
  readonly paymentInstructions: PaymentInstructions | null;
  /** What an invoice shows of the business (the owner sets them; null until then). The address may span lines. */
  readonly address: string | null;
  /** The tax number (NPWP), digits only (15, or 16 since 2024); printed formatted by `formatNpwp`. */
  readonly npwp: string | null;
  /** E.164, like a customer's. */
  readonly phone: string | null;
  readonly email: string | null;
}

/** Where and how a business's customers pay. */
export interface PaymentInstructions {
  readonly bankAccounts: readonly { bank: string; accountNumber: string; accountName: string }[];
  readonly ewallets: readonly { provider: string; number: string; name: string | null }[];
  /** The QRIS payload text (what the QR code encodes), if the business has one. */
  readonly qris: string | null;
  readonly note: string | null;
}

export interface Customer {
  readonly id: string;
  readonly businessId: string;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly ref: string | null;
  /** The customer's own limit; null inherits the business default. */
  readonly creditLimit: Minor | null;
  readonly termsDays: number | null;
  readonly status: CustomerStatus;
  readonly holdReason: string | null;
  /** Receivable balance: the sum of the outstanding of the customer's invoices. */
  readonly balance: Minor;
  /** Unapplied money the customer has with the business. */
  readonly credit: Minor;
  /** Short labels the owner groups customers by (`grosir`, `vip`), lower case. */
  readonly tags: readonly string[];
  /** The channel to try first (issue 13); null: the customer's order. */
  readonly preferredChannel: Channel | null;
  /** The customer's own fallback order; null: WhatsApp, SMS, email. */
  readonly channelOrder: readonly Channel[] | null;
  /** Channels the customer asked not to be contacted on: never used. */
  readonly optedOut: readonly Channel[];
  /** The language of messages to the customer; null: the business's. */
  readonly locale: Locale | null;
}

export const TAGS_MAX = 20;
export const TAG_LENGTH_MAX = 40;
const TAG_PATTERN = /^[\p{Ll}\p{Lo}\p{N}_-]+$/u;

/** A tag as stored (the text rule's stripping, then lower case), or why it cannot be one. */
export function normalizeTag(text: string): { tag: string } | { reason: Text } {
  const tag = cleanText(text).toLowerCase();
  if (tag.length === 0) return { reason: t('customer.tag_empty') };
  if (tag.length > TAG_LENGTH_MAX) return { reason: t('customer.tag_long', { max: TAG_LENGTH_MAX }) };
  if (!TAG_PATTERN.test(tag)) return { reason: t('customer.tag_chars', { tag }) };
  return { tag };
}

export const DEFAULT_REGION = 'ID';
const MAX_TERMS_DAYS = 3650;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A number written with the country code but without `+` (`62812…`, `0062812…`) as people copy
 * it from WhatsApp: made international, or it would be read as a national number after `0`.
 */
function internationalForm(text: string): string {
  const digits = text.replace(/[\s().-]/g, '');
  if (/^00[1-9]\d{6,}$/.test(digits)) return `+${digits.slice(2)}`;
  if (/^62[1-9]\d{7,}$/.test(digits)) return `+${digits}`;
  return text;
}

/** Normalises a phone number to E.164 (`0812…` becomes `+62812…`); undefined if it is not a valid number. */
export function normalizePhone(text: string, defaultRegion = DEFAULT_REGION): string | undefined {
  const parsed = parsePhoneNumberFromString(internationalForm(text.trim()), defaultRegion as 'ID');
  if (!parsed || !parsed.isValid()) return undefined;
  return parsed.number;
}

/**
 * An Indonesian tax number (NPWP) as stored: its digits, or undefined if it is not one. The old
 * form has 15 digits, written `01.234.567.8-901.000`; the form since 2024 has 16 (the NIK for a
 * person). Dots, dashes and spaces people write are dropped; anything else is refused.
 */
export function normalizeNpwp(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^[0-9][0-9 .-]*[0-9]$/.test(trimmed)) return undefined;
  const digits = trimmed.replace(/[ .-]/g, '');
  return digits.length === 15 || digits.length === 16 ? digits : undefined;
}

/** The NPWP as people write it: 15 digits as `01.234.567.8-901.000`, 16 digits as they are. */
export function formatNpwp(digits: string): string {
  const match = /^(\d{2})(\d{3})(\d{3})(\d)(\d{3})(\d{3})$/.exec(digits);
  return match ? `${match[1]}.${match[2]}.${match[3]}.${match[4]}-${match[5]}.${match[6]}` : digits;
}

/** Why a text is not a phone number: too short or long, not a number, or no such number. */
export function phoneProblem(
  text: string,
  defaultRegion = DEFAULT_REGION,
): 'too_short' | 'too_long' | 'not_a_number' | 'invalid' {
  if (!/\d/.test(text) || /[^\d\s()+\-.]/.test(text.trim())) return 'not_a_number';
  const length = validatePhoneNumberLength(text.trim(), defaultRegion as 'ID');
  if (length === 'TOO_SHORT') return 'too_short';
  if (length === 'TOO_LONG') return 'too_long';
  if (length === 'NOT_A_NUMBER') return 'not_a_number';
  return 'invalid';
}

export function isValidEmail(text: string): boolean {
  return text.length <= 254 && EMAIL_PATTERN.test(text);
}

export function isValidTermsDays(days: number): boolean {
  return Number.isSafeInteger(days) && days >= 0 && days <= MAX_TERMS_DAYS;
}

/** Validates business settings; returns a reason per offending field. */
export function businessSettingsErrors(settings: {
  name: string;
  currency: string;
  timeZone: string;
  locale: string;
  defaultTermsDays: number;
  npwp?: string | null;
  phone?: string | null;
  email?: string | null;
}): Record<string, Text> {
  const errors: Record<string, Text> = {};
  if (settings.npwp && normalizeNpwp(settings.npwp) === undefined) errors.npwp = t('business.npwp', { text: settings.npwp });
  if (settings.phone && normalizePhone(settings.phone) === undefined)
    errors.phone = t('customer.phone', { text: settings.phone });
  if (settings.email && !isValidEmail(settings.email)) errors.email = t('customer.email', { text: settings.email });
  if (settings.name.trim().length === 0) errors.name = t('field.not_empty');
  if (!isKnownCurrency(settings.currency)) errors.currency = t('business.unknown_currency', { currency: settings.currency });
  if (!isValidTimeZone(settings.timeZone)) errors.timezone = t('business.unknown_time_zone', { zone: settings.timeZone });
  if (!(LOCALES as readonly string[]).includes(settings.locale)) errors.locale = t('field.one_of', { values: LOCALES });
  if (!isValidTermsDays(settings.defaultTermsDays)) errors.termsDays = t('field.days_range', { min: 0, max: MAX_TERMS_DAYS });
  return errors;
}

/** The limit that applies to a customer: their own, else the business default, else none. */
export function effectiveCreditLimit(
  customer: Pick<Customer, 'creditLimit'>,
  business: Pick<Business, 'defaultCreditLimit'>,
): Minor | null {
  return customer.creditLimit ?? business.defaultCreditLimit;
}

/** The payment terms that apply to a customer's new invoices. */
export function effectiveTermsDays(customer: Pick<Customer, 'termsDays'>, business: Pick<Business, 'defaultTermsDays'>): number {
  return customer.termsDays ?? business.defaultTermsDays;
}
