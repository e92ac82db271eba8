/**
 * Which channels a message to a customer may go on, in the order to try them
 * (issue 13): the customer's preferred channel first, then their own order
 * (WhatsApp, SMS, email by default); only channels the step allows, the
 * business can send on, the customer did not opt out of, and that have an
 * address: WhatsApp and SMS need a mobile number (a landline such as `021…`
 * is never a WhatsApp or SMS target), email an address. The collection run
 * takes the first; the dispatcher falls back to the next when one fails.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { CHANNELS, type Channel } from './policy.js';

export const DEFAULT_CHANNEL_ORDER: readonly Channel[] = ['whatsapp', 'sms', 'email'];

export interface ContactPoints {
  /** E.164 (`+62…`) or null. */
  readonly phone: string | null;
  readonly email: string | null;
  readonly preferredChannel: Channel | null;
  /** The customer's own order; null: the default. */
  readonly channelOrder: readonly Channel[] | null;
  readonly optedOut: readonly Channel[];
}

/** True when the number can receive WhatsApp and SMS: a mobile (or a number whose type cannot be told apart from one). */
export function isMobileNumber(e164: string): boolean {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.isValid()) return false;
  const type = parsed.getType();
  return type === undefined || type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/** The address a channel would use for this customer, or undefined when it has none. */
export function addressFor(channel: Channel, contact: Pick<ContactPoints, 'phone' | 'email'>): string | undefined {
  if (channel === 'email') return contact.email ?? undefined;
  return contact.phone !== null && isMobileNumber(contact.phone) ? contact.phone : undefined;
}

/**
 * The channels to try, in order. `allowed`: the channels the reminder step (or the message's purpose)
 * allows; `configured`: the channels the business can send on (WhatsApp always: click-to-chat needs no account).
 */
export function channelsToTry(
  contact: ContactPoints,
  allowed: readonly Channel[],
  configured: ReadonlySet<Channel>,
): { channel: Channel; recipient: string }[] {
  const order = contact.channelOrder ?? DEFAULT_CHANNEL_ORDER;
  const ranked = [
    ...(contact.preferredChannel ? [contact.preferredChannel] : []),
    ...order,
    ...CHANNELS, // a channel missing from the customer's order still comes last
  ];
  const out: { channel: Channel; recipient: string }[] = [];
  for (const channel of ranked) {
    if (out.some((chosen) => chosen.channel === channel)) continue;
    if (!allowed.includes(channel) || !configured.has(channel) || contact.optedOut.includes(channel)) continue;
    const recipient = addressFor(channel, contact);
    if (recipient !== undefined) out.push({ channel, recipient });
  }
  return out;
}
