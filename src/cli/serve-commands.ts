/** `lunas serve` (the API) and `lunas token create` (an API token, printed once). */
import type { Command } from 'commander';
import pino from 'pino';
import { createApiToken } from '../app/accounts.js';
import { startServer } from '../api/server.js';
import { type Run, integerFlag, str, withBusiness } from './command-env.js';

const DEFAULT_PORT = 8080;
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
        await server.stop();
        logger.info('stopped');
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
