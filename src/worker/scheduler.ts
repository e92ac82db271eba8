/**
 * The scheduler: on every tick it walks the businesses and runs each one's
 * collection day once its local morning hour has come (catching up missed
 * days first). It runs inside `lunas serve` by default and as `lunas worker`
 * on its own; any number of them may share one PostgreSQL, because each
 * business-day is claimed in the database before it runs.
 */
import type { Logger } from 'pino';
import { purgeExpiredSessions } from '../app/accounts.js';
import { allBusinesses } from '../app/businesses.js';
import { runDueCollection } from '../app/collection.js';
import type { AppContext } from '../app/context.js';
import { unavailableFailure } from '../app/open.js';

export interface SchedulerOptions {
  /** Local hour (0-23) from which a business's day is run. */
  readonly morningHour: number;
  /** Time between ticks. */
  readonly intervalMs: number;
}

export interface TickReport {
  readonly ran: { businessId: string; date: string }[];
  readonly skipped: { businessId: string; date: string }[];
  readonly failed: { businessId: string; error: string }[];
  /** Expired sign-in sessions removed in this pass. */
  sessionsPurged: number;
}

/** Logged when the database cannot be reached: the pass ends there (the other businesses would fail alike). */
const UNAVAILABLE_LOG = 'database unavailable: the pass stops; the next tick tries again';

/**
 * One pass over every business, then the expired sessions are purged (the
 * worker is the one loop every deployment runs). A failing business is logged
 * and does not stop the others, unless the database itself is unavailable: then
 * the pass stops and the next tick (the loop keeps running) starts again.
 */
export async function tick(
  ctx: AppContext,
  options: Pick<SchedulerOptions, 'morningHour'>,
  logger?: Logger,
): Promise<TickReport> {
  const report: TickReport = { ran: [], skipped: [], failed: [], sessionsPurged: 0 };
  for (const business of await allBusinesses(ctx)) {
    try {
      const done = await runDueCollection(ctx, business, options.morningHour);
      for (const date of done.ran) report.ran.push({ businessId: business.id, date });
      for (const date of done.skipped) report.skipped.push({ businessId: business.id, date });
      for (const day of done.reports)
        logger?.info(
          {
            businessId: business.id,
            asOf: day.asOf,
            reminders: day.reminders.length,
            fees: day.fees.length,
            holds: day.holds.length,
          },
          'collection day done',
        );
    } catch (error) {
      report.failed.push({ businessId: business.id, error: (error as Error).message });
      // The day's claim rolled back with the rest of its transaction: the next tick runs it.
      if (unavailableFailure(error)) {
        logger?.warn({ businessId: business.id, err: error }, UNAVAILABLE_LOG);
        return report;
      }
      logger?.error({ businessId: business.id, err: error }, 'collection run failed');
    }
  }
  try {
    report.sessionsPurged = await purgeExpiredSessions(ctx);
    if (report.sessionsPurged > 0) logger?.info({ sessions: report.sessionsPurged }, 'expired sessions purged');
  } catch (error) {
    logger?.error({ err: error }, 'purging expired sessions failed');
  }
  return report;
}

export interface RunningScheduler {
  /** Stops after the tick in progress, if any. */
  stop(): Promise<void>;
}

/** Ticks now and then every interval until stopped. */
export function startScheduler(ctx: AppContext, options: SchedulerOptions, logger?: Logger): RunningScheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const loop = () => {
    if (stopped) return;
    current = tick(ctx, options, logger)
      .catch((error: unknown) =>
        unavailableFailure(error)
          ? logger?.warn({ err: error }, UNAVAILABLE_LOG)
          : logger?.error({ err: error }, 'scheduler tick failed'),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.intervalMs);
      });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
