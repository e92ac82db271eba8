import { describe, expect, it } from 'vitest';
import { type ContactPoints, channelsToTry, isMobileNumber } from './channel-choice.js';
import type { Channel } from './policy.js';

const ALL: readonly Channel[] = ['whatsapp', 'sms', 'email'];
const base: ContactPoints = {
  phone: '+6281234567890',
  email: 'budi@example.id',
  preferredChannel: null,
  channelOrder: null,
  optedOut: [],
};

describe('channel choice', () => {
  it.each([
    ['+6281234567890', true],
    ['+6285712345678', true],
    ['+622129345678', false], // Jakarta landline 021-2934-5678
    ['+62215551234', false],
    ['+62', false],
  ] as const)('%s is a mobile number: %s', (phone, mobile) => {
    expect(isMobileNumber(phone)).toBe(mobile);
  });

  it.each([
    ['the default order', base, ALL, ALL, ['whatsapp', 'sms', 'email']],
    ['the preferred channel first', { ...base, preferredChannel: 'email' as const }, ALL, ALL, ['email', 'whatsapp', 'sms']],
    [
      'the customer order',
      { ...base, channelOrder: ['sms', 'email', 'whatsapp'] as Channel[] },
      ALL,
      ALL,
      ['sms', 'email', 'whatsapp'],
    ],
    ['an opted-out channel is never used', { ...base, optedOut: ['whatsapp'] as Channel[] }, ALL, ALL, ['sms', 'email']],
    ['a channel the business has not configured is skipped', base, ALL, ['whatsapp', 'email'], ['whatsapp', 'email']],
    ['only the channels the step allows', base, ['email'], ALL, ['email']],
    ['a landline is no WhatsApp or SMS target', { ...base, phone: '+622129345678' }, ALL, ALL, ['email']],
    ['no address at all: nothing', { ...base, phone: null, email: null }, ALL, ALL, []],
  ] as const)('%s', (_name, contact, allowed, configured, expected) => {
    const chosen = channelsToTry(contact as ContactPoints, allowed, new Set(configured));
    expect(chosen.map((c) => c.channel)).toEqual(expected);
  });
});
