/** The shapes of the owner's routes of issue 13: channels, notes, the owner's day. */
import { z } from '@hono/zod-openapi';

import { CHANNELS } from '../core/policy.js';
import { CHANNEL_RATE_MAX, PROVIDERS } from '../app/channels.js';
import { NOTE_KINDS, NOTE_OUTCOMES } from '../app/notes.js';
import { TIMELINE_GROUP_NAMES } from '../app/timeline.js';
import { calendarDate } from './schemas.js';

const anyObject = z.record(z.string(), z.unknown());
const reasons = ['no_phone_or_email', 'no_channel_for_step', 'landline_only', 'opted_out', 'channel_not_configured'] as const;

export const Channel = z
  .object({
    channel: z.enum(CHANNELS),
    provider: z.enum(PROVIDERS),
    enabled: z.boolean(),
    ratePerMinute: z.number().int().nullable(),
    config: anyObject.openapi({ description: 'the configuration; secret fields masked (`••••1234`, or `set`)' }),
    secretFields: z.array(z.string()),
    source: z.enum(['default', 'set']).openapi({ description: '`default`: WhatsApp click-to-chat, nothing set' }),
    updatedAt: z.string().nullable(),
  })
  .openapi('Channel');

export const ChannelList = z.object({ channels: z.array(Channel) }).openapi('ChannelList');

export const ChannelUpdate = z
  .object({
    channel: z.enum(CHANNELS),
    provider: z.enum(PROVIDERS).optional().openapi({ description: 'must serve the channel; kept when not given' }),
    config: anyObject
      .optional()
      .openapi({ description: "fields to set (null removes one); the provider's other stored fields stay" }),
    ratePerMinute: z.number().int().min(1).max(CHANNEL_RATE_MAX).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .openapi('ChannelUpdate');

export const Note = z
  .object({
    id: z.string(),
    customerId: z.string(),
    kind: z.enum(NOTE_KINDS),
    outcome: z.string().nullable(),
    text: z.string(),
    date: z.string(),
    actor: z.string(),
    at: z.string(),
  })
  .openapi('Note');

export const NoteCreate = z
  .object({
    kind: z.enum(NOTE_KINDS),
    outcome: z.enum(NOTE_OUTCOMES).optional(),
    date: calendarDate.optional().openapi({ description: 'today when not given; never after today' }),
    text: z.string().min(1).max(2000),
  })
  .strict()
  .openapi('NoteCreate');

export const NoteList = z.object({ customerId: z.string(), notes: z.array(Note) }).openapi('NoteList');

export const NoteQuery = z
  .object({
    kind: z
      .string()
      .max(100)
      .optional()
      .openapi({ description: `comma-separated: ${NOTE_KINDS.join(', ')}` }),
  })
  .strict();

export const TimelineQuery = z
  .object({
    kind: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: `comma-separated groups: ${TIMELINE_GROUP_NAMES.join(', ')}` }),
  })
  .strict();

const who = { customerId: z.string(), customer: z.string(), ref: z.string().nullable() };

export const Today = z
  .object({
    date: z.string(),
    toTap: z.array(
      z.object({
        ...who,
        messageId: z.string(),
        purpose: z.string().openapi({ description: 'reminder, receipt, promise_confirmation, …' }),
        writtenOn: calendarDate.openapi({ description: "the day it was written, in the business's time zone" }),
        phone: z.string(),
        amount: z.number().int(),
        link: z.string(),
      }),
    ),
    unreachable: z.array(
      z.object({
        ...who,
        phone: z.string().nullable(),
        balance: z.number().int(),
        reason: z.enum(reasons),
        channels: z.array(z.enum(CHANNELS)),
      }),
    ),
    promisesDueToday: z.array(z.object({ ...who, amount: z.number().int(), paid: z.number().int(), date: z.string() })),
    promisesBroken: z.array(
      z.object({ ...who, amount: z.number().int(), paid: z.number().int(), date: z.string(), brokenOn: z.string().nullable() }),
    ),
    plansDefaulted: z.array(z.object({ ...who, total: z.number().int(), closedOn: z.string().nullable() })),
    paymentsToVerify: z.array(
      z.object({
        ...who,
        id: z.string(),
        amount: z.number().int(),
        reference: z.string().nullable(),
        paidOn: z.string(),
        invoice: z.string().nullable(),
      }),
    ),
    disputesOpen: z.array(z.object({ ...who, id: z.string(), invoice: z.string(), reason: z.string(), openedOn: z.string() })),
    writeOffSuggestions: z.array(
      z.object({ ...who, invoice: z.string(), outstanding: z.number().int(), daysOverdue: z.number().int() }),
    ),
    failedMessages: z.array(
      z.object({ ...who, messageId: z.string(), channel: z.enum(CHANNELS), recipient: z.string(), error: z.string().nullable() }),
    ),
  })
  .openapi('Today');

export const WebhookParams = z.object({ provider: z.enum(PROVIDERS), businessId: z.string().min(1).max(200) }).strict();
export const WebhookAnswer = z.object({ ok: z.boolean() }).openapi('WebhookAnswer');
