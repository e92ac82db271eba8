/**
 * Input validation at the edge of the use cases. Each schema names its fields as
 * the request does; a bad input yields `validation_failed` with every offending
 * field and the reason.
 */
import { z } from 'zod';
import { type CalendarDate, parseCalendarDate } from '../core/dates.js';
import type { Minor } from '../core/money.js';
import { type Result, invalid, ok } from '../core/result.js';

export const TEXT_LENGTH_MAX = 500;
export const NAME_LENGTH_MAX = 200;

/** Parses input with a schema into a result naming each bad field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): Result<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return invalid(zodErrorFields(parsed.error, 'input'));
}

/** Every offending field of a zod error and why; each unknown field is named. */
export function zodErrorFields(error: z.ZodError, wholeName: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[base ? `${base}.${key}` : key] ??= 'unknown field';
      continue;
    }
    fields[base || wholeName] ??= issue.message;
  }
  return fields;
}

export const positiveMoney = z
  .number({ error: 'must be a positive whole number of minor units' })
  .refine((value) => Number.isSafeInteger(value) && value > 0, 'must be a positive safe integer of minor units')
  .transform((value) => value as Minor);

export const nonNegativeMoney = z
  .number({ error: 'must be a whole number of minor units' })
  .refine((value) => Number.isSafeInteger(value) && value >= 0, 'must be a non-negative safe integer of minor units')
  .transform((value) => value as Minor);

export const calendarDateField = z
  .string({ error: 'must be a calendar date YYYY-MM-DD' })
  .refine((text) => parseCalendarDate(text) !== undefined, 'must be a real calendar date YYYY-MM-DD')
  .transform((text) => text as CalendarDate);

/** The person says an old date is meant (before the book's first day, or past the business's backdate limit). */
export const oldDateFlag = z.boolean({ error: 'must be true or false' }).optional();

export function textField(lengthMax = TEXT_LENGTH_MAX) {
  return z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(lengthMax, `must be at most ${lengthMax} characters`);
}

export const wholeDays = z
  .number({ error: 'must be a whole number of days' })
  .refine((value) => Number.isSafeInteger(value) && value >= 0 && value <= 3650, 'must be a whole number of days from 0 to 3650');

export const idOrRef = textField(NAME_LENGTH_MAX);

export const PAGE_SIZE_MAX = 500;
export const PAGE_SIZE_DEFAULT = 100;

/** How many rows a page holds: 1 to PAGE_SIZE_MAX, PAGE_SIZE_DEFAULT unless asked. */
export const pageLimit = z
  .number({ error: `must be a whole number from 1 to ${PAGE_SIZE_MAX}` })
  .refine(
    (value) => Number.isSafeInteger(value) && value >= 1 && value <= PAGE_SIZE_MAX,
    `must be a whole number from 1 to ${PAGE_SIZE_MAX}`,
  )
  .default(PAGE_SIZE_DEFAULT);
