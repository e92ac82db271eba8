/**
 * Money is an integer count of the currency's minor unit. The brand keeps a raw
 * number from being used as money by accident; `minor()` is the only way in.
 */
import { assert } from './assert.js';

declare const minorBrand: unique symbol;
export type Minor = number & { readonly [minorBrand]: 'Minor' };

/** Basis points: 10_000 bps = 100%. */
export type Bps = number;
export const BPS_PER_UNIT = 10_000;

/**
 * Minor-unit exponent per ISO 4217 code. IDR is 0 because Indonesian payment
 * gateways and people count whole rupiah; the sen is not used.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  IDR: 0,
  USD: 2,
  EUR: 2,
  SGD: 2,
  MYR: 2,
  AUD: 2,
  JPY: 0,
  GBP: 2,
  CNY: 2,
  THB: 2,
  PHP: 2,
  VND: 0,
});

export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/** The minor-unit exponent of a currency (IDR 0, USD 2). */
export function currencyExponent(code: string): number {
  const exponent = CURRENCY_EXPONENTS[code];
  assert(exponent !== undefined, `unknown currency ${code}`);
  return exponent;
}

/**
 * The bound on money (decision 0014): 2^53 - 1 minor units. No amount, no balance and no
 * business's journal total (the sum of every entry it ever recorded, each counted once by its
 * size) may pass it; every figure Lunas reports is part of that total, so it stays a safe
 * integer and exact to the unit.
 */
export const MONEY_MAX = Number.MAX_SAFE_INTEGER as Minor;

/** Whether a sum of whole amounts (numbers or bigints), computed exactly, stays within ±MONEY_MAX. */
export function fitsMoney(...parts: readonly (number | bigint)[]): boolean {
  let total = 0n;
  for (const part of parts) {
    if (typeof part === 'number' && !Number.isSafeInteger(part)) return false;
    total += BigInt(part);
  }
  return total <= BigInt(MONEY_MAX) && total >= -BigInt(MONEY_MAX);
}

/** Asserts that a number is a safe integer and brands it as money. */
export function minor(value: number): Minor {
  assert(Number.isSafeInteger(value), `money must be a safe integer, got ${value}`);
  return value as Minor;
}

export function subMinor(a: Minor, b: Minor): Minor {
  return minor(a - b);
}

export function negMinor(a: Minor): Minor {
  return minor(a === 0 ? 0 : -a);
}

export function sumMinor(values: readonly Minor[]): Minor {
  let total = 0;
  for (const value of values) total += value;
  return minor(total);
}

export function minMinor(a: Minor, b: Minor): Minor {
  return a <= b ? a : b;
}

export type RoundingMode = 'half_up' | 'half_even' | 'down' | 'up';

/**
 * The one rounding function: numerator / denominator rounded to an integer.
 * BigInt keeps `amount × rate` exact even when the product passes 2^53.
 * half_up rounds halves away from zero, the way people and tax offices do.
 */
export function roundDiv(numerator: bigint, denominator: bigint, mode: RoundingMode = 'half_up'): Minor {
  assert(denominator !== 0n, 'division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const remainder = magnitude % denominator;
  if (remainder !== 0n) {
    const twice = remainder * 2n;
    const roundAway =
      mode === 'up' ||
      (mode === 'half_up' && twice >= denominator) ||
      (mode === 'half_even' && (twice > denominator || (twice === denominator && quotient % 2n === 1n)));
    if (roundAway) quotient += 1n;
  }
  const result = negative ? -quotient : quotient;
  return minor(Number(result));
}

/** amount × rateBps / 10_000, through the one rounding function. */
export function applyRateBps(amount: Minor, rateBps: Bps, mode: RoundingMode = 'half_up'): Minor {
  assert(Number.isSafeInteger(rateBps), `rate must be an integer count of basis points, got ${rateBps}`);
  return roundDiv(BigInt(amount) * BigInt(rateBps), BigInt(BPS_PER_UNIT), mode);
}

/**
 * Splits a total into parts proportional to the weights by largest remainder:
 * every part is floor(total × w / Σw), and the units left over go to the parts
 * with the largest remainders (earlier parts win ties), so the parts always
 * sum to the whole.
 */
export function splitLargestRemainder(total: Minor, weights: readonly number[]): Minor[] {
  assert(weights.length > 0, 'split needs at least one weight');
  assert(total >= 0, 'split total must not be negative');
  let weightSum = 0n;
  for (const weight of weights) {
    assert(Number.isSafeInteger(weight) && weight >= 0, `weights must be non-negative integers, got ${weight}`);
    weightSum += BigInt(weight);
  }
  assert(weightSum > 0n, 'split weights must not all be zero');
  const bigTotal = BigInt(total);
  const parts = weights.map((weight) => (bigTotal * BigInt(weight)) / weightSum);
  const remainders = weights.map((weight, index) => ({ index, remainder: (bigTotal * BigInt(weight)) % weightSum }));
  let leftover = bigTotal - parts.reduce((sum, part) => sum + part, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] as bigint) + 1n;
    leftover -= 1n;
  }
  return parts.map((part) => minor(Number(part)));
}

/** Splits a total into n equal parts by largest remainder (instalments). */
export function splitEvenly(total: Minor, count: number): Minor[] {
  assert(Number.isSafeInteger(count) && count > 0, `count must be a positive integer, got ${count}`);
  return splitLargestRemainder(
    total,
    Array.from({ length: count }, () => 1),
  );
}

/**
 * Parses an amount written in major units ("12.50", "12,50" with decimalSeparator ",")
 * into minor units. Returns undefined when the text is not such an amount or has more
 * decimals than the currency allows.
 */
export function parseMajorAmount(text: string, currency: string, decimalSeparator: '.' | ',' = '.'): Minor | undefined {
  const exponent = currencyExponent(currency);
  const trimmed = text.trim();
  const separator = decimalSeparator === '.' ? '\\.' : ',';
  const match = new RegExp(`^(-?)(\\d+)(?:${separator}(\\d+))?$`).exec(trimmed);
  if (!match) return undefined;
  const [, sign, whole, written = ''] = match;
  // Zeros past the currency's decimals are not precision (`1.500.000,00` is whole rupiah); other digits are.
  if (/[^0]/.test(written.slice(exponent))) return undefined;
  const fraction = written.slice(0, exponent);
  const digits = `${whole}${fraction.padEnd(exponent, '0')}`;
  const value = Number(BigInt(`${sign}${digits}`));
  return Number.isSafeInteger(value) ? minor(value) : undefined;
}

/** Whether an amount written in major units (as `parseMajorAmount` reads it) is well formed but past MONEY_MAX. */
export function majorAmountPastBound(text: string, currency: string, decimalSeparator: '.' | ',' = '.'): boolean {
  const exponent = currencyExponent(currency);
  const separator = decimalSeparator === '.' ? '\\.' : ',';
  const match = new RegExp(`^(\\d+)(?:${separator}(\\d+))?$`).exec(text.trim());
  if (!match) return false;
  const [, whole, written = ''] = match;
  if (/[^0]/.test(written.slice(exponent))) return false;
  return BigInt(`${whole}${written.slice(0, exponent).padEnd(exponent, '0')}`) > BigInt(MONEY_MAX);
}

/**
 * The digits of an amount a person wrote with thousands separators (`50.000`, `50,000`,
 * `Rp 1.250.000`) where whole units are expected: only for currencies without minor digits
 * (IDR), where such text cannot be a decimal. Undefined for anything else.
 */
export function separatedWholeAmount(text: string, currency: string): string | undefined {
  if (!isKnownCurrency(currency) || currencyExponent(currency) !== 0) return undefined;
  const match = /^(?:rp\.?\s*)?(\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*)$/i.exec(text.trim());
  return match ? (match[1] as string).replace(/[.,]/g, '') : undefined;
}

/** Formats minor units for people: Rp 50.000 for IDR, USD 12.50 otherwise. */
export function formatMoney(amount: Minor, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  if (currency === 'IDR') {
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    return `${negative ? '-' : ''}Rp ${grouped}`;
  }
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${currency} ${grouped}${exponent > 0 ? `.${fraction}` : ''}`;
}
