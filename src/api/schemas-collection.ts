/** The shapes of the collection routes: policy, the run, promises, disputes, reported payments, plans, timeline. */
import { z } from '@hono/zod-openapi';
import { PLAN_FREQUENCIES } from '../core/commitments.js';
import { PAYMENT_METHODS } from '../core/ledger.js';
import { calendarDate, money, positiveMoney } from './schemas.js';

const text = (max: number) =>
  z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const ref = text(200);
const anyObject = z.record(z.string(), z.unknown());

export const PolicyQuery = z.object({ customerId: ref.optional() }).strict();
export const PolicyUpdate = z
  .object({
    customerId: ref.optional().openapi({ description: "set this customer's own policy (else the business's)" }),
    policy: anyObject.openapi({
      description: 'sections of the policy to change (README: "How collection works"); the rest keep their value',
    }),
    reason: text(500).optional(),
  })
  .strict()
  .openapi('PolicyUpdate');
const PolicyVersion = z.object({
  id: z.string(),
  scope: z.enum(['business', 'customer']),
  customerId: z.string().nullable(),
  version: z.number(),
  policy: anyObject,
  reason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const Policy = PolicyVersion.extend({ history: z.array(PolicyVersion).optional() }).openapi('Policy');

export const RunRequest = z
  .object({ asOf: calendarDate.optional(), dryRun: z.boolean({ error: 'must be true or false' }).optional() })
  .strict()
  .openapi('CollectionRunRequest');
const ReminderItem = z
  .object({
    invoiceId: z.string().nullable(),
    number: z.string().nullable(),
    planId: z.string().nullable(),
    instalment: z.object({ seq: z.number(), count: z.number() }).nullable(),
    amount: z.number(),
  })
  .openapi({ description: 'an invoice (by number) or an instalment of a plan (seq of count) the reminder lists' });
const DayReport = z.object({
  asOf: z.string(),
  dryRun: z.boolean(),
  ran: z.boolean(),
  reminders: z.array(
    z.object({
      customerId: z.string(),
      step: z.number(),
      tone: z.string(),
      channel: z.string(),
      invoiceIds: z.array(z.string()),
      amountDue: z.number(),
      items: z.array(ReminderItem).optional(),
    }),
  ),
  fees: z.array(z.object({ invoiceId: z.string(), amount: z.number(), period: z.number(), date: z.string() })),
  discounts: z.array(z.object({ invoiceId: z.string(), amount: z.number() })),
  holds: z.array(z.object({ customerId: z.string(), action: z.string(), reason: z.string() })),
  limitChanges: z.array(
    z.object({ customerId: z.string(), from: z.number().nullable(), to: z.number().nullable(), reason: z.string() }),
  ),
  writeOffSuggestions: z.array(z.object({ invoiceId: z.string(), customerId: z.string(), daysOverdue: z.number() })),
  plans: z.array(
    z.object({
      planId: z.string(),
      customerId: z.string(),
      outcome: z.string(),
      missedSeq: z.number().optional().openapi({ description: 'defaulted: the instalment not paid' }),
      shortfall: z.number().optional().openapi({ description: 'defaulted: what was missing' }),
    }),
  ),
  promises: z.array(
    z.object({ promiseId: z.string(), customerId: z.string(), outcome: z.string(), amount: z.number(), paid: z.number() }),
  ),
  unreachable: z
    .array(
      z.object({
        customerId: z.string(),
        reason: z.enum(['no_phone_or_email', 'no_channel_for_step', 'landline_only', 'opted_out', 'channel_not_configured']),
        step: z.number(),
        channels: z.array(z.string()),
        invoiceIds: z.array(z.string()),
        amountDue: z.number(),
        items: z.array(ReminderItem).optional(),
      }),
    )
    .openapi({
      description:
        'customers a reminder was due for who have no phone or email, or none on the channels the step allows: the owner calls them',
    }),
  customerNames: z.record(z.string(), z.string()).openapi({ description: 'the name of each customer the lists mention' }),
  invoiceNumbers: z.record(z.string(), z.string()).openapi({ description: 'the number of each invoice the lists mention' }),
  lookBack: z
    .object({ latestRun: z.string() })
    .optional()
    .openapi({ description: 'the date is before the latest run: nothing ran; the lists are what the runs recorded that day' }),
  lookPast: z.object({ today: z.string() }).optional().openapi({
    description:
      'the date is a past day no run has done yet: nothing ran; the lists are what it would do if run now (the next run of today catches it up)',
  }),
});
export const RunReport = DayReport.extend({ caughtUp: z.array(DayReport) }).openapi('CollectionRunReport');

export const CommitmentQuery = z
  .object({
    status: z.string().max(20).optional().openapi({ description: "a status, or 'all'; the open (waiting) ones if absent" }),
    customerId: ref.optional().openapi({ description: 'the customer id or ref' }),
    limit: z.coerce.number().int().min(1).max(500).optional().openapi({ description: '1 to 500, default 100' }),
  })
  .strict();

export const PromiseCreate = z
  .object({
    customerId: ref,
    date: calendarDate,
    amount: positiveMoney,
    channel: z.enum(['whatsapp', 'sms', 'email', 'phone', 'visit', 'other']).optional(),
    note: text(500).optional(),
  })
  .strict()
  .openapi('PromiseCreate');
export const PromiseToPay = z
  .object({
    id: z.string(),
    customerId: z.string(),
    promisedDate: z.string(),
    amount: z.number(),
    channel: z.string(),
    note: z.string().nullable(),
    status: z.string(),
    paid: z.number(),
    createdOn: z.string(),
    resolvedOn: z.string().nullable(),
  })
  .openapi('PromiseToPay');

export const DisputeCreate = z
  .object({ reason: text(500) })
  .strict()
  .openapi('DisputeCreate');
export const DisputeClose = z
  .object({
    outcome: z.enum(['resolved', 'rejected']),
    note: text(500),
    creditAmount: money.optional().openapi({ description: 'resolved: the amount to credit (a credit note)' }),
  })
  .strict()
  .openapi('DisputeClose');
export const Dispute = z
  .object({
    id: z.string(),
    invoiceId: z.string(),
    customerId: z.string(),
    reason: z.string(),
    status: z.string(),
    openedOn: z.string(),
    closedOn: z.string().nullable(),
    resolution: z.string().nullable(),
    creditNoteId: z.string().nullable(),
  })
  .openapi('Dispute');

export const PendingCreate = z
  .object({
    customerId: ref,
    amount: positiveMoney,
    method: z.enum(PAYMENT_METHODS),
    provider: z.string().max(50).optional(),
    invoiceId: ref.optional(),
    reference: text(500).optional(),
    note: text(500).optional(),
    date: calendarDate.optional().openapi({ description: 'The day the customer says they paid; today if absent' }),
    allowOldDate: z
      .boolean()
      .optional()
      .openapi({ description: "the date is right although it is before the business's first day or past its backdate limit" }),
  })
  .strict()
  .openapi('PendingPaymentCreate');
export const PendingClose = z
  .object({
    outcome: z.enum(['verified', 'rejected']),
    note: text(500).optional(),
    date: calendarDate
      .optional()
      .openapi({ description: 'Verified only: the day the payment is booked on; the day reported if absent' }),
  })
  .strict()
  .openapi('PendingPaymentClose');
export const PendingPayment = z
  .object({
    id: z.string(),
    customerId: z.string(),
    invoiceId: z.string().nullable(),
    amount: z.number(),
    method: z.string(),
    status: z.string(),
    reportedOn: z.string(),
    paidOn: z.string(),
    resolvedOn: z.string().nullable(),
    paymentId: z.string().nullable(),
  })
  .openapi('PendingPayment');

export const PlanCreate = z
  .object({
    customerId: ref,
    invoiceIds: z.array(ref).max(200).optional().openapi({ description: 'the invoices covered (default: all open)' }),
    frequency: z.enum(PLAN_FREQUENCIES),
    firstDate: calendarDate,
    instalments: z.number().int().optional().openapi({ description: 'number of equal instalments' }),
    amounts: z.array(positiveMoney).max(60).optional().openapi({ description: 'or the agreed amounts' }),
    note: text(500).optional(),
  })
  .strict()
  .openapi('PaymentPlanCreate');
export const Plan = z
  .object({
    id: z.string(),
    customerId: z.string(),
    status: z.string(),
    frequency: z.string(),
    total: z.number(),
    invoiceIds: z.array(z.string()),
    createdOn: z.string(),
    closedOn: z.string().nullable(),
    instalments: z.array(z.object({ seq: z.number(), dueDate: z.string(), amount: z.number() })),
  })
  .openapi('PaymentPlan');

export const Timeline = z
  .object({
    customerId: z.string(),
    events: z.array(
      z.object({
        id: z.string(),
        date: z.string(),
        kind: z.string(),
        invoiceId: z.string().nullable(),
        details: anyObject,
        actor: z.string(),
        at: z.string(),
      }),
    ),
    promises: z.array(PromiseToPay),
    plans: z.array(Plan),
    invoiceNumbers: z.record(z.string(), z.string()).openapi({ description: 'the number of each invoice the events name' }),
    reportedPayments: z
      .record(z.string(), z.object({ amount: z.number(), reference: z.string().nullable() }))
      .openapi({ description: "the customer's reported payments the events name" }),
  })
  .openapi('CollectionTimeline');

export const FeeWaiverCreate = z
  .object({ period: z.number().int('must be a fee period number').min(1, 'must be a fee period number'), reason: text(500) })
  .strict()
  .openapi('FeeWaiverCreate');
export const FeeWaiver = z
  .object({ invoiceId: z.string(), period: z.number(), amount: z.number(), reason: z.string(), outstanding: z.number() })
  .openapi('FeeWaiver');
