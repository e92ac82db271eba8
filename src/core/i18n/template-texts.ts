/**
 * The default wording of every message template (core/templates.ts), in Bahasa Indonesia and
 * English, and what each variable means. Written for small Indonesian shops and consultants:
 * polite (`Bapak/Ibu`, `Terima kasih`), plain, never threatening; the consequence the policy
 * sets is stated calmly and only when it applies. The catalogue entries `template.default` and
 * `template.variable` read these tables.
 */
import type { TemplatePurpose, TemplateVariableName } from '../template-names.js';
import type { Language } from './format.js';

export interface TemplateText {
  readonly subject: string;
  readonly body: string;
}

const HOW_TO_PAY_ID = `{{#if how_to_pay}}

Cara bayar:
{{how_to_pay}}
{{/if}}`;

const HOW_TO_PAY_EN = `{{#if how_to_pay}}

How to pay:
{{how_to_pay}}
{{/if}}`;

const reminderId = (opening: string, closing: string) => `Halo {{greeting}},

${opening}
{{#each items}}
- {{item}}: {{amount}} (jatuh tempo {{due_date}}, {{when}})
{{/each}}
Total: {{amount_due}}
${HOW_TO_PAY_ID}
{{#if late_fee}}

{{late_fee}}
{{/if}}

${closing}Jika sudah membayar, abaikan pesan ini atau balas dengan bukti transfer.
Terima kasih.

{{business_name}}`;

const reminderEn = (opening: string, closing: string) => `Hello {{customer_name}},

${opening}
{{#each items}}
- {{item}}: {{amount}} (due {{due_date}}, {{when}})
{{/each}}
Total: {{amount_due}}
${HOW_TO_PAY_EN}
{{#if late_fee}}

{{late_fee}}
{{/if}}

${closing}If you have already paid, please ignore this message or reply with the transfer receipt.
Thank you.

{{business_name}}`;

export const DEFAULT_TEMPLATES: Readonly<Record<Language, Readonly<Record<TemplatePurpose, TemplateText>>>> = {
  id: {
    reminder_friendly: {
      subject: 'Pengingat tagihan dari {{business_name}}',
      body: reminderId('Ini pengingat ramah dari {{business_name}} untuk tagihan berikut:', ''),
    },
    reminder_firm: {
      subject: 'Tagihan lewat jatuh tempo dari {{business_name}}: {{amount_due}}',
      body: reminderId('Kami dari {{business_name}} ingin mengingatkan tagihan yang sudah lewat jatuh tempo:', ''),
    },
    reminder_final: {
      subject: 'Pemberitahuan terakhir dari {{business_name}}: {{amount_due}}',
      body: reminderId(
        'Ini pemberitahuan terakhir dari {{business_name}} tentang tagihan yang belum dibayar:',
        'Mohon pembayarannya diselesaikan, atau hubungi kami bila ada kendala agar kita cari jalan keluarnya bersama.\n',
      ),
    },
    receipt: {
      subject: 'Tanda terima pembayaran {{payment_amount}} - {{business_name}}',
      body: `Halo {{greeting}},

Terima kasih, pembayaran sebesar {{payment_amount}} pada {{payment_date}} sudah kami terima.
{{#if paid_in_full}}
Semua tagihan Bapak/Ibu sudah lunas.
{{else}}
Sisa tagihan Bapak/Ibu: {{balance}}.
{{/if}}
{{#if credit}}
Kelebihan pembayaran {{credit}} kami simpan sebagai saldo untuk tagihan berikutnya.
{{/if}}

Salam,
{{business_name}}`,
    },
    promise_confirmation: {
      subject: 'Konfirmasi janji bayar - {{business_name}}',
      body: `Halo {{greeting}},

Terima kasih atas kabarnya. Kami catat Bapak/Ibu akan membayar {{promise_amount}} paling lambat {{promise_date}}.
Sisa tagihan saat ini: {{balance}}.
${HOW_TO_PAY_ID}

Salam,
{{business_name}}`,
    },
    plan_confirmation: {
      subject: 'Jadwal cicilan pembayaran - {{business_name}}',
      body: `Halo {{greeting}},

Terima kasih, rencana pembayaran sebesar {{plan_total}} sudah kami catat dengan jadwal berikut:
{{#each instalments}}
- Cicilan {{number}}: {{amount}}, jatuh tempo {{due_date}}
{{/each}}
${HOW_TO_PAY_ID}

Salam,
{{business_name}}`,
    },
    dispute_received: {
      subject: 'Keberatan atas tagihan {{invoice_number}} sudah kami terima',
      body: `Halo {{greeting}},

Keberatan Bapak/Ibu atas tagihan {{invoice_number}} sudah kami terima: "{{dispute_reason}}".
Selama kami periksa, tagihan ini tidak kami tagih dan tidak dikenai denda. Kami akan segera menghubungi Bapak/Ibu.

Salam,
{{business_name}}`,
    },
    statement: {
      subject: 'Laporan rekening {{period_start}} - {{period_end}} dari {{business_name}}',
      body: `Halo {{greeting}},

Berikut laporan rekening Bapak/Ibu di {{business_name}} untuk {{period_start}} sampai {{period_end}}.
Saldo per {{period_end}}: {{balance}}.
${HOW_TO_PAY_ID}

Jika ada pertanyaan, silakan balas pesan ini.
Terima kasih.

{{business_name}}`,
    },
    invoice: {
      subject: 'Faktur {{invoice_number}} dari {{business_name}}',
      body: `Halo {{greeting}},

Berikut faktur {{invoice_number}} tanggal {{invoice_date}} sebesar {{invoice_total}}, jatuh tempo {{due_date}}.
{{#if reference}}
Referensi: {{reference}}
{{/if}}
${HOW_TO_PAY_ID}
{{#if late_fee}}

{{late_fee}}
{{/if}}

Terima kasih atas kepercayaan Bapak/Ibu.

{{business_name}}`,
    },
  },
  en: {
    reminder_friendly: {
      subject: 'A reminder from {{business_name}}',
      body: reminderEn('A friendly reminder from {{business_name}} about these bills:', ''),
    },
    reminder_firm: {
      subject: 'Bills past their due date at {{business_name}}: {{amount_due}}',
      body: reminderEn('{{business_name}} would like to remind you of bills that are past their due date:', ''),
    },
    reminder_final: {
      subject: 'Final notice from {{business_name}}: {{amount_due}}',
      body: reminderEn(
        'This is a final notice from {{business_name}} about unpaid bills:',
        'Please settle them, or contact us if something is in the way so we can find a solution together.\n',
      ),
    },
    receipt: {
      subject: 'Receipt for your payment of {{payment_amount}} - {{business_name}}',
      body: `Hello {{customer_name}},

Thank you, we have received your payment of {{payment_amount}} on {{payment_date}}.
{{#if paid_in_full}}
All your bills are now paid in full.
{{else}}
Balance still owed: {{balance}}.
{{/if}}
{{#if credit}}
The {{credit}} paid over what was owed is kept as credit for your next bills.
{{/if}}

Kind regards,
{{business_name}}`,
    },
    promise_confirmation: {
      subject: 'Your promise to pay - {{business_name}}',
      body: `Hello {{customer_name}},

Thank you for letting us know. We have noted that you will pay {{promise_amount}} by {{promise_date}}.
Balance owed today: {{balance}}.
${HOW_TO_PAY_EN}

Kind regards,
{{business_name}}`,
    },
    plan_confirmation: {
      subject: 'Your payment plan - {{business_name}}',
      body: `Hello {{customer_name}},

Thank you, we have recorded a payment plan of {{plan_total}} with this schedule:
{{#each instalments}}
- Instalment {{number}}: {{amount}}, due {{due_date}}
{{/each}}
${HOW_TO_PAY_EN}

Kind regards,
{{business_name}}`,
    },
    dispute_received: {
      subject: 'We have received your query about {{invoice_number}}',
      body: `Hello {{customer_name}},

We have received your query about bill {{invoice_number}}: "{{dispute_reason}}".
While we look into it, this bill is not chased and no late fee is charged. We will be in touch soon.

Kind regards,
{{business_name}}`,
    },
    statement: {
      subject: 'Statement {{period_start}} - {{period_end}} from {{business_name}}',
      body: `Hello {{customer_name}},

Here is your statement of account with {{business_name}} from {{period_start}} to {{period_end}}.
Balance on {{period_end}}: {{balance}}.
${HOW_TO_PAY_EN}

If you have any questions, just reply to this message.
Thank you.

{{business_name}}`,
    },
    invoice: {
      subject: 'Invoice {{invoice_number}} from {{business_name}}',
      body: `Hello {{customer_name}},

Here is invoice {{invoice_number}} dated {{invoice_date}} for {{invoice_total}}, due {{due_date}}.
{{#if reference}}
Reference: {{reference}}
{{/if}}
${HOW_TO_PAY_EN}
{{#if late_fee}}

{{late_fee}}
{{/if}}

Thank you for your business.

{{business_name}}`,
    },
  },
};

export const VARIABLE_DESCRIPTIONS: Readonly<Record<Language, Readonly<Record<TemplateVariableName, string>>>> = {
  id: {
    customer_name: 'nama pelanggan',
    greeting:
      'sapaan: "Bapak/Ibu" dan nama pelanggan, atau namanya saja bila sudah bersapaan (Ibu Ratna, Pak Budi) atau nama usaha (PT, CV, Toko)',
    business_name: 'nama usaha Anda',
    today: 'tanggal hari ini',
    how_to_pay: 'cara bayar: rekening bank, e-wallet, QRIS (dari pengaturan usaha), satu per baris',
    amount_due: 'jumlah yang ditagih, mis. Rp 1.250.000',
    items: 'daftar tagihan (gunakan {{#each items}}…{{/each}})',
    item: 'dalam items: nomor faktur atau cicilan',
    amount: 'dalam items/instalments: jumlahnya',
    due_date: 'tanggal jatuh tempo',
    when: 'dalam items: terlambat N hari / hari ini / N hari lagi',
    late_fee: 'kalimat denda keterlambatan dari kebijakan (kosong bila tidak berlaku)',
    payment_amount: 'jumlah yang dibayar',
    payment_date: 'tanggal pembayaran',
    payment_reference: 'referensi pembayaran (kosong bila tidak ada)',
    balance: 'sisa tagihan pelanggan',
    paid_in_full: 'benar bila semua tagihan lunas (gunakan {{#if paid_in_full}}…{{else}}…{{/if}})',
    credit: 'kelebihan bayar yang disimpan sebagai saldo (kosong bila tidak ada)',
    promise_amount: 'jumlah yang dijanjikan',
    promise_date: 'tanggal janji bayar',
    plan_total: 'jumlah seluruh rencana pembayaran',
    instalments: 'daftar cicilan (gunakan {{#each instalments}}…{{/each}})',
    number: 'dalam instalments: cicilan ke berapa, mis. 1/3',
    invoice_number: 'nomor faktur',
    dispute_reason: 'alasan keberatan pelanggan',
    period_start: 'awal periode laporan',
    period_end: 'akhir periode laporan',
    invoice_date: 'tanggal faktur',
    invoice_total: 'jumlah faktur',
    reference: 'referensi faktur, mis. nomor PO (kosong bila tidak ada)',
  },
  en: {
    customer_name: "the customer's name",
    greeting:
      'the name with a polite form of address in Indonesian ("Bapak/Ibu Budi Santoso"; the name alone when it has one, as in "Ibu Ratna", or is a business\'s); in English the name',
    business_name: "your business's name",
    today: "today's date",
    how_to_pay: "how to pay: bank accounts, e-wallets, QRIS (from the business's settings), one a line",
    amount_due: 'the amount asked for, e.g. Rp 1.250.000',
    items: 'the bills listed (use {{#each items}}…{{/each}})',
    item: 'in items: the invoice number or the instalment',
    amount: 'in items/instalments: its amount',
    due_date: 'the due date',
    when: 'in items: N days overdue / today / in N days',
    late_fee: "the policy's late-fee sentence (empty when none applies)",
    payment_amount: 'the amount paid',
    payment_date: 'the day of the payment',
    payment_reference: 'the payment reference (empty when none)',
    balance: 'what the customer still owes',
    paid_in_full: 'true when every bill is paid (use {{#if paid_in_full}}…{{else}}…{{/if}})',
    credit: 'the money paid over what was owed, kept as credit (empty when none)',
    promise_amount: 'the amount promised',
    promise_date: 'the day promised',
    plan_total: 'the total of the payment plan',
    instalments: 'the instalments (use {{#each instalments}}…{{/each}})',
    number: 'in instalments: which instalment, e.g. 1/3',
    invoice_number: 'the invoice number',
    dispute_reason: "the customer's reason",
    period_start: 'the first day of the statement',
    period_end: 'the last day of the statement',
    invoice_date: "the invoice's date",
    invoice_total: "the invoice's total",
    reference: "the invoice's reference, e.g. a PO number (empty when none)",
  },
};
