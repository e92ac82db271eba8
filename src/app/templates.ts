/**
 * Message templates of a business (decision 0019): the wording in force per purpose and language
 * (the owner's own, else the default), listing, showing with a preview written for a real
 * customer, setting (owner only, checked: an unknown variable is refused) and resetting.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { addDays } from '../core/dates.js';
import { render, t } from '../core/i18n/catalogue.js';
import {
  type MessageBasics,
  type MessageTemplate,
  REMINDER_PURPOSE,
  defaultTemplate,
  disputeValues,
  invoiceValues,
  planValues,
  promiseValues,
  quotedLateFee,
  receiptValues,
  reminderValues,
  renderMessage,
  statementValues,
} from '../core/messages.js';
import { planSchedule } from '../core/commitments.js';
import { minor } from '../core/money.js';
import { type Business, type Customer, LOCALES, type Locale } from '../core/parties.js';
import { type CollectionPolicy, type LateFee, defaultPolicy } from '../core/policy.js';
import { type Result, invalid, ok } from '../core/result.js';
import {
  TEMPLATE_PURPOSES,
  TEMPLATE_VARIABLES,
  type TemplatePurpose,
  type TemplateValues,
  type TemplateVariableName,
  isTemplatePurpose,
  renderSource,
  templateErrors,
} from '../core/templates.js';
import { findDisputes, plansOf, promisesOfCustomer } from '../store/commitments-repo.js';
import { findCustomers, findPayments } from '../store/browse-repo.js';
import { getInvoice, openInvoicesOfCustomer } from '../store/invoices-repo.js';
import { getCustomer } from '../store/parties-repo.js';
import { latestPolicyVersion, policyVersionById } from '../store/policies-repo.js';
import type { Database } from '../store/schema.js';
import {
  type StoredTemplate,
  deleteTemplate,
  previewCustomerId,
  saveTemplate,
  storedTemplate,
  storedTemplates,
} from '../store/templates-repo.js';
import { todayOf } from './businesses.js';
import { runCommand } from './command.js';
import type { AppContext } from './context.js';
import { resolveCustomer } from './customers.js';
import { requirePermission } from './permissions.js';
import { parseInput, textField, textIssue } from './validate.js';

type Db = Kysely<Database>;

/** The wording in force for a purpose and language: the business's own, else the default. */
export async function templateFor(
  db: Db,
  business: Business,
  purpose: TemplatePurpose,
  locale: Locale,
): Promise<MessageTemplate & { isDefault: boolean }> {
  return inForce(purpose, locale, await storedTemplate(db, business.id, purpose, locale));
}

/** The wording in force for several purposes in one language, read at once (the collection run's reminders). */
export async function templatesFor(
  db: Db,
  business: Business,
  purposes: readonly TemplatePurpose[],
  locale: Locale,
): Promise<Map<TemplatePurpose, MessageTemplate>> {
  const stored = (await storedTemplates(db, business.id, purposes)).filter((row) => row.locale === locale);
  return new Map(
    purposes.map((purpose) => [
      purpose,
      inForce(
        purpose,
        locale,
        stored.find((row) => row.purpose === purpose),
      ),
    ]),
  );
}

function inForce(
  purpose: TemplatePurpose,
  locale: Locale,
  stored: StoredTemplate | undefined,
): MessageTemplate & { isDefault: boolean } {
  const fallback = defaultTemplate(purpose, locale);
  if (!stored) return { ...fallback, isDefault: true };
  return { subject: stored.subject ?? fallback.subject, body: stored.body, isDefault: false };
}

export interface TemplateSummary {
  readonly purpose: TemplatePurpose;
  readonly lang: Locale;
  readonly isDefault: boolean;
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
}

export interface TemplateVariable {
  readonly name: string;
  readonly kind: 'text' | 'flag' | 'list';
  readonly fields?: readonly string[];
  /** What it holds, in both languages. */
  readonly description: { readonly id: string; readonly en: string };
}

export interface TemplateView extends TemplateSummary {
  readonly subject: string;
  readonly body: string;
  readonly variables: readonly TemplateVariable[];
  /** The message written for a real customer (the one named, else the one with the most overdue); null when none owes anything. */
  readonly preview: {
    readonly customer: { readonly name: string; readonly ref: string | null };
    readonly subject: string;
    readonly body: string;
    readonly html: string;
  } | null;
}

/** Every purpose in both languages, each saying whether the owner rewrote it. */
export async function listTemplates(ctx: AppContext, business: Business): Promise<Result<TemplateSummary[]>> {
  const allowed = requirePermission(ctx.actor, 'read');
  if (!allowed.ok) return allowed;
  const stored = await storedTemplates(ctx.store.db, business.id);
  return ok(
    TEMPLATE_PURPOSES.flatMap((purpose) =>
      LOCALES.map((lang) => {
        const own = stored.find((row) => row.purpose === purpose && row.locale === lang);
        return { purpose, lang, isDefault: !own, updatedBy: own?.updatedBy ?? null, updatedAt: own?.updatedAt ?? null };
      }),
    ),
  );
}

const purposeField = z.string().superRefine((purpose, context) => {
  if (!isTemplatePurpose(purpose))
    context.addIssue(textIssue(t('template.unknown_purpose', { purpose, purposes: TEMPLATE_PURPOSES })));
});
const langField = z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` });

const showSchema = z.object({ purpose: purposeField, lang: langField.optional(), customer: z.string().optional() }).strict();

/** One template: its text, whether it is the default, its variables and a preview for a real customer. */
export async function showTemplate(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof showSchema>,
): Promise<Result<TemplateView>> {
  const allowed = requirePermission(ctx.actor, 'read');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(showSchema, input);
  if (!parsed.ok) return parsed;
  const purpose = parsed.value.purpose as TemplatePurpose;
  const lang = parsed.value.lang ?? business.locale;
  const db = ctx.store.db;
  let customer: Customer | undefined;
  if (parsed.value.customer !== undefined) {
    const found = await previewCustomerNamed(db, business, parsed.value.customer);
    if (!found.ok) return found;
    customer = found.value;
  } else {
    const id = await previewCustomerId(db, business.id, todayOf(ctx, business));
    customer = id === undefined ? undefined : await getCustomer(db, business.id, id);
  }
  const stored = await storedTemplate(db, business.id, purpose, lang);
  const template = inForce(purpose, lang, stored);
  let preview: TemplateView['preview'] = null;
  if (customer) {
    const values = await previewValues(ctx, business, purpose, lang, customer);
    const message = renderMessage(template, values);
    preview = {
      customer: { name: customer.name, ref: customer.ref },
      subject: message.subject,
      body: message.body,
      html: renderSource(template.body, values, 'html'),
    };
  }
  return ok({
    purpose,
    lang,
    isDefault: template.isDefault,
    updatedBy: stored?.updatedBy ?? null,
    updatedAt: stored?.updatedAt ?? null,
    subject: template.subject,
    body: template.body,
    variables: variablesOf(purpose),
    preview,
  });
}

/** The customer named by id, ref or (the one customer whose) name. */
async function previewCustomerNamed(db: Db, business: Business, named: string): Promise<Result<Customer>> {
  const found = await resolveCustomer(db, business.id, named);
  if (found.ok) return found;
  const byName = (await findCustomers(db, business.id, { search: named }, { limit: 20 })).filter(
    (customer) => customer.name.toLowerCase() === named.trim().toLowerCase(),
  );
  return byName.length === 1 ? ok(byName[0] as Customer) : found;
}

function variablesOf(purpose: TemplatePurpose): TemplateVariable[] {
  const describe = (name: string) => ({
    id: render(t('template.variable', { name: name as TemplateVariableName }), { language: 'id' }),
    en: render(t('template.variable', { name: name as TemplateVariableName }), { language: 'en' }),
  });
  return Object.entries(TEMPLATE_VARIABLES[purpose]).flatMap(([name, spec]) => [
    { name, kind: spec.kind, ...(spec.kind === 'list' ? { fields: spec.fields } : {}), description: describe(name) },
    ...(spec.kind === 'list'
      ? spec.fields.map((field) => ({ name: `${name}.${field}`, kind: 'text' as const, description: describe(field) }))
      : []),
  ]);
}

/** The policy in force for a customer, read without writing anything (their own, the business's, else the default). */
export async function policyInForce(db: Db, business: Business, customerId: string): Promise<CollectionPolicy> {
  return (
    (await latestPolicyVersion(db, business.id, customerId))?.policy ??
    (await latestPolicyVersion(db, business.id, null))?.policy ??
    defaultPolicy(business)
  );
}

/** What a message to the customer would say today, from their records: what they owe, paid, promised, agreed, disputed. */
async function previewValues(
  ctx: AppContext,
  business: Business,
  purpose: TemplatePurpose,
  locale: Locale,
  customer: Customer,
): Promise<TemplateValues> {
  const db = ctx.store.db;
  const today = todayOf(ctx, business);
  const basics: MessageBasics = {
    businessName: business.name,
    customerName: customer.name,
    currency: business.currency,
    locale,
    asOf: today,
    paymentInstructions: business.paymentInstructions,
  };
  const open = (await openInvoicesOfCustomer(db, business.id, customer.id)).sort((a, b) =>
    a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.number < b.number ? -1 : 1,
  );
  const feeOf = async (policyId: string | null): Promise<LateFee> =>
    (policyId ? (await policyVersionById(db, business.id, policyId))?.policy.lateFee : undefined) ?? { kind: 'none' };
  const owed = minor(open.reduce((sum, invoice) => sum + invoice.outstanding, 0));
  switch (purpose) {
    case 'reminder_friendly':
    case 'reminder_firm':
    case 'reminder_final': {
      const tone = (Object.keys(REMINDER_PURPOSE) as (keyof typeof REMINDER_PURPOSE)[]).find(
        (key) => REMINDER_PURPOSE[key] === purpose,
      );
      const fees = await Promise.all(open.map((invoice) => feeOf(invoice.policyId)));
      return reminderValues({
        ...basics,
        tone: tone ?? 'friendly',
        lines: open.map((invoice) => ({
          label: invoice.number,
          instalmentSeq: null,
          dueDate: invoice.dueDate,
          amount: invoice.outstanding,
        })),
        amountDue: owed,
        lateFee: quotedLateFee(fees),
      });
    }
    case 'receipt': {
      const payments = await findPayments(db, business.id, { customerId: customer.id }, { limit: 500 });
      const last = payments.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
      return receiptValues(basics, {
        amount: last?.amount ?? customer.balance,
        date: last?.date ?? today,
        reference: last?.reference ?? null,
        balance: last ? customer.balance : minor(0),
        credit: customer.credit,
      });
    }
    case 'promise_confirmation': {
      const promise = (await promisesOfCustomer(db, business.id, customer.id)).find((p) => p.status === 'open');
      return promiseValues(basics, {
        amount: promise?.amount ?? customer.balance,
        date: promise?.promisedDate ?? addDays(today, 7),
        balance: customer.balance,
      });
    }
    case 'plan_confirmation': {
      const plan = (await plansOf(db, business.id, { customerId: customer.id, status: 'active' }))[0];
      const instalments = plan?.instalments ?? planSchedule(owed, 'monthly', addDays(today, 7), { count: 3 });
      return planValues(basics, { total: plan?.total ?? owed, balance: customer.balance, instalments });
    }
    case 'dispute_received': {
      const dispute = (await findDisputes(db, business.id, { customerId: customer.id }, 1))[0];
      const invoice = dispute ? await getInvoice(db, business.id, dispute.invoiceId) : open[0];
      return disputeValues(basics, {
        invoiceNumber: invoice?.number ?? '',
        reason: dispute?.reason ?? render(t('template.preview_reason'), { language: locale }),
      });
    }
    case 'statement':
      return statementValues(basics, { from: `${today.slice(0, 8)}01` as typeof today, to: today, balance: customer.balance });
    case 'invoice': {
      const invoice = [...open].sort((a, b) => (a.issueDate < b.issueDate ? 1 : a.issueDate > b.issueDate ? -1 : 0))[0];
      return invoiceValues(basics, {
        number: invoice?.number ?? '',
        issueDate: invoice?.issueDate ?? today,
        dueDate: invoice?.dueDate ?? today,
        total: invoice?.total ?? minor(0),
        reference: invoice?.reference ?? null,
        lateFee: await feeOf(invoice?.policyId ?? null),
      });
    }
  }
}

const setSchema = z
  .object({
    purpose: purposeField,
    lang: langField.optional(),
    // The text rule (decision 0015), several lines; the length bound and the variables are the template's own check.
    body: textField(Number.MAX_SAFE_INTEGER, 'multi'),
    subject: textField(Number.MAX_SAFE_INTEGER).nullable().optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

/** Writes the business's wording of a purpose in a language (owner only); refused with the reason if it does not check. */
export async function setTemplate(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof setSchema>,
): Promise<Result<TemplateView>> {
  const allowed = requirePermission(ctx.actor, 'business.settings');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(setSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const purpose = request.purpose as TemplatePurpose;
  const lang = request.lang ?? business.locale;
  const body = request.body.replace(/\r\n/g, '\n');
  const subject = request.subject ?? null;
  const errors = templateErrors(purpose, body, subject);
  if (Object.keys(errors).length > 0) return invalid(errors);
  const written = await runCommand(
    ctx,
    { scope: business.id, command: 'template.set', idempotencyKey, request: { ...request, lang } },
    async (trx, tools) => {
      await saveTemplate(trx, {
        businessId: business.id,
        purpose,
        locale: lang,
        subject,
        body,
        updatedBy: ctx.actor.name,
        updatedAt: tools.now,
      });
      await tools.audit('template.set', 'business', business.id, { purpose, lang });
      return ok({ purpose, lang });
    },
  );
  if (!written.ok) return written;
  return showTemplate(ctx, business, { purpose, lang });
}

const resetSchema = z
  .object({ purpose: purposeField, lang: langField.optional(), idempotencyKey: z.string().optional() })
  .strict();

/** Goes back to the default wording of a purpose in a language (owner only). */
export async function resetTemplate(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof resetSchema>,
): Promise<Result<TemplateView>> {
  const allowed = requirePermission(ctx.actor, 'business.settings');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(resetSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const purpose = request.purpose as TemplatePurpose;
  const lang = request.lang ?? business.locale;
  const reset = await runCommand(
    ctx,
    { scope: business.id, command: 'template.reset', idempotencyKey, request: { ...request, lang } },
    async (trx, tools) => {
      const removed = await deleteTemplate(trx, business.id, purpose, lang);
      if (removed) await tools.audit('template.reset', 'business', business.id, { purpose, lang });
      return ok({ purpose, lang, removed });
    },
  );
  if (!reset.ok) return reset;
  return showTemplate(ctx, business, { purpose, lang });
}
