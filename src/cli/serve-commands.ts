/** `lunas serve` (the API and the scheduler), `lunas worker` (the scheduler alone) and `lunas token create`. */
import type { Command } from 'commander';
import pino from 'pino';
import { createApiToken } from '../app/accounts.js';
import { startServer } from '../api/server.js';
import type { AppContext } from '../app/context.js';
import type { OpenApp } from '../app/open.js';
import { startScheduler, tick } from '../worker/scheduler.js';
import { startDispatcher } from '../worker/dispatcher.js';
import { dispatchOnce } from '../app/dispatch.js';
import { dispatcherId } from './outbox-commands.js';
import { type Run, integerFlag, speechOf, str, withBusiness } from './command-env.js';
import { invalid } from '../core/result.js';
import { t } from '../core/i18n/catalogue.js';

const DEFAULT_PORT = 8080;
const SCHEDULER_INTERVAL_MS = 60_000;
/** How often the dispatcher looks for messages that came due (quiet hours ending, retries, new reminders). */
const DISPATCH_INTERVAL_MS = 5_000;

/** The scheduler acts as the system, and the audit says so. */
function workerContext(app: OpenApp): AppContext {
  return { ...app, actor: { name: 'worker', role: 'owner' } };
}
const DEFAULT_HOST = '127.0.0.1';

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export function registerServeCommands(program: Command, run: Run): void {
  program
    .command('serve')
    .description('serve the HTTP API (JSON logs on stdout); SIGINT/SIGTERM stop it gracefully')
    .option('--port <port>', `port (0 picks a free one; default ${DEFAULT_PORT})`)
    .option('--host <host>', `address to listen on (default ${DEFAULT_HOST})`)
    .option('--no-worker', 'do not run the collection scheduler and the dispatcher in this process (run `lunas worker` instead)')
    .action(
      run(async (env, opts) => {
        const { app, config, io } = env;
        const port = integerFlag(str(opts.port)) ?? DEFAULT_PORT;
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          return invalid({ port: t('field.number_range', { min: 0, max: 65535 }) });
        const { say } = await speechOf(env);
        const logger = pino({ level: config.logLevel, base: { service: 'lunas' } });
        const server = await startServer({
          app,
          host: str(opts.host) ?? DEFAULT_HOST,
          port,
          logger,
          secureCookies: config.secureCookies,
          trustProxyHops: config.trustProxyHops,
          owner: config.owner,
        });
        io.err(say(t('cli.serve.listening', { url: server.url })));
        const scheduler =
          opts.worker === false
            ? undefined
            : startScheduler(
                workerContext(app),
                { morningHour: config.collectionHour, intervalMs: SCHEDULER_INTERVAL_MS },
                logger,
              );
        const dispatcher =
          opts.worker === false
            ? undefined
            : startDispatcher(workerContext(app), { owner: dispatcherId('serve'), intervalMs: DISPATCH_INTERVAL_MS }, logger);
        if (server.ownerCreated) io.err(say(t('cli.serve.owner_created', { email: server.ownerCreated })));
        if (server.needsFirstOwner) io.err(say(t('cli.serve.no_account', { url: server.url })));
        const signal = await stopSignal();
        io.err(say(t('cli.serve.stopping', { signal })));
        await scheduler?.stop();
        await dispatcher?.stop();
        await server.stop();
        logger.info('stopped');
        return 0;
      }),
    );

  program
    .command('worker')
    .description(
      "run each business's collection day at its local morning hour (LUNAS_COLLECTION_HOUR) and send the messages that are due; for PostgreSQL deployments",
    )
    .option('--once', 'one pass over the businesses, then exit')
    .option('--interval-seconds <n>', `seconds between passes (default ${SCHEDULER_INTERVAL_MS / 1000})`)
    .action(
      run(async (env, opts) => {
        const { app, config, io } = env;
        const logger = pino({ level: config.logLevel, base: { service: 'lunas-worker' } });
        const ctx = workerContext(app);
        if (opts.once === true) {
          const report = await tick(ctx, { morningHour: config.collectionHour }, logger);
          const dispatched = await dispatchOnce(ctx, { owner: dispatcherId('worker') });
          io.out(JSON.stringify({ ...report, dispatched }));
          return report.failed.length === 0 ? 0 : 1;
        }
        const seconds = integerFlag(str(opts.intervalSeconds)) ?? SCHEDULER_INTERVAL_MS / 1000;
        if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400)
          return invalid({ intervalSeconds: t('field.number_range', { min: 1, max: 86_400 }) });
        const { say } = await speechOf(env);
        const scheduler = startScheduler(ctx, { morningHour: config.collectionHour, intervalMs: seconds * 1000 }, logger);
        const dispatcher = startDispatcher(ctx, { owner: dispatcherId('worker'), intervalMs: DISPATCH_INTERVAL_MS }, logger);
        io.err(say(t('cli.worker.running', { hour: config.collectionHour, seconds })));
        io.err(say(t('cli.worker.dispatching', { seconds: DISPATCH_INTERVAL_MS / 1000 })));
        const signal = await stopSignal();
        io.err(say(t('cli.worker.stopping', { signal })));
        await scheduler.stop();
        await dispatcher.stop();
        return 0;
      }),
    );

  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('create an API token for the business and print it once')
    .requiredOption('--role <role>', 'owner, staff or viewer')
    .option('--name <name>', 'what the token is for')
    .option('--expires-at <instant>', 'when it stops working, e.g. 2026-12-31T17:00:00Z (default: never)')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          withBusiness(env, (business) =>
            createApiToken(env.app, business, {
              // The use case validates the role and names it in the error when it is wrong.
              role: str(opts.role) as never,
              ...(str(opts.name) ? { name: str(opts.name) } : {}),
              ...(str(opts.expiresAt) ? { expiresAt: str(opts.expiresAt) } : {}),
              ...(str(opts.idempotencyKey) ? { idempotencyKey: str(opts.idempotencyKey) } : {}),
            }),
          ),
        (io, created: { id: string; name: string; role: string; token: string }, { say }) => {
          io.out(created.token);
          io.err(say(t('cli.token.created', { id: created.id, name: created.name, role: created.role })));
        },
      ),
    );
}
