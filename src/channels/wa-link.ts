/**
 * WhatsApp click-to-chat, the default: nothing is sent. The outcome is a
 * `https://wa.me/<E.164 digits>?text=<the message>` link the owner opens with one tap from the
 * "to send today" list; opening it (recorded through the API) marks the message sent.
 */
import type { OutgoingMessage, Provider, SendOutcome } from './channel.js';
import { reason } from './outcome.js';
import { isMobile, phoneDigits, toE164 } from './phone.js';

/** The click-to-chat link for a mobile number, or null when the number cannot take WhatsApp. */
export function waLink(recipient: string, text: string): string | null {
  const e164 = toE164(recipient);
  if (!e164 || !isMobile(e164)) return null;
  return `https://wa.me/${phoneDigits(e164)}?text=${encodeURIComponent(text)}`;
}

export function waLinkProvider(): Provider {
  return {
    name: 'wa_link',
    channel: 'whatsapp',
    // Nothing leaves the system: calling again only makes the same link.
    deduplicates: true,
    send(message: OutgoingMessage): Promise<SendOutcome> {
      const link = waLink(message.recipient, message.text);
      if (link) return Promise.resolve({ kind: 'to_tap', link });
      const valid = toE164(message.recipient) !== null;
      return Promise.resolve({
        kind: 'permanent',
        reason: valid
          ? reason('channel.not_mobile', { recipient: message.recipient })
          : reason('channel.bad_recipient', { recipient: message.recipient }),
      });
    },
  };
}
