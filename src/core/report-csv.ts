/** Every report as CSV: one row per customer (or week), then the business total; money in minor units. */
import type { AgingReport } from './aging.js';
import { toCsv } from './csv.js';
import type { Forecast } from './forecast.js';
import type { Kpis } from './kpis.js';

export function agingCsv(report: AgingReport): string {
  const keys = report.buckets.map((bucket) => bucket.key);
  return toCsv(
    ['as_of', 'customer_id', 'name', 'outstanding', ...keys],
    [
      ...report.customers.map((row) => [
        report.asOf,
        row.customerId,
        row.name,
        row.outstanding,
        ...keys.map((key) => row.byBucket[key] ?? 0),
      ]),
      [report.asOf, '', 'TOTAL', report.totals.outstanding, ...keys.map((key) => report.totals.byBucket[key] ?? 0)],
    ],
  );
}

const KPI_COLUMNS = [
  'receivableStart',
  'receivableEnd',
  'creditSales',
  'feesCharged',
  'discountsGiven',
  'billed',
  'cleared',
  'collected',
  'credited',
  'dsoSimple',
  'dsoCountback',
  'dsoCountbackExhausted',
  'cei',
  'invoicesSettled',
  'avgDaysToPay',
  'avgDaysLate',
  'onTimeShare',
  'over90Share',
] as const satisfies readonly (keyof Kpis)[];

const snake = (name: string) => name.replace(/[A-Z0-9]+/g, (part) => `_${part.toLowerCase()}`);

export function kpiCsv(report: {
  from: string;
  to: string;
  business: Kpis;
  customers: readonly (Kpis & { customerId: string; name: string })[];
}): string {
  const values = (kpis: Kpis) =>
    KPI_COLUMNS.map((column) => (typeof kpis[column] === 'boolean' ? String(kpis[column]) : kpis[column]));
  return toCsv(
    ['from', 'to', 'customer_id', 'name', ...KPI_COLUMNS.map(snake)],
    [
      ...report.customers.map((row) => [report.from, report.to, row.customerId, row.name, ...values(row)]),
      [report.from, report.to, '', 'TOTAL', ...values(report.business)],
    ],
  );
}

export function forecastCsv(forecast: Forecast): string {
  return toCsv(
    ['week', 'from', 'to', 'expected', 'from_invoices', 'from_instalments', 'from_promises'],
    [
      ...forecast.weeks.map((week) => [
        week.week,
        week.from,
        week.to,
        week.expected,
        week.fromInvoices,
        week.fromInstalments,
        week.fromPromises,
      ]),
      ['later', '', '', forecast.later, '', '', ''],
      ['at_risk', '', '', forecast.atRisk, '', '', ''],
      ['disputed', '', '', forecast.disputed, '', '', ''],
      ['open_receivable', '', '', forecast.openReceivable, '', '', ''],
    ],
  );
}

export function riskCsv(report: {
  asOf: string;
  customers: readonly {
    customerId: string;
    name: string;
    score: number;
    level: string;
    reasons: readonly { sign: string; points: number; text: string }[];
  }[];
}): string {
  return toCsv(
    ['as_of', 'customer_id', 'name', 'score', 'level', 'reasons'],
    report.customers.map((row) => [
      report.asOf,
      row.customerId,
      row.name,
      row.score,
      row.level,
      row.reasons.map((reason) => `${reason.text} (+${reason.points})`).join('; '),
    ]),
  );
}
