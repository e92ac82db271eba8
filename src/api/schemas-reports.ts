/** Schemas of the report and data routes: import (and the reports that follow). */
import { z } from '@hono/zod-openapi';
import { DATE_FORMATS, IMPORT_KINDS } from '../core/import-rows.js';
import { RISK_LEVELS, RISK_SIGNS } from '../core/risk.js';
import { STATEMENT_KINDS } from '../core/statement.js';

export const ImportParams = z.object({ kind: z.enum(IMPORT_KINDS).openapi({ description: 'customers or invoices' }) });

export const ImportQuery = z
  .object({
    dateFormat: z.enum(DATE_FORMATS).optional().openapi({ description: 'how dates are written (default ymd)' }),
    decimalSeparator: z.enum(['.', ',']).optional().openapi({ description: "the decimal separator of amounts (default '.')" }),
    currency: z.string().max(3).optional().openapi({ description: 'currency of rows without a currency column' }),
    skipInvalid: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional()
      .openapi({ type: 'string', description: 'import the valid rows and list the invalid ones' }),
    fileName: z.string().max(500).optional().openapi({ description: 'the file name, kept in the audit record' }),
  })
  .strict();

const Problem = z.object({ line: z.number().int(), reason: z.string() });

export const ImportReport = z
  .object({
    importId: z.string(),
    kind: z.enum(IMPORT_KINDS),
    fileName: z.string().nullable(),
    rows: z.number().int(),
    imported: z.number().int(),
    alreadyThere: z.number().int(),
    created: z.object({
      customers: z.number().int(),
      invoices: z.number().int(),
      payments: z.number().int(),
      disputes: z.number().int(),
    }),
    invalidRows: z.number().int(),
    invalid: z.array(Problem),
    ignoredColumns: z.array(z.string()),
  })
  .openapi('ImportReport');

export const StatementParams = z.object({ id: z.string().min(1).max(200).openapi({ description: 'customer id or ref' }) });

export const StatementQuery = z
  .object({
    from: z.string().max(10).optional().openapi({ description: 'YYYY-MM-DD (default: the first of the month of to)' }),
    to: z.string().max(10).optional().openapi({ description: 'YYYY-MM-DD (default: today)' }),
    format: z.enum(['json', 'csv', 'pdf']).optional().openapi({ description: 'json (default), csv or pdf' }),
  })
  .strict();

const money = z.number().int();

export const Statement = z
  .object({
    business: z.object({
      id: z.string(),
      name: z.string(),
      currency: z.string(),
      locale: z.string(),
      address: z.string().nullable(),
      npwp: z.string().nullable().openapi({ description: 'digits (15 or 16)' }),
      phone: z.string().nullable(),
      email: z.string().nullable(),
    }),
    customer: z.object({ id: z.string(), name: z.string(), ref: z.string().nullable(), phone: z.string().nullable() }),
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    openingBalance: money,
    lines: z.array(
      z.object({
        date: z.string(),
        entryId: z.string(),
        kind: z.enum(STATEMENT_KINDS),
        document: z.string(),
        reference: z.string().nullable().openapi({ description: 'the PO reference of the invoice the line is about' }),
        memo: z.string().nullable(),
        amount: money,
        charge: money,
        credit: money,
        balance: money,
      }),
    ),
    totals: z.object({ charges: money, credits: money }),
    closingBalance: money,
    openInvoices: z.array(
      z.object({
        invoiceId: z.string(),
        number: z.string(),
        reference: z.string().nullable().openapi({ description: "the customer's PO reference" }),
        issueDate: z.string(),
        dueDate: z.string(),
        outstanding: money,
        daysPastDue: z.number().int(),
      }),
    ),
    aging: z.object({
      buckets: z.array(z.object({ key: z.string(), fromDays: z.number().int().nullable(), toDays: z.number().int().nullable() })),
      byBucket: z.record(z.string(), money),
    }),
    paymentInstructions: z.array(z.string()),
  })
  .openapi('Statement');

const ratio = z.number().nullable();

const KpiFields = {
  receivableStart: money,
  receivableEnd: money,
  creditSales: money,
  feesCharged: money,
  discountsGiven: money,
  billed: z.number().int(),
  cleared: z.number().int(),
  collected: z
    .number()
    .int()
    .openapi({ description: 'receivable paid with money in the period (payments and credit applied); the CEI numerator' }),
  credited: z.number().int().openapi({ description: 'receivable taken off by credit notes in the period' }),
  dsoSimple: ratio,
  dsoCountback: ratio,
  dsoCountbackExhausted: z.boolean(),
  cei: ratio,
  invoicesSettled: z.number().int(),
  avgDaysToPay: ratio,
  avgDaysLate: ratio,
  onTimeShare: ratio,
  over90Share: ratio,
};

export const KpiQuery = z
  .object({
    from: z.string().max(10).optional().openapi({ description: 'YYYY-MM-DD (default: 90 days before to)' }),
    to: z.string().max(10).optional().openapi({ description: 'YYYY-MM-DD (default: today)' }),
    customerId: z.string().max(200).optional().openapi({ description: 'only this customer (id or ref)' }),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict();

export const KpiReport = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.number().int(),
    currency: z.string(),
    business: z.object(KpiFields),
    customers: z.array(z.object({ customerId: z.string(), name: z.string(), ...KpiFields })),
  })
  .openapi('KpiReport');

export const ForecastQuery = z.object({ format: z.enum(['json', 'csv']).optional() }).strict();

export const Forecast = z
  .object({
    asOf: z.string(),
    currency: z.string(),
    openReceivable: money,
    weeks: z.array(
      z.object({
        week: z.number().int(),
        from: z.string(),
        to: z.string(),
        expected: money,
        fromInvoices: money,
        fromInstalments: money,
        fromPromises: money,
      }),
    ),
    later: money,
    atRisk: money,
    disputed: money,
  })
  .openapi('Forecast');

const Reason = z.object({ sign: z.enum(RISK_SIGNS), points: z.number().int(), text: z.string() });

export const RiskQuery = z
  .object({
    asOf: z.string().max(10).optional().openapi({ description: 'YYYY-MM-DD (default today)' }),
    customerId: z.string().max(200).optional().openapi({ description: 'only this customer (id or ref)' }),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict();

export const RiskReport = z
  .object({
    asOf: z.string(),
    counts: z.object({ low: z.number().int(), medium: z.number().int(), high: z.number().int() }),
    customers: z.array(
      z.object({
        customerId: z.string(),
        name: z.string(),
        score: z.number().int(),
        level: z.enum(RISK_LEVELS),
        reasons: z.array(Reason),
      }),
    ),
  })
  .openapi('RiskReport');

export const RiskWarningsQuery = z
  .object({
    asOf: z.string().max(10).optional().openapi({ description: 'YYYY-MM-DD (default today)' }),
    days: z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number of days')
      .transform(Number)
      .optional()
      .openapi({ type: 'string', description: 'compared with this many days before (default 30)' }),
  })
  .strict();

export const RiskWarnings = z
  .object({
    asOf: z.string(),
    since: z.string(),
    customers: z.array(
      z.object({
        customerId: z.string(),
        name: z.string(),
        score: z.number().int(),
        level: z.enum(RISK_LEVELS),
        previousScore: z.number().int(),
        rise: z.number().int(),
        reasons: z.array(Reason),
      }),
    ),
  })
  .openapi('RiskWarnings');

export const RiskEvaluationQuery = z
  .object({
    asOf: z.string().max(10).openapi({ description: 'the past date whose scores to check' }),
    horizonDays: z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number of days')
      .transform(Number)
      .optional()
      .openapi({ type: 'string', description: 'days after it in which invoices fall due (default 60)' }),
  })
  .strict();

export const RiskEvaluation = z
  .object({
    asOf: z.string(),
    horizonDays: z.number().int(),
    until: z.string(),
    customers: z.number().int(),
    latePayers: z.number().int(),
    auc: z.number().nullable(),
    baselineAuc: z.number().nullable(),
    scores: z.array(z.object({ customerId: z.string(), score: z.number().int(), baseline: z.number().int(), late: z.boolean() })),
  })
  .openapi('RiskEvaluation');
