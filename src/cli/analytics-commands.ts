/** `lunas kpi`, `lunas forecast` and `lunas risk`: where the money is, when it should come in, and who may not pay. */
import type { Command } from 'commander';
import { type KpiReport, forecastReport, kpiReport } from '../app/analytics.js';
import type { Forecast } from '../core/forecast.js';
import { type RiskEvaluation, type RiskReport, type RiskWarnings, evaluateRisk, riskReport, riskWarnings } from '../app/risk.js';
import { forecastCsv, kpiCsv, riskCsv } from '../core/report-csv.js';
import { type Run, integerFlag, str, withBusiness } from './command-env.js';
import { type Io, type Speech, table } from './output.js';
import { type Column, t } from '../core/i18n/catalogue.js';
import { tableOrCsvAction, withCsvOptions } from './report-output.js';

const show = (value: number | null) => (value === null ? '-' : String(value));
const columns = (say: Speech['say'], names: readonly Column[]) => names.map((name) => say(t('label.column', { name })));

function printKpis(io: Io, report: KpiReport, { say, money }: Speech): void {
  const b = report.business;
  io.out(say(t('cli.kpi.title', { from: report.from, to: report.to, days: report.days, currency: report.currency })));
  io.out(
    say(t('cli.kpi.dso', { simple: b.dsoSimple, countback: b.dsoCountback, exhausted: b.dsoCountbackExhausted, cei: b.cei })),
  );
  io.out(
    say(
      t('cli.kpi.settled', {
        count: b.invoicesSettled,
        daysToPay: b.avgDaysToPay,
        daysLate: b.avgDaysLate,
        onTime: b.onTimeShare,
        over90: b.over90Share,
      }),
    ),
  );
  io.out(
    table(
      columns(say, [
        'customer',
        'receivable',
        'billed',
        'dso_simple',
        'dso_countback',
        'cei',
        'paid',
        'days_to_pay',
        'days_late',
        'on_time',
        'over_90',
      ]),
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

function printForecast(io: Io, forecast: Forecast, { say, money }: Speech): void {
  const m = (amount: number) => money(amount, forecast.currency);
  io.out(say(t('cli.forecast.title', { date: forecast.asOf, open: forecast.openReceivable })));
  io.out(
    table(
      columns(say, ['week', 'from', 'to', 'expected', 'invoices', 'instalments', 'promises']),
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
  io.out(say(t('cli.forecast.later', { later: forecast.later, atRisk: forecast.atRisk, disputed: forecast.disputed })));
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
      .option('--customer <nameOrRef>', 'only this customer'),
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

function printRisk(io: Io, report: RiskReport, { say }: Speech): void {
  io.out(say(t('cli.risk.title', { date: report.asOf, ...report.counts })));
  io.out(
    table(
      columns(say, ['customer', 'score', 'level', 'reasons']),
      report.customers.map((row) => [
        row.name,
        String(row.score),
        say(t('label.level', { level: row.level })),
        row.reasons.map((reason) => reason.text).join('; '),
      ]),
      new Set([1]),
    ),
  );
}

function printWarnings(io: Io, warnings: RiskWarnings, { say }: Speech): void {
  io.out(say(t('cli.risk.warnings_title', { since: warnings.since, asOf: warnings.asOf, count: warnings.customers.length })));
  for (const row of warnings.customers)
    io.out(
      say(
        t('cli.risk.warning', {
          name: row.name,
          previous: row.previousScore,
          score: row.score,
          level: say(t('label.level', { level: row.level })),
          reasons: row.reasons.map((reason) => reason.text).join('; '),
        }),
      ),
    );
}

function printEvaluation(io: Io, evaluation: RiskEvaluation, { say }: Speech): void {
  io.out(
    say(
      t('cli.risk.evaluation', {
        asOf: evaluation.asOf,
        until: evaluation.until,
        customers: evaluation.customers,
        late: evaluation.latePayers,
      }),
    ),
  );
  io.out(say(t('cli.risk.auc', { auc: evaluation.auc })));
  io.out(say(t('cli.risk.baseline_auc', { auc: evaluation.baselineAuc })));
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
      .option('--customer <nameOrRef>', 'only this customer'),
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
