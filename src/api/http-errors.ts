/**
 * Failures as HTTP answers: the status from the one code table, the body
 * `{ error: { code, message, details } }`. The message (and each field's reason) is rendered from
 * the catalogue in the language `Accept-Language` asks for (id or en, with q-values), else the
 * business's locale, else Indonesian; amounts in the business's currency.
 */
import type { Context } from 'hono';
import { type Language, chooseLanguage } from '../core/i18n/catalogue.js';
import { DEFAULT_LOCALE } from '../core/parties.js';
import { ERROR_CODES, type Failure, localizeFailure } from '../core/result.js';

export function errorBody(failure: Failure) {
  return { error: { code: failure.code, message: failure.message, details: failure.details } };
}

/** The language of a request's messages. */
export function requestLanguage(c: Context): Language {
  const business = c.get('business') as { locale: Language } | undefined;
  return chooseLanguage(c.req.header('accept-language'), business?.locale ?? DEFAULT_LOCALE);
}

export function errorResponse(c: Context, failure: Failure): Response {
  const business = c.get('business') as { currency: string } | undefined;
  // When to come back: with 429 (set by the limiter) and with 503 (the database unavailable).
  const retryAfter = failure.details.retryAfterSeconds;
  if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
  const localized = localizeFailure(failure, { language: requestLanguage(c), currency: business?.currency });
  return c.json(errorBody(localized), ERROR_CODES[failure.code].httpStatus as 400);
}
