import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseLanguage, formatAmount, formatDate, formatPercent, render, t } from './catalogue.js';
import { en } from './en.js';
import { id } from './id.js';

describe('the message catalogue', () => {
  it('issue 11 defect 13: a failure reads naturally in Indonesian and English, amounts as Rp 50.000', () => {
    const text = t('credit.limit_exceeded', { shortfall: 50_000 });
    expect(render(text, { language: 'id', currency: 'IDR' })).toBe('melebihi batas kredit sebesar Rp 50.000');
    expect(render(text, { language: 'en', currency: 'IDR' })).toBe('over the credit limit by Rp 50.000');
    const hold = t('credit.overdue_block', { days: 79, maxDays: 60 });
    expect(render(hold, { language: 'id' })).toBe(
      'tidak ada kredit baru selama ada tagihan terlambat 79 hari (batas usaha 60 hari): tagih dulu, atau pemilik menjual dengan --override-reason',
    );
  });

  it('issue 11 (tester): KPI figures in Indonesian use the decimal comma', () => {
    const dso = t('cli.kpi.dso', { simple: 13.6, countback: 20, exhausted: false, cei: 31.8 });
    expect(render(dso, { language: 'id' })).toBe('  DSO (sederhana) 13,6 hari  DSO (countback) 20 hari  CEI 31,8%');
    expect(render(dso, { language: 'en' })).toContain('CEI 31.8%');
  });

  it('has the same keys in both languages', () => {
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
  });

  it.each([
    [200, '2%', '2%'],
    [150, '1,5%', '1.5%'],
    [125, '1,25%', '1.25%'],
    [5, '0,05%', '0.05%'],
    [10_000, '100%', '100%'],
    [0, '0%', '0%'],
  ])('writes %i basis points as %s / %s', (bps, inId, inEn) => {
    expect(formatPercent(bps, 'id')).toBe(inId);
    expect(formatPercent(bps, 'en')).toBe(inEn);
  });

  it.each([
    ['2026-12-08', '8 Desember 2026', '8 December 2026'],
    ['2026-01-31', '31 Januari 2026', '31 January 2026'],
    ['2027-05-01', '1 Mei 2027', '1 May 2027'],
  ])('writes %s as %s / %s', (date, inId, inEn) => {
    expect(formatDate(date, 'id')).toBe(inId);
    expect(formatDate(date, 'en')).toBe(inEn);
  });

  it.each([
    [50_000, 'IDR', 'id', 'Rp 50.000'],
    [50_000, 'IDR', 'en', 'Rp 50.000'],
    [-1_250_000, 'IDR', 'id', '-Rp 1.250.000'],
    [123_456, 'USD', 'en', 'USD 1,234.56'],
    [123_456, 'USD', 'id', 'USD 1.234,56'],
    [5, 'USD', 'en', 'USD 0.05'],
  ] as const)('writes %i %s in %s as %s', (amount, currency, language, written) => {
    expect(formatAmount(amount, currency, language)).toBe(written);
  });

  it('reads the digits back out of any IDR amount it writes (no floating point, no lost digits)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (amount) => {
        expect(formatAmount(amount, 'IDR', 'id').replace(/^Rp |\./g, '')).toBe(String(amount));
      }),
    );
  });

  it.each([
    [undefined, 'id', 'id'],
    ['en', 'id', 'en'],
    ['en-US,en;q=0.9', 'id', 'en'],
    ['id-ID,id;q=0.9,en;q=0.8', 'en', 'id'],
    ['fr, en;q=0.3, id;q=0.8', 'en', 'id'],
    ['fr, de', 'en', 'en'],
    ['*', 'id', 'id'],
    ['en;q=0, id', 'en', 'id'],
  ] as const)('Accept-Language %s with business locale %s is %s', (header, fallback, chosen) => {
    expect(chooseLanguage(header, fallback)).toBe(chosen);
  });
});
