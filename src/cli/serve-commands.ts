/** `lunas serve` (the API and the scheduler), `lunas worker` (the scheduler alone) and `lunas token create`. */
import type { Command } from 'commander';
import pino from 'pino';
import { createApiToken } from '../app/accounts.js';
import { startServer } from '../api/server.js';
import type { AppContext } from '../app/context.js';
import type { OpenApp } from '../app/open.js';
import { startScheduler, tick } from '../worker/scheduler.js';
import { type Run, integerFlag, str, withBusiness } from './command-env.js';

const DEFAULT_PORT = 8080;
const SCHEDULER_INTERVAL_MS = 60_000;

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
    .option('--no-worker', 'do not run the collection scheduler in this process (run `lunas worker` instead)')
    .action(
      run(async ({ app, config, io }, opts) => {
        const port = integerFlag(str(opts.port)) ?? DEFAULT_PORT;
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          io.err('error (validation_failed): --port must be a whole number from 0 to 65535');
          return 2;
        }
        const logger = pino({ level: config.logLevel, base: { service: 'lunas' } });
        const server = await startServer({
          app,
          host: str(opts.host) ?? DEFAULT_HOST,
          port,
          logger,
          secureCookies: config.secureCookies,
          owner: config.owner,
        });
        io.err(`Lunas serves on ${server.url} (API docs: ${server.url}/api/v1/docs)`);
        const scheduler =
          opts.worker === false
            ? undefined
            : startScheduler(
                workerContext(app),
                { morningHour: config.collectionHour, intervalMs: SCHEDULER_INTERVAL_MS },
                logger,
              );
        if (server.ownerCreated) io.err(`Created the first owner ${server.ownerCreated} from LUNAS_OWNER_EMAIL.`);
        if (server.needsFirstOwner)
          io.err(
            'No account yet. Create the first owner by signing up:\n' +
              `  curl -X POST ${server.url}/api/v1/auth/signup -H 'Content-Type: application/json' \\\n` +
              `    -d '{"email":"you@example.com","password":"a long password","name":"Your Name","businessName":"Your Business"}'\n` +
              'or set LUNAS_OWNER_EMAIL and LUNAS_OWNER_PASSWORD and start again.',
          );
        const signal = await stopSignal();
        io.err(`${signal}: finishing requests in flight, then stopping.`);
        await scheduler?.stop();
        await server.stop();
        logger.info('stopped');
        return 0;
      }),
    );

  program
    .command('worker')
    .description(
      "run each business's collection day at its local morning hour (LUNAS_COLLECTION_HOUR); for PostgreSQL deployments",
    )
    .option('--once', 'one pass over the businesses, then exit')
    .option('--interval-seconds <n>', `seconds between passes (default ${SCHEDULER_INTERVAL_MS / 1000})`)
    .action(
      run(async ({ app, config, io }, opts) => {
        const logger = pino({ level: config.logLevel, base: { service: 'lunas-worker' } });
        const ctx = workerContext(app);
        if (opts.once === true) {
          const report = await tick(ctx, { morningHour: config.collectionHour }, logger);
          io.out(JSON.stringify(report));
          return report.failed.length === 0 ? 0 : 1;
        }
        const seconds = integerFlag(str(opts.intervalSeconds)) ?? SCHEDULER_INTERVAL_MS / 1000;
        if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
          io.err('error (validation_failed): --interval-seconds must be a whole number from 1 to 86400');
          return 2;
        }
        const scheduler = startScheduler(ctx, { morningHour: config.collectionHour, intervalMs: seconds * 1000 }, logger);
        io.err(`Lunas worker: collection runs from ${config.collectionHour}:00 local time, checking every ${seconds} s.`);
        const signal = await stopSignal();
        io.err(`${signal}: finishing the pass in progress, then stopping.`);
        await scheduler.stop();
        return 0;
      }),
    );

  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('create an API token for the business and print it once')
    .requiredOption('--role <role>', 'owner, staff or viewer')
    .option('--name <name>', 'what the token is for')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          withBusiness(env, (business) =>
            createApiToken(env.app, business, {
              // The use case validates the role and names it in the error when it is wrong.
              role: str(opts.role) as never,
              ...(str(opts.name) ? { name: str(opts.name) } : {}),
              ...(str(opts.idempotencyKey) ? { idempotencyKey: str(opts.idempotencyKey) } : {}),
            }),
          ),
        (io, created: { id: string; name: string; role: string; token: string }) => {
          io.out(created.token);
          io.err(`API token ${created.id} (${created.name}, ${created.role}): shown once, keep it safe.`);
        },
      ),
    );
}
