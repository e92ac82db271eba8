import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionFailed } from './assert.js';
import {
  applyRateBps,
  currencyExponent,
  formatMoney,
  minor,
  parseMajorAmount,
  roundDiv,
  splitEvenly,
  splitLargestRemainder,
} from './money.js';

describe('minor', () => {
  it.each([0, 1, -1, Number.MAX_SAFE_INTEGER])('accepts the safe integer %d', (value) => expect(minor(value)).toBe(value));
  it.each([0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])('refuses %d', (value) =>
    expect(() => minor(value)).toThrow(AssertionFailed),
  );
});

describe('currency exponents', () => {
  it.each([
    ['IDR', 0],
    ['USD', 2],
    ['JPY', 0],
  ])('%s has exponent %d', (code, exponent) => expect(currencyExponent(code)).toBe(exponent));
});

describe('roundDiv', () => {
  it.each([
    // numerator, denominator, mode, expected
    [5n, 2n, 'half_up', 3],
    [-5n, 2n, 'half_up', -3],
    [4n, 3n, 'half_up', 1],
    [5n, 2n, 'half_even', 2],
    [7n, 2n, 'half_even', 4],
    [-7n, 2n, 'half_even', -4],
    [5n, 3n, 'down', 1],
    [4n, 3n, 'up', 2],
    [-4n, 3n, 'up', -2],
    [6n, 3n, 'up', 2],
    [5n, -2n, 'half_up', -3],
  ] as const)('%d / %d %s = %d', (numerator, denominator, mode, expected) =>
    expect(roundDiv(numerator, denominator, mode)).toBe(expected),
  );
});

describe('applyRateBps', () => {
  it.each([
    [100_000, 500, 5_000], // 5% of Rp 100.000
    [33_333, 200, 667], // 666.66 rounds half up
    [25, 200, 1], // 0.5 rounds up
    [24, 200, 0], // 0.48 rounds down
    [Number.MAX_SAFE_INTEGER, 10_000, Number.MAX_SAFE_INTEGER], // no precision lost past 2^53 in the product
  ])('%d × %d bps = %d', (amount, bps, expected) => expect(applyRateBps(minor(amount), bps)).toBe(expected));
});

describe('splitLargestRemainder', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [10, [1, 1, 1, 1], [3, 3, 2, 2]],
    [100_000, [3, 1], [75_000, 25_000]],
    [7, [0, 1], [0, 7]],
    [0, [1, 2], [0, 0]],
    [5, [1, 1, 3], [1, 1, 3]],
  ])('splits %d by %j into %j', (total, weights, parts) => expect(splitLargestRemainder(minor(total), weights)).toEqual(parts));

  it('always sums to the whole and never differs by more than one unit between equal weights', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 1, max: 60 }), (total, count) => {
        const parts = splitEvenly(minor(total), count);
        expect(parts.reduce((sum, part) => sum + part, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('parseMajorAmount', () => {
  it.each([
    ['50000', 'IDR', '.', 50_000],
    ['12.50', 'USD', '.', 1_250],
    ['12,5', 'USD', ',', 1_250],
    ['7', 'USD', '.', 700],
    ['-3.01', 'USD', '.', -301],
    // Issue 11 defect 11: zeros after the decimal separator are not extra precision.
    ['1500000,00', 'IDR', ',', 1_500_000],
    ['12.500', 'USD', '.', 1_250],
  ] as const)('%s %s is %d minor units', (text, currency, separator, expected) =>
    expect(parseMajorAmount(text, currency, separator)).toBe(expected),
  );
  it.each([
    ['50000.5', 'IDR'],
    ['50000.50', 'IDR'],
    ['1.234', 'USD'],
    ['abc', 'USD'],
    ['1e5', 'USD'],
    ['', 'IDR'],
  ])('refuses %j in %s', (text, currency) => expect(parseMajorAmount(text, currency)).toBeUndefined());
});

describe('formatMoney', () => {
  it.each([
    [50_000, 'IDR', 'Rp 50.000'],
    [1_234_567, 'IDR', 'Rp 1.234.567'],
    [-500, 'IDR', '-Rp 500'],
    [1_250, 'USD', 'USD 12.50'],
    [5, 'USD', 'USD 0.05'],
  ])('%d %s is %s', (amount, currency, text) => expect(formatMoney(minor(amount), currency)).toBe(text));
});
