/** Why a message did not go, as a person reads it (the dispatcher's and the providers' stored reasons). */
import { type Text, storedText, t } from '../core/i18n/catalogue.js';

/** A reason as stored: a provider's catalogue entry (`{"key":…}`), one of the dispatcher's codes, or a provider's own words. */
export function reasonText(value: unknown): Text | null {
  if (typeof value !== 'string' || value === '') return null;
  return value.startsWith('{"key":') ? storedText(value) : t('outbox.reason', { reason: value });
}
