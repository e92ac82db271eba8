/**
 * The texts customers receive, in Bahasa Indonesia and English, written from templates
 * (core/templates.ts: the owner's wording, else the default in the catalogue). A reminder
 * states what is owed (each invoice or instalment with its due date), the total, how to pay,
 * and the consequence the policy writes down; the tone rises with the ladder but never
 * threatens. This module turns records into a template's values: amounts written `Rp 50.000`,
 * rates `2%`, dates `8 Desember 2026`.
 */
import { type CalendarDate, daysBetween } from './dates.js';
import type { Minor } from './money.js';
import { type Text, formatAmount, formatDate, render, t } from './i18n/catalogue.js';
import { type TemplatePurpose, type TemplateValue, type TemplateValues, renderSource } from './templates.js';
import type { Locale, PaymentInstructions } from './parties.js';
import type { LateFee, Tone } from './policy.js';

export interface ReminderText {
  readonly businessName: string;
  readonly customerName: string;
  readonly currency: string;
  readonly locale: Locale;
  readonly tone: Tone;
  readonly asOf: CalendarDate;
  /** Invoices by number; instalments (with `instalmentSeq`) by `seq/count`. */
  readonly lines: readonly { label: string; instalmentSeq?: number | null; dueDate: CalendarDate; amount: Minor }[];
  readonly amountDue: Minor;
  readonly paymentInstructions: PaymentInstructions | null;
  readonly lateFee: LateFee;
}

/** The ladder's tone names the reminder's template. */
export const REMINDER_PURPOSE = {
  friendly: 'reminder_friendly',
  firm: 'reminder_firm',
  final: 'reminder_final',
} as const satisfies Record<Tone, TemplatePurpose>;

/** A message's words: the subject (email) and the body (WhatsApp, SMS, the email's text part). */
export interface MessageTemplate {
  readonly subject: string;
  readonly body: string;
}

export interface RenderedMessage {
  readonly subject: string;
  readonly body: string;
}

/** The wording a purpose has until the owner writes their own (catalogue: `template.default`). */
export function defaultTemplate(purpose: TemplatePurpose, locale: Locale): MessageTemplate {
  return {
    subject: render(t('template.default', { purpose, part: 'subject' }), { language: locale }),
    body: render(t('template.default', { purpose, part: 'body' }), { language: locale }),
  };
}

/** A message written from its template and values; the subject on one line. */
export function renderMessage(template: MessageTemplate, values: TemplateValues): RenderedMessage {
  return {
    subject: renderSource(template.subject, values).replace(/\s*[\r\n]+\s*/g, ' '),
    body: renderSource(template.body, values),
  };
}

/** What every message may say: who to, from whom, today, and how to pay. */
export interface MessageBasics {
  readonly businessName: string;
  readonly customerName: string;
  readonly currency: string;
  readonly locale: Locale;
  readonly asOf: CalendarDate;
  readonly paymentInstructions: PaymentInstructions | null;
}

function speaker(basics: MessageBasics) {
  const context = { language: basics.locale, currency: basics.currency };
  return {
    say: (text: Text) => render(text, context),
    money: (amount: number) => formatAmount(amount, basics.currency, basics.locale),
    date: (date: string) => formatDate(date, basics.locale),
  };
}

/** A name that already carries a form of address (Ibu Ratna, Pak Budi, H. Ahmad) or is a business's (PT, CV, Toko …). */
const ADDRESSED_OR_BUSINESS =
  /^(bapak|bpk\.?|pak|ibu|bu|sdr\.?|sdri\.?|saudara|saudari|mas|mbak|mba|kak|tn\.?|ny\.?|nn\.?|haji|hj\.?|h\.|dr\.?|drg\.?|pt\.?|cv\.?|ud\.?|toko|warung|koperasi|yayasan|kantor|apotek|bengkel|rm\.?)(\s|$)/i;

/**
 * How a message greets the customer: in Indonesian "Bapak/Ibu" and the name, unless the name
 * already has a form of address or is a business's (then the name alone: "Ibu Ratna", "PT Maju
 * Jaya", never "Bapak/Ibu Ibu Ratna"); in English the name.
 */
export function greetingOf(name: string, locale: Locale): string {
  return locale === 'id' && !ADDRESSED_OR_BUSINESS.test(name.trim()) ? `Bapak/Ibu ${name}` : name;
}

function commonValues(basics: MessageBasics): Record<string, TemplateValue> {
  return {
    customer_name: basics.customerName,
    greeting: greetingOf(basics.customerName, basics.locale),
    business_name: basics.businessName,
    today: formatDate(basics.asOf, basics.locale),
    how_to_pay: paymentLines(basics.paymentInstructions, basics.locale)
      .map((line) => `- ${line}`)
      .join('\n'),
  };
}

/** The late-fee sentence of a fee, or nothing when none applies. */
function lateFeeSentence(fee: LateFee, say: (text: Text) => string): string {
  if (fee.kind === 'flat') return say(t('reminder.fee_flat', { amount: fee.amount as Minor, period: fee.period }));
  if (fee.kind === 'rate') return say(t('reminder.fee_rate', { rateBps: fee.rateBps as number, period: fee.period }));
  return '';
}

/** The values of a reminder: the lines with how far each is from its due date on the day, the total, the fee. */
export function reminderValues(message: ReminderText): TemplateValues {
  const { say, money, date } = speaker(message);
  return {
    ...commonValues(message),
    amount_due: money(message.amountDue),
    // Each line says how far it is from its due date on the day of the message: two messages on different days never read the same.
    items: message.lines.map((line) => ({
      item: say(lineLabel(line)),
      amount: money(line.amount),
      due_date: date(line.dueDate),
      when: say(t('template.when', { daysLate: daysBetween(line.dueDate, message.asOf) })),
    })),
    late_fee: lateFeeSentence(message.lateFee, say),
  };
}

/** One consolidated reminder in the business's language, from the owner's template for its tone or the default. */
export function reminderMessage(message: ReminderText, template?: MessageTemplate): RenderedMessage {
  return renderMessage(template ?? defaultTemplate(REMINDER_PURPOSE[message.tone], message.locale), reminderValues(message));
}

/** The body of one consolidated reminder with the default wording. */
export function reminderText(message: ReminderText): string {
  return reminderMessage(message).body;
}

/** A payment received: its amount and day, and what the customer owes after it (or holds as credit). */
export function receiptValues(
  basics: MessageBasics,
  payment: { amount: Minor; date: CalendarDate; reference: string | null; balance: Minor; credit: Minor },
): TemplateValues {
  const { money, date } = speaker(basics);
  return {
    ...commonValues(basics),
    payment_amount: money(payment.amount),
    payment_date: date(payment.date),
    payment_reference: payment.reference ?? '',
    balance: money(payment.balance),
    paid_in_full: payment.balance <= 0,
    credit: payment.credit > 0 ? money(payment.credit) : '',
  };
}

export function promiseValues(
  basics: MessageBasics,
  promise: { amount: Minor; date: CalendarDate; balance: Minor },
): TemplateValues {
  const { money, date } = speaker(basics);
  return {
    ...commonValues(basics),
    promise_amount: money(promise.amount),
    promise_date: date(promise.date),
    balance: money(promise.balance),
  };
}

export function planValues(
  basics: MessageBasics,
  plan: { total: Minor; balance: Minor; instalments: readonly { seq: number; dueDate: CalendarDate; amount: Minor }[] },
): TemplateValues {
  const { money, date } = speaker(basics);
  return {
    ...commonValues(basics),
    plan_total: money(plan.total),
    balance: money(plan.balance),
    instalments: plan.instalments.map((instalment) => ({
      number: `${instalment.seq}/${plan.instalments.length}`,
      amount: money(instalment.amount),
      due_date: date(instalment.dueDate),
    })),
  };
}

export function disputeValues(basics: MessageBasics, dispute: { invoiceNumber: string; reason: string }): TemplateValues {
  return { ...commonValues(basics), invoice_number: dispute.invoiceNumber, dispute_reason: dispute.reason };
}

/** The message that goes with a statement: its period and the balance at its end. */
export function statementValues(
  basics: MessageBasics,
  statement: { from: CalendarDate; to: CalendarDate; balance: Minor },
): TemplateValues {
  const { money, date } = speaker(basics);
  return {
    ...commonValues(basics),
    period_start: date(statement.from),
    period_end: date(statement.to),
    balance: money(statement.balance),
  };
}

/** The message that goes with an invoice: its number, dates, total, reference and the fee its policy sets. */
export function invoiceValues(
  basics: MessageBasics,
  invoice: {
    number: string;
    issueDate: CalendarDate;
    dueDate: CalendarDate;
    total: Minor;
    reference: string | null;
    lateFee: LateFee;
  },
): TemplateValues {
  const { say, money, date } = speaker(basics);
  return {
    ...commonValues(basics),
    invoice_number: invoice.number,
    invoice_date: date(invoice.issueDate),
    due_date: date(invoice.dueDate),
    invoice_total: money(invoice.total),
    reference: invoice.reference ?? '',
    late_fee: lateFeeSentence(invoice.lateFee, say),
  };
}

/**
 * The fee a reminder quotes, from the fees of its invoices (each the fee of the
 * policy version it was issued under): the one fee when they all carry the same,
 * else none. One sentence for invoices under different terms would misstate some
 * of them (a fee on an invoice that has none, or the wrong amount), and a fee per
 * line would bury the message; an instalment line carries no fee of its own.
 */
export function quotedLateFee(fees: readonly LateFee[]): LateFee {
  const [first] = fees;
  if (!first) return { kind: 'none' };
  // What the sentence says: the kind, the amount or rate, and the period.
  const said = (fee: LateFee) => (fee.kind === 'none' ? 'none' : `${fee.kind}:${fee.amount}:${fee.rateBps}:${fee.period}`);
  const same = fees.every((fee) => said(fee) === said(first));
  return same ? first : { kind: 'none' };
}

/** An invoice is named by its number; an instalment of a plan as `cicilan 1/3` / `instalment 1/3`. */
function lineLabel(line: ReminderText['lines'][number]): Text {
  return line.instalmentSeq === null || line.instalmentSeq === undefined
    ? t('reminder.invoice', { number: line.label })
    : t('reminder.instalment', { label: line.label });
}

/** E-wallets as their makers write them. */
const EWALLET_NAMES: Readonly<Record<string, string>> = {
  gopay: 'GoPay',
  ovo: 'OVO',
  dana: 'DANA',
  shopeepay: 'ShopeePay',
  linkaja: 'LinkAja',
};

/** How to pay, one line per bank account, e-wallet, QRIS and note, in a language. */
export function paymentLines(instructions: PaymentInstructions | null, language: Locale): string[] {
  if (!instructions) return [];
  const say = (text: Text) => render(text, { language });
  return [
    ...instructions.bankAccounts.map((account) =>
      say(t('payment.account', { provider: account.bank, number: account.accountNumber, name: account.accountName })),
    ),
    ...instructions.ewallets.map((wallet) =>
      say(
        t('payment.account', {
          provider: EWALLET_NAMES[wallet.provider] ?? wallet.provider,
          number: wallet.number,
          name: wallet.name ?? null,
        }),
      ),
    ),
    ...(instructions.qris ? ['QRIS'] : []),
    ...(instructions.note ? [instructions.note] : []),
  ];
}
