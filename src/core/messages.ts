/**
 * The texts customers receive, in Bahasa Indonesia and English. A reminder
 * states what is owed (each invoice or instalment with its due date), the
 * total, how to pay, and the consequence the policy writes down; the tone
 * rises with the ladder but never threatens. The sentences live in the catalogue (i18n/);
 * amounts are written `Rp 50.000`, rates `2%`, dates `8 Desember 2026`.
 */
import { type CalendarDate, daysBetween } from './dates.js';
import type { Minor } from './money.js';
import { type Text, render, t } from './i18n/catalogue.js';
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

/** The body of one consolidated reminder, in the business's language (texts from the catalogue). */
export function reminderText(message: ReminderText): string {
  const context = { language: message.locale, currency: message.currency };
  const say = (text: Text) => render(text, context);
  const out = [
    say(t(OPENING[message.tone], { name: message.customerName, business: message.businessName })),
    // Each line says how far it is from its due date on the day of the message: two messages on different days never read the same.
    ...message.lines.map((line) =>
      say(
        t('reminder.line', {
          item: lineLabel(line),
          amount: line.amount,
          due: line.dueDate,
          daysLate: daysBetween(line.dueDate, message.asOf),
        }),
      ),
    ),
    say(t('reminder.total', { amount: message.amountDue })),
  ];
  const howToPay = paymentLines(message.paymentInstructions, message.locale);
  if (howToPay.length > 0) out.push(say(t('reminder.how_to_pay')), ...howToPay.map((line) => `- ${line}`));
  const fee = message.lateFee;
  if (fee.kind === 'flat') out.push(say(t('reminder.fee_flat', { amount: fee.amount as Minor, period: fee.period })));
  if (fee.kind === 'rate') out.push(say(t('reminder.fee_rate', { rateBps: fee.rateBps as number, period: fee.period })));
  out.push(say(t('reminder.if_paid')), say(t('reminder.thanks')));
  return out.join('\n');
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

const OPENING = {
  friendly: 'reminder.opening_friendly',
  firm: 'reminder.opening_firm',
  final: 'reminder.opening_final',
} as const satisfies Record<Tone, string>;

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
