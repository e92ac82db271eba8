/**
 * The dispatcher loop (issue 13): passes of `dispatchOnce` until nothing is
 * due, then a short wait, until stopped. It runs inside `lunas serve` and
 * `lunas worker`; any number may run against one PostgreSQL (decision 0020).
 * The waits use real timers; every instant it records comes from the clock.
 */
import type { Logger } from 'pino';
import type { AppContext } from '../app/context.js';
import { type DispatchCounts, type DispatchOptions, dispatchOnce, providerRegistry } from '../app/dispatch.js';
import { unavailableFailure } from '../app/open.js';

export interface DispatcherLoopOptions extends DispatchOptions {
  /** The wait after a pass that found nothing more to send. */
  readonly intervalMs: number;
}

export interface RunningDispatcher {
  /** Stops after the pass in progress (its sends and their outcomes) is done. */
  stop(): Promise<void>;
}

const PASSES_BEFORE_WAIT_MAX = 50;

function busy(counts: DispatchCounts): boolean {
  return counts.claimed > 0 && counts.claimed > counts.held;
}

export function startDispatcher(ctx: AppContext, options: DispatcherLoopOptions, logger?: Logger): RunningDispatcher {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  // One set of providers for the loop's life (SMTP keeps its connections), closed when it stops.
  const registry = options.providers ? undefined : providerRegistry(ctx);
  const passOptions: DispatchOptions = { ...options, providers: options.providers ?? registry };
  const pass = async () => {
    for (let i = 0; i < PASSES_BEFORE_WAIT_MAX && !stopped; i++) {
      const counts = await dispatchOnce(ctx, passOptions);
      if (counts.claimed > 0) logger?.info({ ...counts }, 'messages dispatched');
      if (!busy(counts)) break;
    }
  };
  const loop = () => {
    if (stopped) return;
    current = pass()
      .catch((error: unknown) =>
        unavailableFailure(error)
          ? logger?.warn({ err: error }, 'database unavailable: the dispatcher tries again after its interval')
          : logger?.error({ err: error }, 'dispatch pass failed'),
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
      await registry?.close();
    },
  };
}
