/** `lunas kpi` and `lunas forecast`: where the money is and when it should come in. */
import type { Command } from 'commander';
import { type KpiReport, forecastReport, kpiReport } from '../app/analytics.js';
import type { Forecast } from '../core/forecast.js';
import { forecastCsv, kpiCsv } from '../core/report-csv.js';
import { type Run, str, withBusiness } from './command-env.js';
import { type Io, money, table } from './output.js';
import { reportFormat, writeRendered } from './report-commands.js';

const show = (value: number | null, unit = '') => (value === null ? '-' : `${value}${unit}`);

function printKpis(io: Io, report: KpiReport): void {
  const b = report.business;
  io.out(`KPIs from ${report.from} to ${report.to} (${report.days} days, ${report.currency})`);
  io.out(
    `  DSO (simple) ${show(b.dsoSimple, ' days')}  DSO (countback) ${show(b.dsoCountback, ' days')}${b.dsoCountbackExhausted ? ' (history exhausted)' : ''}  CEI ${show(b.cei, '%')}`,
  );
  io.out(
    `  ${b.invoicesSettled} invoices paid: on average ${show(b.avgDaysToPay)} days to pay, ${show(b.avgDaysLate)} days late, ${show(b.onTimeShare, '%')} on time; ${show(b.over90Share, '%')} of the receivable is over 90 days`,
  );
  io.out(
    table(
      [
        'customer',
        'receivable',
        'sales',
        'DSO simple',
        'DSO countback',
        'CEI %',
        'paid',
        'days to pay',
        'days late',
        'on time %',
        '>90 %',
      ],
      report.customers.map((row) => [
        row.name,
        money(row.receivableEnd, report.currency),
        money(row.creditSales, report.currency),
        show(row.dsoSimple),
        show(row.dsoCountback),
        show(row.cei),
        String(row.invoicesSettled),
        show(row.avgDaysToPay),
        show(row.avgDaysLate),
        show(row.onTimeShare),
        show(row.over90Share),
      ]),
      new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    ),
  );
}

function printForecast(io: Io, forecast: Forecast): void {
  const m = (amount: number) => money(amount, forecast.currency);
  io.out(`Expected collections from ${forecast.asOf}, open receivable ${m(forecast.openReceivable)}`);
  io.out(
    table(
      ['week', 'from', 'to', 'expected', 'invoices', 'instalments', 'promises'],
      forecast.weeks.map((week) => [
        String(week.week),
        week.from,
        week.to,
        m(week.expected),
        m(week.fromInvoices),
        m(week.fromInstalments),
        m(week.fromPromises),
      ]),
      new Set([3, 4, 5, 6]),
    ),
  );
  io.out(`Later: ${m(forecast.later)}; at risk (later than ever paid): ${m(forecast.atRisk)}; disputed: ${m(forecast.disputed)}`);
}

const wrote = (io: Io, value: { file: string; bytes: number }) => io.out(`Wrote ${value.file} (${value.bytes} bytes).`);

export function registerAnalyticsCommands(program: Command, run: Run): void {
  program
    .command('kpi')
    .description(
      'receivable KPIs for a period: DSO (simple and countback), CEI, days to pay, days late, on-time share, share over 90 days',
    )
    .option('--from <date>', 'YYYY-MM-DD (default: 90 days before --to)')
    .option('--to <date>', 'YYYY-MM-DD (default today)')
    .option('--customer <idOrRef>', 'only this customer')
    .option('--format <format>', 'csv (default: a table for people)')
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(
      run(
        async (env, opts) => {
          const format = reportFormat(opts);
          if (typeof format !== 'string') return format;
          const result = await withBusiness(env, (business) =>
            kpiReport(env.app, business, { from: str(opts.from), to: str(opts.to), customer: str(opts.customer) }),
          );
          if (!result.ok || format === 'table') return result;
          return writeRendered(env.io, { body: kpiCsv(result.value) }, str(opts.out));
        },
        (io, value: KpiReport | { file: string; bytes: number }) => ('file' in value ? wrote(io, value) : printKpis(io, value)),
      ),
    );

  program
    .command('forecast')
    .description(
      'expected collections for each of the next 12 weeks, from each customer’s own payment pattern, plans and promises',
    )
    .option('--format <format>', 'csv (default: a table for people)')
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(
      run(
        async (env, opts) => {
          const format = reportFormat(opts);
          if (typeof format !== 'string') return format;
          const result = await withBusiness(env, (business) => forecastReport(env.app, business));
          if (!result.ok || format === 'table') return result;
          return writeRendered(env.io, { body: forecastCsv(result.value) }, str(opts.out));
        },
        (io, value: Forecast | { file: string; bytes: number }) =>
          'file' in value ? wrote(io, value) : printForecast(io, value),
      ),
    );
}
