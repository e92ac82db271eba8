/** `lunas kpi`, `lunas forecast` and `lunas risk`: where the money is, when it should come in, and who may not pay. */
import type { Command } from 'commander';
import { type KpiReport, forecastReport, kpiReport } from '../app/analytics.js';
import type { Forecast } from '../core/forecast.js';
import { type RiskEvaluation, type RiskReport, type RiskWarnings, evaluateRisk, riskReport, riskWarnings } from '../app/risk.js';
import { forecastCsv, kpiCsv, riskCsv } from '../core/report-csv.js';
import { type Run, integerFlag, str, withBusiness } from './command-env.js';
import { type Io, money, table } from './output.js';
import { tableOrCsvAction, withCsvOptions } from './report-output.js';

const show = (value: number | null, unit = '') => (value === null ? '-' : `${value}${unit}`);

function printKpis(io: Io, report: KpiReport): void {
  const b = report.business;
  io.out(`KPIs from ${report.from} to ${report.to} (${report.days} days, ${report.currency})`);
  io.out(
    `  DSO (simple) ${show(b.dsoSimple, ' days')}  DSO (countback) ${show(b.dsoCountback, ' days')}${b.dsoCountbackExhausted ? ' (history exhausted: at least this)' : ''}  CEI ${show(b.cei, '%')}`,
  );
  io.out(
    `  ${b.invoicesSettled} invoices paid: on average ${show(b.avgDaysToPay)} days to pay, ${show(b.avgDaysLate)} days late, ${show(b.onTimeShare, '%')} on time; ${show(b.over90Share, '%')} of the receivable is over 90 days`,
  );
  io.out(
    table(
      [
        'customer',
        'receivable',
        'billed',
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
        money(row.billed, report.currency),
        show(row.dsoSimple),
        // An exhausted countback is a floor, not a figure: the receivable is older than the history read.
        row.dsoCountbackExhausted ? `>${show(row.dsoCountback)}` : show(row.dsoCountback),
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

export function registerAnalyticsCommands(program: Command, run: Run): void {
  withCsvOptions(
    program
      .command('kpi')
      .description(
        'receivable KPIs for a period: DSO (simple and countback), CEI, days to pay, days late, on-time share, share over 90 days',
      )
      .option('--from <date>', 'YYYY-MM-DD (default: 90 days before --to)')
      .option('--to <date>', 'YYYY-MM-DD (default today)')
      .option('--customer <idOrRef>', 'only this customer'),
  ).action(
    tableOrCsvAction(
      run,
      (env, opts, business) =>
        kpiReport(env.app, business, { from: str(opts.from), to: str(opts.to), customer: str(opts.customer) }),
      kpiCsv,
      printKpis,
    ),
  );

  withCsvOptions(
    program
      .command('forecast')
      .description(
        'expected collections for each of the next 12 weeks, from each customer’s own payment pattern, plans and promises',
      ),
  ).action(tableOrCsvAction(run, (env, _opts, business) => forecastReport(env.app, business), forecastCsv, printForecast));
}

function printRisk(io: Io, report: RiskReport): void {
  io.out(`Risk as of ${report.asOf}: ${report.counts.high} high, ${report.counts.medium} medium, ${report.counts.low} low`);
  io.out(
    table(
      ['customer', 'score', 'level', 'reasons'],
      report.customers.map((row) => [
        row.name,
        String(row.score),
        row.level,
        row.reasons.map((reason) => reason.text).join('; '),
      ]),
      new Set([1]),
    ),
  );
}

function printWarnings(io: Io, warnings: RiskWarnings): void {
  io.out(`Scores that rose from ${warnings.since} to ${warnings.asOf}: ${warnings.customers.length}`);
  for (const row of warnings.customers)
    io.out(
      `  ${row.name}: ${row.previousScore} -> ${row.score} (${row.level}): ${row.reasons.map((reason) => reason.text).join('; ')}`,
    );
}

function printEvaluation(io: Io, evaluation: RiskEvaluation): void {
  io.out(
    `Scores as of ${evaluation.asOf}, checked against ${evaluation.asOf} to ${evaluation.until}: ${evaluation.customers} customers had an invoice due, ${evaluation.latePayers} paid one late.`,
  );
  io.out(`  AUC of the risk score:             ${evaluation.auc ?? '- (needs late and on-time payers)'}`);
  io.out(`  AUC of the baseline (late share):  ${evaluation.baselineAuc ?? '-'}`);
}

export function registerRiskCommands(program: Command, run: Run): void {
  const risk = program
    .command('risk')
    .description('risk scores (0 safe to 100 risky) with their reasons, early warnings, evaluation');
  withCsvOptions(
    risk
      .command('score')
      .description('every customer’s score as of a date, riskiest first')
      .option('--as-of <date>', 'YYYY-MM-DD (default today)')
      .option('--customer <idOrRef>', 'only this customer'),
  ).action(
    tableOrCsvAction(
      run,
      (env, opts, business) => riskReport(env.app, business, { asOf: str(opts.asOf), customer: str(opts.customer) }),
      riskCsv,
      printRisk,
    ),
  );
  risk
    .command('warnings')
    .description('early warning: customers whose score rose by 10 or more')
    .option('--as-of <date>', 'YYYY-MM-DD (default today)')
    .option('--days <n>', 'compared with this many days before', '30')
    .action(
      run(
        (env, opts) =>
          withBusiness(env, (business) =>
            riskWarnings(env.app, business, { asOf: str(opts.asOf), days: integerFlag(str(opts.days)) }),
          ),
        printWarnings,
      ),
    );
  risk
    .command('evaluate')
    .description('how well scores on a past date ranked the customers who then paid late (AUC), beside the late-share baseline')
    .requiredOption('--as-of <date>', 'the past date whose scores to check')
    .option('--horizon <days>', 'days after it in which invoices fall due', '60')
    .action(
      run(
        (env, opts) =>
          withBusiness(env, (business) =>
            evaluateRisk(env.app, business, { asOf: str(opts.asOf), horizonDays: integerFlag(str(opts.horizon)) }),
          ),
        printEvaluation,
      ),
    );
}
