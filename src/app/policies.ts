/**
 * The collection policy of a business and of single customers: showing it,
 * writing a new version (validated as a whole), and finding the version in
 * force when an invoice is issued. Until the owner writes one, the business's
 * policy is the default built from its settings, stored as version 1 the first
 * time anything needs it, so invoices always name the version they live under.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  type CollectionPolicy,
  CHANNELS,
  DEFAULT_MIN_GAP_DAYS,
  DEFAULT_RECEIPTS,
  FEE_PERIODS,
  TONES,
  defaultPolicy,
  policyErrors,
} from '../core/policy.js';
import type { Business } from '../core/parties.js';
import { type Result, invalid, ok } from '../core/result.js';
import { type PolicyVersion, insertPolicyVersion, latestPolicyVersion, policyHistory } from '../store/policies-repo.js';
import type { Database } from '../store/schema.js';
import { type WriteTools, runCommand } from './command.js';
import type { AppContext } from './context.js';
import { resolveCustomer } from './customers.js';
import { requirePermission } from './permissions.js';
import { idOrRef, parseInput, textField } from './validate.js';
import { render, storeText, storedText, t } from '../core/i18n/catalogue.js';

const days = z.number({ error: 'must be a whole number of days' });
const money = z.number({ error: 'must be a whole number of minor units' });
const nullableMoney = money.nullable().default(null);
const bps = z.number({ error: 'must be a whole number of basis points' });
const onOff = z.boolean({ error: 'must be true or false' });

const stepSchema = z
  .object({
    offsetDays: days,
    tone: z.enum(TONES, { error: `must be one of ${TONES.join(', ')}` }),
    channels: z.array(z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` })).default([...CHANNELS]),
  })
  .strict();

const lateFeeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.enum(['flat', 'rate']),
      amount: nullableMoney,
      rateBps: bps.nullable().default(null),
      period: z.enum(FEE_PERIODS, { error: `must be one of ${FEE_PERIODS.join(', ')}` }),
      capAmount: nullableMoney,
      capShareBps: bps.nullable().default(null),
    })
    .strict(),
]);

/** Every top-level section is optional: what is left out keeps the value of the policy in force. */
const policyPatchSchema = z
  .object({
    terms: z
      .object({ basis: z.enum(['net', 'end_of_month']), days })
      .strict()
      .optional(),
    graceDays: days.optional(),
    lateFee: lateFeeSchema.optional(),
    earlyDiscount: z.object({ rateBps: bps, withinDays: days }).strict().nullable().optional(),
    reminders: z
      .object({
        steps: z.array(stepSchema),
        repeatEveryDays: days.default(7),
        repeatsMax: z.number().default(0),
        minGapDays: days.default(DEFAULT_MIN_GAP_DAYS),
      })
      .strict()
      .optional(),
    escalation: z
      .object({
        holdAfterDaysOverdue: days.nullable().default(null),
        holdAboveOverdue: nullableMoney,
        inCollectionAfterDays: days.nullable().default(null),
        suggestWriteOffAfterDays: days.nullable().default(null),
      })
      .strict()
      .optional(),
    creditEvaluation: z
      .object({ latePaymentsMax: z.number(), windowDays: days, lowerToBps: bps, restoreAfterOnTimePayments: z.number() })
      .strict()
      .nullable()
      .optional(),
    receipts: z
      .object({
        payment: onOff.default(DEFAULT_RECEIPTS.payment),
        promise: onOff.default(DEFAULT_RECEIPTS.promise),
        plan: onOff.default(DEFAULT_RECEIPTS.plan),
        dispute: onOff.default(DEFAULT_RECEIPTS.dispute),
      })
      .strict()
      .optional(),
  })
  .strict();

const setSchema = z
  .object({
    customer: idOrRef.optional(),
    policy: policyPatchSchema,
    reason: textField().optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type SetPolicyInput = z.input<typeof setSchema>;

export interface PolicyView {
  readonly id: string;
  readonly scope: 'business' | 'customer';
  readonly customerId: string | null;
  readonly version: number;
  readonly policy: CollectionPolicy;
  readonly reason: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** A version as people read it; its reason stored as a catalogue entry (or as written) in the business's language. */
function policyView(version: PolicyVersion, business: Business): PolicyView {
  return {
    id: version.id,
    scope: version.customerId === null ? 'business' : 'customer',
    customerId: version.customerId,
    version: version.version,
    policy: version.policy,
    reason:
      version.reason === null
        ? null
        : render(storedText(version.reason), { language: business.locale, currency: business.currency }),
    createdBy: version.createdBy,
    createdAt: version.createdAt,
  };
}

/** The business's policy in force, storing the default as version 1 if none was written yet. */
export async function businessPolicyIn(
  trx: Kysely<Database>,
  tools: Pick<WriteTools, 'newId' | 'now'>,
  business: Business,
): Promise<PolicyVersion> {
  const latest = await latestPolicyVersion(trx, business.id, null);
  if (latest) return latest;
  const version: PolicyVersion = {
    id: tools.newId('pol'),
    businessId: business.id,
    customerId: null,
    version: 1,
    policy: defaultPolicy(business),
    reason: storeText(t('policy.default_reason')),
    createdBy: 'system',
    createdAt: tools.now,
  };
  await insertPolicyVersion(trx, version);
  return version;
}

/** The policy in force for a customer: their own newest version, else the business's. */
export async function customerPolicyIn(
  trx: Kysely<Database>,
  tools: Pick<WriteTools, 'newId' | 'now'>,
  business: Business,
  customerId: string,
): Promise<PolicyVersion> {
  return (await latestPolicyVersion(trx, business.id, customerId)) ?? businessPolicyIn(trx, tools, business);
}

/** Shows the policy in force (the business's, or one customer's) with its history, newest first. */
export async function showPolicy(
  ctx: AppContext,
  business: Business,
  customerRef?: string,
): Promise<Result<PolicyView & { history: PolicyView[] }>> {
  let customerId: string | null = null;
  if (customerRef !== undefined) {
    const customer = await resolveCustomer(ctx.store.db, business.id, customerRef);
    if (!customer.ok) return customer;
    customerId = customer.value.id;
  }
  const history = await policyHistory(ctx.store.db, business.id, customerId);
  const fallback = customerId === null ? [] : await policyHistory(ctx.store.db, business.id, null);
  const current = history[0] ?? fallback[0];
  if (current) return ok({ ...policyView(current, business), history: history.map((version) => policyView(version, business)) });
  // Nothing written yet: the default, not stored until an invoice or a run needs it.
  const policy = defaultPolicy(business);
  return ok({
    id: 'default',
    scope: 'business',
    customerId: null,
    // The number it will have when stored (the first time an invoice or a run needs it, or before the first change).
    version: 1,
    policy,
    reason: render(t('policy.default_reason'), { language: business.locale }),
    createdBy: 'system',
    createdAt: '',
    history: [],
  });
}

/** Writes a new version of the business's or a customer's policy; sections left out keep their current value. */
export async function setPolicy(ctx: AppContext, business: Business, input: SetPolicyInput): Promise<Result<PolicyView>> {
  const allowed = requirePermission(ctx.actor, 'business.settings');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(setSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  if (Object.keys(request.policy).length === 0)
    return invalid({
      policy: t('policy.no_section'),
    });
  return runCommand(ctx, { scope: business.id, command: 'policy.set', idempotencyKey, request }, async (trx, tools) => {
    let customerId: string | null = null;
    if (request.customer !== undefined) {
      const customer = await resolveCustomer(trx, business.id, request.customer);
      if (!customer.ok) return customer;
      customerId = customer.value.id;
    }
    const current =
      customerId === null
        ? await businessPolicyIn(trx, tools, business)
        : await customerPolicyIn(trx, tools, business, customerId);
    const policy = { ...current.policy, ...request.policy } as CollectionPolicy;
    const errors = policyErrors(policy);
    if (Object.keys(errors).length > 0)
      return invalid(Object.fromEntries(Object.entries(errors).map(([k, v]) => [`policy.${k}`, v])));
    const own = customerId === null ? current : await latestPolicyVersion(trx, business.id, customerId);
    const version: PolicyVersion = {
      id: tools.newId('pol'),
      businessId: business.id,
      customerId,
      version: (own?.customerId === customerId ? own.version : 0) + 1,
      policy,
      reason: request.reason ?? null,
      createdBy: ctx.actor.name,
      createdAt: tools.now,
    };
    await insertPolicyVersion(trx, version);
    await tools.audit('policy.set', customerId === null ? 'business' : 'customer', customerId ?? business.id, {
      version: version.version,
      policyId: version.id,
      reason: version.reason,
    });
    return ok(policyView(version, business));
  });
}
