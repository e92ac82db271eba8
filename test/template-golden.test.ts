/**
 * Golden texts of every message template in both languages (issue 13 part 4): each default
 * template rendered with fixed, real-looking data (an Indonesian building-supply shop and its
 * customer) and compared with the committed file under test/golden/templates/. Any change of
 * wording fails here; after a change that is meant, regenerate with
 * `LUNAS_UPDATE_GOLDEN=1 npm test -- test/template-golden.test.ts` and read the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calendarDate } from '../src/core/dates.js';
import { minor } from '../src/core/money.js';
import type { PaymentInstructions } from '../src/core/parties.js';
import type { LateFee } from '../src/core/policy.js';
import {
  type MessageBasics,
  defaultTemplate,
  disputeValues,
  invoiceValues,
  planValues,
  promiseValues,
  receiptValues,
  reminderValues,
  renderMessage,
  statementValues,
} from '../src/core/messages.js';
import { TEMPLATE_PURPOSES, type TemplatePurpose, type TemplateValues } from '../src/core/templates.js';

const GOLDEN = path.resolve(import.meta.dirname, 'golden', 'templates');
const UPDATE = process.env.LUNAS_UPDATE_GOLDEN === '1';

const instructions: PaymentInstructions = {
  bankAccounts: [{ bank: 'BCA', accountNumber: '8720123456', accountName: 'CV Sumber Rejeki' }],
  ewallets: [{ provider: 'gopay', number: '081234567890', name: 'Hendra Wijaya' }],
  qris: '00020101021126570011ID.DANA.WWW011893600915300000000102150000000000000000303UMI51440014ID.CO.QRIS.WWW0215ID10200000000000303UMI5204581253033605802ID5916CV SUMBER REJEKI6007BANDUNG6304ABCD',
  note: 'Mohon cantumkan nomor faktur di berita transfer.',
};
const rate2: LateFee = { kind: 'rate', rateBps: 200 as never, amount: null, period: 'month', capAmount: null, capShareBps: null };

const basics = (locale: 'id' | 'en', paymentInstructions: PaymentInstructions | null = instructions): MessageBasics => ({
  businessName: 'CV Sumber Rejeki',
  customerName: 'Siti Rahayu',
  currency: 'IDR',
  locale,
  asOf: calendarDate('2026-12-08'),
  paymentInstructions,
});

const reminderLines = [
  { label: 'INV-2026-000123', instalmentSeq: null, dueDate: calendarDate('2026-11-30'), amount: minor(1_250_000) },
  { label: 'INV-2026-000131', instalmentSeq: null, dueDate: calendarDate('2026-12-08'), amount: minor(375_500) },
  { label: '2/3', instalmentSeq: 2, dueDate: calendarDate('2026-12-11'), amount: minor(500_000) },
];

const reminder = (locale: 'id' | 'en', tone: 'friendly' | 'firm' | 'final', withExtras = true) =>
  reminderValues({
    ...basics(locale, withExtras ? instructions : null),
    tone,
    lines: reminderLines,
    amountDue: minor(2_125_500),
    lateFee: withExtras ? rate2 : { kind: 'none' },
  });

/** Each case: a file name, the purpose whose default template it renders, and the values. */
const CASES: readonly { name: string; purpose: TemplatePurpose; values: (locale: 'id' | 'en') => TemplateValues }[] = [
  { name: 'reminder_friendly', purpose: 'reminder_friendly', values: (l) => reminder(l, 'friendly') },
  { name: 'reminder_friendly-plain', purpose: 'reminder_friendly', values: (l) => reminder(l, 'friendly', false) },
  { name: 'reminder_firm', purpose: 'reminder_firm', values: (l) => reminder(l, 'firm') },
  { name: 'reminder_final', purpose: 'reminder_final', values: (l) => reminder(l, 'final') },
  {
    name: 'receipt',
    purpose: 'receipt',
    values: (l) =>
      receiptValues(basics(l), {
        amount: minor(1_000_000),
        date: calendarDate('2026-12-08'),
        reference: 'TRF-88213',
        balance: minor(1_125_500),
        credit: minor(0),
      }),
  },
  {
    name: 'receipt-paid-in-full',
    purpose: 'receipt',
    values: (l) =>
      receiptValues(basics(l), {
        amount: minor(2_200_000),
        date: calendarDate('2026-12-08'),
        reference: null,
        balance: minor(0),
        credit: minor(74_500),
      }),
  },
  {
    name: 'promise_confirmation',
    purpose: 'promise_confirmation',
    values: (l) =>
      promiseValues(basics(l), { amount: minor(1_250_000), date: calendarDate('2026-12-15'), balance: minor(2_125_500) }),
  },
  {
    name: 'plan_confirmation',
    purpose: 'plan_confirmation',
    values: (l) =>
      planValues(basics(l), {
        total: minor(1_500_000),
        balance: minor(1_500_000),
        instalments: [
          { seq: 1, dueDate: calendarDate('2026-12-15'), amount: minor(500_000) },
          { seq: 2, dueDate: calendarDate('2027-01-15'), amount: minor(500_000) },
          { seq: 3, dueDate: calendarDate('2027-02-15'), amount: minor(500_000) },
        ],
      }),
  },
  {
    name: 'dispute_received',
    purpose: 'dispute_received',
    values: (l) => disputeValues(basics(l), { invoiceNumber: 'INV-2026-000123', reason: 'Semen yang dikirim kurang 5 sak' }),
  },
  {
    name: 'statement',
    purpose: 'statement',
    values: (l) =>
      statementValues(basics(l), { from: calendarDate('2026-12-01'), to: calendarDate('2026-12-08'), balance: minor(2_125_500) }),
  },
  {
    name: 'invoice',
    purpose: 'invoice',
    values: (l) =>
      invoiceValues(basics(l), {
        number: 'INV-2026-000131',
        issueDate: calendarDate('2026-11-24'),
        dueDate: calendarDate('2026-12-08'),
        total: minor(375_500),
        reference: 'PO-2026-044',
        lateFee: rate2,
      }),
  },
];

function written(purpose: TemplatePurpose, locale: 'id' | 'en', values: TemplateValues): string {
  const message = renderMessage(defaultTemplate(purpose, locale), values);
  return `Subject: ${message.subject}\n\n${message.body}\n`;
}

describe('golden texts of the message templates', () => {
  it('covers every purpose', () => {
    expect(new Set(CASES.map((c) => c.purpose))).toEqual(new Set(TEMPLATE_PURPOSES));
  });

  for (const locale of ['id', 'en'] as const)
    for (const { name, purpose, values } of CASES)
      it(`issue 13 part 4: ${name} in ${locale} reads as its golden file`, () => {
        const file = path.join(GOLDEN, `${name}.${locale}.txt`);
        const text = written(purpose, locale, values(locale));
        if (UPDATE) {
          fs.mkdirSync(GOLDEN, { recursive: true });
          fs.writeFileSync(file, text);
        }
        expect(fs.existsSync(file), `${file} is missing: LUNAS_UPDATE_GOLDEN=1 writes it`).toBe(true);
        expect(text).toBe(fs.readFileSync(file, 'utf8'));
      });
});
