/**
 * Input validation at the edge of the use cases. Each schema names its fields as
 * the request does; a bad input yields `validation_failed` with every offending
 * field and the reason.
 */
import { z } from 'zod';
import { type CalendarDate, parseCalendarDate } from '../core/dates.js';
import { MONEY_MAX, type Minor } from '../core/money.js';
import { type Result, invalid, ok } from '../core/result.js';
import { type Text, english, t } from '../core/i18n/catalogue.js';
import { type TextLines, cleanText, hasVisibleCharacter, refusedText, refusedTextIn } from '../core/text.js';

export const TEXT_LENGTH_MAX = 500;
export const NAME_LENGTH_MAX = 200;

/**
 * Parses input with a schema into a result naming each bad field. Every string of the input
 * (keys included) goes through the text rule first (core/text.ts): a control character, a
 * direction control, a lone surrogate or a noncharacter anywhere is refused, whatever the field.
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): Result<T> {
  const refused = refusedTextIn(input);
  if (refused.size > 0) return invalid(Object.fromEntries([...refused].map(([field, reason]) => [field || 'input', reason])));
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return ok(parsed.data);
  return invalid(zodErrorFields(parsed.error, 'input'));
}

/** A custom zod issue whose reason is a catalogue entry (the English in `message` is for logs). */
export function textIssue(text: Text, path?: PropertyKey[]) {
  return { code: 'custom' as const, message: english(text), params: { text }, ...(path ? { path } : {}) };
}

/** Refinement options whose reason is a catalogue entry: `.refine(check, because(t('field.date')))`. */
export function because(text: Text) {
  return { message: english(text), params: { text } };
}

/**
 * Every offending field of a zod error and why, as catalogue entries; each unknown field is
 * named. The reason comes from the issue's kind and bounds, or the entry a refinement carries,
 * so a person reads it in their own language whatever English the schema was written with.
 */
export function zodErrorFields(error: z.ZodError, wholeName: string): Record<string, Text> {
  // Field names come from the request (unknown keys, query parameters): nothing may be read from
  // Object.prototype (`constructor`, `__proto__`), so the record has none.
  const fields: Record<string, Text> = Object.create(null) as Record<string, Text>;
  const name = (field: string, reason: Text) => {
    if (!Object.hasOwn(fields, field)) fields[field] = reason;
  };
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) name(base ? `${base}.${key}` : key, t('field.unknown'));
      continue;
    }
    name(base || wholeName, issueText(issue));
  }
  return fields;
}

const EXPECTED: Readonly<Record<string, Text>> = {
  string: t('field.text'),
  number: t('field.number'),
  int: t('field.whole_number'),
  boolean: t('field.boolean'),
  array: t('field.list'),
  object: t('field.object'),
};

function issueText(issue: z.core.$ZodIssue): Text {
  const carried = (issue as { params?: { text?: Text } }).params?.text;
  if (carried) return carried;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? t('field.required') : (EXPECTED[issue.expected] ?? t('field.invalid'));
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min === 1 ? t('field.not_empty') : t('field.min_chars', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return t('field.min_items', { min });
      return t('field.at_least', { min });
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return t('field.max_chars', { max });
      if (issue.origin === 'array' || issue.origin === 'set') return t('field.max_items', { max });
      // A number bounded by the money bound is money: the bound is written as money.
      if (max === MONEY_MAX) return t('field.money_max', { max });
      return t('field.at_most', { max });
    }
    case 'invalid_value':
      return t('field.one_of', { values: issue.values.map(String) });
    case 'invalid_format':
      return issue.format === 'email' ? t('field.email') : t('field.invalid');
    case 'not_multiple_of':
      return t('field.whole_number');
    default:
      return t('field.invalid');
  }
}

export const positiveMoney = z
  .number({ error: 'must be a positive whole number of minor units' })
  .refine((value) => Number.isInteger(value) && value > 0, because(t('field.positive_amount')))
  .refine((value) => !Number.isInteger(value) || value <= MONEY_MAX, because(t('field.money_max', { max: MONEY_MAX })))
  .transform((value) => value as Minor);

export const nonNegativeMoney = z
  .number({ error: 'must be a whole number of minor units' })
  .refine((value) => Number.isInteger(value) && value >= 0, because(t('field.non_negative_amount')))
  .refine((value) => !Number.isInteger(value) || value <= MONEY_MAX, because(t('field.money_max', { max: MONEY_MAX })))
  .transform((value) => value as Minor);

export const calendarDateField = z
  .string({ error: 'must be a calendar date YYYY-MM-DD' })
  .refine((text) => parseCalendarDate(text) !== undefined, because(t('field.date')))
  .transform((text) => text as CalendarDate);

/** The person says an old date is meant (before the book's first day, or past the business's backdate limit). */
export const oldDateFlag = z.boolean({ error: 'must be true or false' }).optional();

/**
 * A text a person typed, under the text rule (core/text.ts): refused characters named; stored
 * as NFC without invisible characters that carry no meaning, trimmed; it must keep a visible
 * character. One line (no line breaks or tabs) unless `lines` says otherwise: names, reasons and
 * notes are printed inside lines, table cells and reminder texts, where a break would fake a line.
 */
export function textField(lengthMax = TEXT_LENGTH_MAX, lines: TextLines = 'single') {
  return z.string({ error: 'must be text' }).transform((typed, ctx) => {
    const refused = refusedText(typed, lines);
    const text = cleanText(typed);
    const reason =
      refused ??
      (typed.trim() === ''
        ? t('field.not_empty')
        : !hasVisibleCharacter(text)
          ? t('text.no_visible')
          : text.length > lengthMax
            ? t('field.max_chars', { max: lengthMax })
            : undefined);
    if (reason === undefined) return text;
    ctx.addIssue({ ...textIssue(reason), input: typed });
    return z.NEVER;
  });
}

export const wholeDays = z
  .number({ error: 'must be a whole number of days' })
  .refine(
    (value) => Number.isSafeInteger(value) && value >= 0 && value <= 3650,
    because(t('field.days_range', { min: 0, max: 3650 })),
  );

export const idOrRef = textField(NAME_LENGTH_MAX);

export const PAGE_SIZE_MAX = 500;
export const PAGE_SIZE_DEFAULT = 100;

/** How many rows a page holds: 1 to PAGE_SIZE_MAX, PAGE_SIZE_DEFAULT unless asked. */
export const pageLimit = z
  .number({ error: `must be a whole number from 1 to ${PAGE_SIZE_MAX}` })
  .refine(
    (value) => Number.isSafeInteger(value) && value >= 1 && value <= PAGE_SIZE_MAX,
    because(t('field.number_range', { min: 1, max: PAGE_SIZE_MAX })),
  )
  .default(PAGE_SIZE_DEFAULT);
