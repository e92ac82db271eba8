/**
 * How numbers people read are written in each language: money (`Rp 50.000`), rates from
 * basis points (`2%`, `1,5%` / `1.5%`) and calendar dates (`8 Desember 2026` /
 * `8 December 2026`). Integer arithmetic only: no floating point touches money.
 */
import { currencyExponent } from '../money.js';

export type Language = 'id' | 'en';

/**
 * A sentence not yet in a language: a catalogue key and its parameters. Plain data, so it
 * travels in results; made by `t()` in catalogue.ts, which checks the key and parameters.
 */
export interface Text {
  readonly key: string;
  readonly params?: unknown;
}

const MONTHS: Readonly<Record<Language, readonly string[]>> = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** Digit grouping and decimal mark: Indonesian writes 1.234,5; English 1,234.5. */
const MARKS: Readonly<Record<Language, { group: string; decimal: string }>> = {
  id: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

function group(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * Minor units for people. Rupiah is written `Rp 50.000` in either language (that is how
 * rupiah amounts are printed in Indonesia); other currencies take the language's marks.
 * Without a currency the bare minor units are printed, grouped.
 */
export function formatAmount(amount: number, currency: string | undefined, language: Language): string {
  const sign = amount < 0 ? '-' : '';
  if (currency === undefined) return `${sign}${group(String(Math.abs(amount)), MARKS[language].group)}`;
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  if (currency === 'IDR') return `${sign}Rp ${group(whole, '.')}`;
  const marks = MARKS[language];
  return `${sign}${currency} ${group(whole, marks.group)}${exponent > 0 ? `${marks.decimal}${fraction}` : ''}`;
}

/** Basis points as a percentage without needless zeros: 200 is `2%`, 150 is `1,5%` (id) or `1.5%` (en). */
export function formatPercent(bps: number, language: Language): string {
  const sign = bps < 0 ? '-' : '';
  const magnitude = Math.abs(bps);
  const whole = Math.floor(magnitude / 100);
  const fraction = String(magnitude % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `${MARKS[language].decimal}${fraction}` : ''}%`;
}

/** A calendar date `YYYY-MM-DD` as people write it: `8 Desember 2026` / `8 December 2026`. */
export function formatDate(date: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const [, year, month, day] = match;
  const name = MONTHS[language][Number(month) - 1];
  return name === undefined ? date : `${Number(day)} ${name} ${year}`;
}

/** A whole number with the language's grouping (1.234 / 1,234). */
export function formatCount(value: number, language: Language): string {
  return value < 0 ? `-${group(String(-value), MARKS[language].group)}` : group(String(value), MARKS[language].group);
}

/** Items joined as a sentence would: `a, b dan c` / `a, b and c`. */
export function formatList(items: readonly string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  const last = items[items.length - 1] as string;
  return `${items.slice(0, -1).join(', ')} ${language === 'id' ? 'dan' : 'and'} ${last}`;
}

/** The formatting a catalogue entry may use, bound to one language and the business's currency. */
export interface Format {
  readonly language: Language;
  /** Minor units in the business's currency. */
  money(amount: number): string;
  percent(bps: number): string;
  date(date: string): string;
  count(value: number): string;
  list(items: readonly string[]): string;
  /** Another entry of the catalogue, in the same language (a reason inside a sentence). */
  text(inner: Text): string;
}

export function formatFor(language: Language, currency: string | undefined, text: (inner: Text) => string): Format {
  return {
    language,
    money: (amount) => formatAmount(amount, currency, language),
    percent: (bps) => formatPercent(bps, language),
    date: (date) => formatDate(date, language),
    count: (value) => formatCount(value, language),
    list: (items) => formatList(items, language),
    text,
  };
}
