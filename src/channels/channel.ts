/**
 * The one interface every way of sending a message implements (issue 13):
 * WhatsApp click-to-chat links, the WhatsApp Cloud API, Fonnte, an SMS HTTP
 * gateway, Twilio and SMTP. A provider sends one message and says what
 * happened in terms the dispatcher acts on; it never throws for a provider's
 * answer (a network error, a timeout or garbage is a `transient` outcome).
 * Webhooks (delivery statuses, replies) are verified and parsed here too.
 */
import type { Channel } from '../core/policy.js';

export const PROVIDERS = ['wa_link', 'whatsapp_cloud', 'fonnte', 'sms_http', 'twilio', 'smtp'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** Which channel each provider serves. */
export const PROVIDER_CHANNEL: Readonly<Record<ProviderName, Channel>> = {
  wa_link: 'whatsapp',
  whatsapp_cloud: 'whatsapp',
  fonnte: 'whatsapp',
  sms_http: 'sms',
  twilio: 'sms',
  smtp: 'email',
};

export interface Attachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** One message as the provider gets it, rendered and addressed. */
export interface OutgoingMessage {
  /** The outbox id: the idempotency key for providers that take one, and the email's Message-ID seed. */
  readonly id: string;
  readonly businessId: string;
  /** E.164 with `+` for phones (`+6281234567890`), an address for email. */
  readonly recipient: string;
  readonly text: string;
  /** Email only. */
  readonly subject?: string;
  readonly html?: string;
  readonly attachments?: readonly Attachment[];
  /** Email: the `List-Unsubscribe` target (a mailto: or https: URL). */
  readonly unsubscribe?: string;
  /** WhatsApp Cloud API: the approved template to send, with its body parameters in order. */
  readonly template?: { readonly name: string; readonly language: string; readonly parameters: readonly string[] };
}

/**
 * Reasons in outcomes are catalogue entries in stored form (`storeText`): render them with
 * `storedText` in the reader's language. The provider's own words travel as a `detail`
 * parameter, with every configured secret scrubbed out.
 */
export type SendOutcome =
  /** The provider accepted it; its id lets webhooks find the message again. */
  | { readonly kind: 'sent'; readonly providerMessageId: string | null }
  /** Click-to-chat: nothing was sent; the owner sends it by opening the link. */
  | { readonly kind: 'to_tap'; readonly link: string }
  /** Worth another try later (down, slow, rate limited, garbage). */
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterSeconds?: number }
  /** Will never go as it is (bad number, rejected credentials, refused content). */
  | { readonly kind: 'permanent'; readonly reason: string };

export interface Provider {
  readonly name: ProviderName;
  readonly channel: Channel;
  /**
   * True when the provider itself drops a second request with the same key, so a
   * dispatcher killed between the call and recording its outcome can safely call again.
   */
  readonly deduplicates: boolean;
  send(message: OutgoingMessage, signal: AbortSignal): Promise<SendOutcome>;
  /**
   * Lets go of what the provider holds open (SMTP keeps a few connections for reuse). Call it
   * when the dispatcher stops or after `send --once`; a provider without it holds nothing.
   */
  close?(): Promise<void>;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusUpdate {
  readonly providerMessageId: string;
  readonly status: DeliveryStatus;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly reason?: string;
}

/** A message the customer sent back (STOP / BERHENTI opts them out of the channel). */
export interface InboundReply {
  /** E.164 with `+`. */
  readonly from: string;
  readonly text: string;
  readonly at: string;
  /** True when the reply is only an opt-out word (STOP, BERHENTI, UNSUBSCRIBE…; see `isOptOutText`). */
  readonly optOut?: boolean;
}

export interface WebhookBatch {
  readonly statuses: readonly StatusUpdate[];
  readonly replies: readonly InboundReply[];
}

/** What a webhook request looks like to a provider's parser: the raw body, so signatures can be checked. */
export interface WebhookRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
}

export type WebhookResult =
  | { readonly kind: 'batch'; readonly batch: WebhookBatch }
  /** A verification handshake (WhatsApp Cloud API's `hub.challenge`): answer with this body. */
  | { readonly kind: 'challenge'; readonly body: string }
  /** Bad signature, wrong token, or not the provider's shape: refused (401/400) and logged. */
  | { readonly kind: 'refused'; readonly reason: string };

export interface WebhookParser {
  readonly name: ProviderName;
  parse(request: WebhookRequest): WebhookResult;
}
