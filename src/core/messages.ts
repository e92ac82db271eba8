/**
 * The texts customers receive, in Bahasa Indonesia and English. A reminder
 * states what is owed (each invoice or instalment with its due date), the
 * total, how to pay, and the consequence the policy writes down; the tone
 * rises with the ladder but never threatens.
 */
import type { CalendarDate } from './dates.js';
import { type Minor, formatMoney } from './money.js';
import type { Locale, PaymentInstructions } from './parties.js';
import type { LateFee, Tone } from './policy.js';

export interface ReminderText {
  readonly businessName: string;
  readonly customerName: string;
  readonly currency: string;
  readonly locale: Locale;
  readonly tone: Tone;
  readonly asOf: CalendarDate;
  readonly lines: readonly { label: string; dueDate: CalendarDate; amount: Minor }[];
  readonly amountDue: Minor;
  readonly paymentInstructions: PaymentInstructions | null;
  readonly lateFee: LateFee;
}

const OPENING: Record<Locale, Record<Tone, string>> = {
  id: {
    friendly: 'Halo {name}, ini pengingat ramah dari {business}.',
    firm: 'Halo {name}, kami dari {business} ingin mengingatkan tagihan yang sudah lewat jatuh tempo.',
    final: 'Halo {name}, ini pemberitahuan terakhir dari {business} tentang tagihan yang belum dibayar.',
  },
  en: {
    friendly: 'Hello {name}, a friendly reminder from {business}.',
    firm: 'Hello {name}, {business} would like to remind you of bills that are past their due date.',
    final: 'Hello {name}, this is a final notice from {business} about unpaid bills.',
  },
};

const WORDS: Record<Locale, { due: string; total: string; pay: string; fee: string; thanks: string; paid: string }> = {
  id: {
    due: 'jatuh tempo',
    total: 'Total',
    pay: 'Cara bayar',
    fee: 'Sesuai kebijakan, keterlambatan dikenai denda',
    thanks: 'Terima kasih.',
    paid: 'Jika sudah membayar, abaikan pesan ini atau balas dengan bukti transfer.',
  },
  en: {
    due: 'due',
    total: 'Total',
    pay: 'How to pay',
    fee: 'Under our policy, late payment incurs a fee of',
    thanks: 'Thank you.',
    paid: 'If you have already paid, please ignore this message or reply with the transfer receipt.',
  },
};

/** The body of one consolidated reminder. */
export function reminderText(message: ReminderText): string {
  const words = WORDS[message.locale];
  const money = (amount: Minor) => formatMoney(amount, message.currency);
  const out = [
    OPENING[message.locale][message.tone].replace('{name}', message.customerName).replace('{business}', message.businessName),
    ...message.lines.map((line) => `- ${line.label}: ${money(line.amount)} (${words.due} ${line.dueDate})`),
    `${words.total}: ${money(message.amountDue)}`,
  ];
  const howToPay = paymentLines(message.paymentInstructions);
  if (howToPay.length > 0) out.push(`${words.pay}:`, ...howToPay.map((line) => `- ${line}`));
  const fee = message.lateFee;
  if (fee.kind !== 'none') {
    const amount = fee.kind === 'flat' ? money(fee.amount as Minor) : percentOf(fee.rateBps as number);
    const per = message.locale === 'id' ? (fee.period === 'week' ? 'per minggu' : 'per bulan') : `per ${fee.period}`;
    out.push(`${words.fee} ${amount} ${per}.`);
  }
  out.push(words.paid, words.thanks);
  return out.join('\n');
}

/** Basis points as a percentage with two decimals, in integers: 150 is `1.50%`. */
function percentOf(bps: number): string {
  return `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}%`;
}

/** How to pay, one line per bank account, e-wallet, QRIS and note. */
export function paymentLines(instructions: PaymentInstructions | null): string[] {
  if (!instructions) return [];
  return [
    ...instructions.bankAccounts.map((account) => `${account.bank} ${account.accountNumber} a.n. ${account.accountName}`),
    ...instructions.ewallets.map((wallet) => `${wallet.provider} ${wallet.number}${wallet.name ? ` a.n. ${wallet.name}` : ''}`),
    ...(instructions.qris ? ['QRIS'] : []),
    ...(instructions.note ? [instructions.note] : []),
  ];
}
