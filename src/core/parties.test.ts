import { describe, expect, it } from 'vitest';
import { businessSettingsErrors, effectiveCreditLimit, isValidEmail, normalizePhone } from './parties.js';
import { minor } from './money.js';

describe('normalizePhone', () => {
  it.each([
    ['081234567890', '+6281234567890'],
    ['0812-3456-7890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['+14155552671', '+14155552671'],
    ['021 5551234', '+62215551234'],
  ])('%s is %s', (text, e164) => expect(normalizePhone(text)).toBe(e164));
  it.each(['12', 'not a phone', '0812', '+999 123'])('refuses %j', (text) => expect(normalizePhone(text)).toBeUndefined());
});

describe('settings', () => {
  it('names each bad setting', () => {
    const errors = businessSettingsErrors({
      name: ' ',
      currency: 'XXX',
      timeZone: 'Mars/Base',
      locale: 'fr',
      defaultTermsDays: -1,
    });
    expect(Object.keys(errors).sort()).toEqual(['currency', 'locale', 'name', 'termsDays', 'timezone']);
  });
  it('accepts good ones', () =>
    expect(
      businessSettingsErrors({ name: 'Toko', currency: 'IDR', timeZone: 'Asia/Jakarta', locale: 'id', defaultTermsDays: 30 }),
    ).toEqual({}));
  it.each(['a@b.co', 'owner@konter.id'])('%s is an email', (text) => expect(isValidEmail(text)).toBe(true));
  it.each(['a@b', 'no at', '@x.id'])('%s is not an email', (text) => expect(isValidEmail(text)).toBe(false));
  it('customer limit beats business default; null inherits', () => {
    expect(effectiveCreditLimit({ creditLimit: minor(5) }, { defaultCreditLimit: minor(9) })).toBe(5);
    expect(effectiveCreditLimit({ creditLimit: null }, { defaultCreditLimit: minor(9) })).toBe(9);
    expect(effectiveCreditLimit({ creditLimit: null }, { defaultCreditLimit: null })).toBeNull();
  });
});
