/**
 * WhatsApp click-to-chat, minimally (issue 13): nothing is sent; the message
 * becomes a `https://wa.me/<digits>?text=<the message>` link the owner opens
 * with one tap. The providers' own implementation replaces this one when both
 * exist (the dispatcher only needs the Provider interface).
 */
import type { OutgoingMessage, Provider, SendOutcome } from './channel.js';

/** The click-to-chat link of a message: the number's digits (E.164 without `+`) and the text, URL-encoded. */
export function clickToChatLink(recipient: string, text: string): string {
  return `https://wa.me/${recipient.replace(/\D/g, '')}?text=${encodeURIComponent(text)}`;
}

export const waLinkProvider: Provider = {
  name: 'wa_link',
  channel: 'whatsapp',
  // Making the link again makes the same link: repeating it never sends anything twice.
  deduplicates: true,
  async send(message: OutgoingMessage): Promise<SendOutcome> {
    return { kind: 'to_tap', link: clickToChatLink(message.recipient, message.text) };
  },
};
