/**
 * Phone numbers as the providers want them. Recipients arrive in E.164 (`+6281234567890`);
 * WhatsApp links and most gateways want the digits without `+`, some Indonesian SMS gateways
 * the national form (`081234567890`). Whether a number can take WhatsApp at all is decided by
 * libphonenumber's number type (full metadata): a landline (`021…`) cannot.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** How a gateway wants the recipient written. */
export const RECIPIENT_FORMATS = ['e164', 'e164_digits', 'national'] as const;
export type RecipientFormat = (typeof RECIPIENT_FORMATS)[number];

/** The number in E.164 with `+`, or null when it is not a valid phone number (default region Indonesia). */
export function toE164(raw: string, defaultCountry: 'ID' = 'ID'): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

/** E.164 digits without `+` (what wa.me links, the Cloud API and Fonnte take). */
export function phoneDigits(e164: string): string {
  return e164.replace(/\D/g, '');
}

/**
 * True when the number is valid and a mobile number (or one libphonenumber cannot tell apart
 * from a mobile one), so WhatsApp and SMS can reach it.
 */
export function isMobile(raw: string): boolean {
  const parsed = parsePhoneNumberFromString(raw.trim(), 'ID');
  if (!parsed?.isValid()) return false;
  const type = parsed.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/** The number written the way a gateway asked for, or null when it is not a valid phone number. */
export function formatRecipient(raw: string, format: RecipientFormat): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), 'ID');
  if (!parsed?.isValid()) return null;
  if (format === 'e164') return parsed.number;
  if (format === 'e164_digits') return phoneDigits(parsed.number);
  return `0${parsed.nationalNumber}`;
}

/** A number a provider reported (`6281234567890`, `+6281…`, `whatsapp:+62…`) as E.164, or as given when unparseable. */
export function fromProviderNumber(raw: string): string {
  const bare = raw.replace(/^whatsapp:/, '').trim();
  const withPlus = bare.startsWith('+') ? bare : `+${bare.replace(/\D/g, '')}`;
  return toE164(withPlus) ?? withPlus;
}
