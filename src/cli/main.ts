/**
 * The `lunas` command. `main` takes the arguments and the environment and
 * returns the exit code, so tests run it in-process as well as through bin/lunas.
 */
import { Command, CommanderError } from 'commander';
import { type Business } from '../core/parties.js';
import { type Result, invalid } from '../core/result.js';
import { refusedTextIn } from '../core/text.js';
import { initBusiness, selectBusiness } from '../app/businesses.js';
import { type Actor, type Clock, fixedClock } from '../app/context.js';
import { type OpenApp, openApp, storeExists, storeLocation, unavailableFailure } from '../app/open.js';
import { type CliConfig, type GlobalFlags, readConfig } from './config.js';
import {
  AMOUNT_FLAGS,
  type CommandEnv,
  type Handler,
  type Options,
  type Printer,
  type Run,
  defined,
  integerFlag,
  separatedAmountFailure,
  str,
} from './command-env.js';
import { type Io, printFailure, printJson, printUnexpected, speech } from './output.js';
import { type Language, type RenderContext, type Text, t } from '../core/i18n/catalogue.js';
import type { BusinessView } from '../app/views.js';
import { registerCollectionCommands } from './collection-commands.js';
import { registerAnalyticsCommands, registerRiskCommands } from './analytics-commands.js';
import { registerImportCommands } from './import-commands.js';
import { registerLedgerCommands } from './ledger-commands.js';
import { registerSettingsCommands } from './settings-commands.js';
import { registerTemplateCommands } from './template-commands.js';
import { registerReportCommands } from './report-commands.js';
import { registerServeCommands } from './serve-commands.js';
import { registerOutboxCommands } from './outbox-commands.js';
import { registerOwnerCommands } from './owner-commands.js';

const CLI_ACTOR: Actor = { name: 'cli:owner', role: 'owner' };
const systemClock: Clock = { now: () => new Date() };

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: Io = defaultIo,
  cwd = process.cwd(),
): Promise<number> {
  let exitCode = 0;
  const program = new Command('lunas')
    .description('Lunas: receivables and customer debt for small businesses')
    .option('--data <dir>', 'data directory holding the SQLite file (env LUNAS_DATA_DIR)', undefined)
    .option('--database-url <url>', 'postgres:// URL selecting PostgreSQL (env LUNAS_DATABASE_URL)')
    .option('--business <id>', 'the business, when the store holds more than one')
    .option('--json', 'print results as JSON on stdout and errors as JSON on stderr')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
      // Usage errors are printed from the catalogue below, in the business's language.
      outputError: () => undefined,
    })
    .showHelpAfterError(false);

  /** Wraps a handler: reads the config, opens the store, prints the result, maps the exit code. */
  const run =
    (handler: Handler, printer?: Printer) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args[args.length - 1] as Command;
      const flags = command.optsWithGlobals() as GlobalFlags;
      const config = readConfig(env, flags, cwd);
      if (!config.ok) {
        exitCode = printFailure(io, config, flags.json === true);
        return;
      }
      const positional = args
        .slice(0, -2)
        .flatMap((arg) => (Array.isArray(arg) ? arg : [arg]))
        .filter((arg): arg is string => typeof arg === 'string');
      const opts = command.opts() as Options;
      // The text rule (core/text.ts) on every flag and argument, before any lookup or write.
      const refused = refusedTextIn({
        ...opts,
        ...Object.fromEntries(command.registeredArguments.map((argument, at) => [argument.name(), args[at]])),
        ...(flags.business === undefined ? {} : { business: flags.business }),
      });
      exitCode = await execute(
        config.value,
        io,
        (commandEnv) =>
          refused.size > 0
            ? Promise.resolve(invalid(Object.fromEntries(refused)))
            : withAmountHint(commandEnv, opts, () => handler(commandEnv, opts, positional)),
        printer,
      );
    };

  registerInit(program, run);
  registerLedgerCommands(program, run);
  registerSettingsCommands(program, run);
  registerReportCommands(program, run);
  registerServeCommands(program, run);
  registerOutboxCommands(program, run);
  registerCollectionCommands(program, run);
  registerImportCommands(program, run);
  registerAnalyticsCommands(program, run);
  registerRiskCommands(program, run);
  registerTemplateCommands(program, run);
  registerOwnerCommands(program, run);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      const context = await usageContext(env, program.opts() as GlobalFlags, cwd);
      io.err(speech(context).say(usageText(error)));
      return 2;
    }
    return printUnexpected(io, error, argv.includes('--json'));
  }
  return exitCode;
}

/** commander's usage errors as catalogue entries (its own English for the rare ones without an entry). */
function usageText(error: CommanderError): Text {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const suggestion = /\(Did you mean (.+)\?\)/.exec(error.message)?.[1] ?? null;
  switch (error.code) {
    case 'commander.missingMandatoryOptionValue':
      return t('usage.option_required', { option: quoted });
    case 'commander.optionMissingArgument':
      return t('usage.option_value_missing', { option: quoted });
    case 'commander.unknownOption':
      return t('usage.unknown_option', { option: quoted, suggestion });
    case 'commander.unknownCommand':
      return t('usage.unknown_command', { command: quoted, suggestion });
    case 'commander.missingArgument':
      return t('usage.argument_missing', { argument: quoted });
    case 'commander.excessArguments':
      return t('usage.too_many_arguments');
    default:
      return t('usage.other', { message: error.message.replace(/^error: /, '') });
  }
}

/** The language of a usage error: the business's when the store is already there and names one. */
async function usageContext(
  env: Readonly<Record<string, string | undefined>>,
  flags: GlobalFlags,
  cwd: string,
): Promise<RenderContext | undefined> {
  const config = readConfig(env, flags, cwd);
  if (!config.ok) return undefined;
  const location = storeLocation(config.value.dataDir, config.value.databaseUrl);
  if (!storeExists(location)) return undefined;
  let app: OpenApp | undefined;
  try {
    app = await openApp(location, systemClock, CLI_ACTOR);
    const business = await selectBusiness(app, config.value.businessId);
    return business.ok ? { language: business.value.locale, currency: business.value.currency } : undefined;
  } catch {
    return undefined;
  } finally {
    await app?.close();
  }
}

/** Refuses an amount written with separators, with the hint, before the command runs. */
async function withAmountHint(
  env: CommandEnv,
  opts: Options,
  body: () => Promise<Result<unknown> | number>,
): Promise<Result<unknown> | number> {
  if (!AMOUNT_FLAGS.some((flag) => typeof opts[flag] === 'string' && /[.,]/.test(opts[flag]))) return body();
  const business = await env.business();
  const currency = business.ok ? business.value.currency : (str(opts.currency) ?? 'IDR');
  return separatedAmountFailure(opts, currency) ?? body();
}

async function execute(
  config: CliConfig,
  io: Io,
  handler: (env: CommandEnv) => Promise<Result<unknown> | number>,
  printer: Printer | undefined,
): Promise<number> {
  const clock = config.fixedNow ? fixedClock(config.fixedNow) : systemClock;
  let app: OpenApp | undefined;
  try {
    app = await openApp(storeLocation(config.dataDir, config.databaseUrl), clock, CLI_ACTOR);
    const opened = app;
    let chosen: Result<Business> | undefined;
    const commandEnv: CommandEnv = {
      app: opened,
      config,
      io,
      business: async () => (chosen ??= await selectBusiness(opened, config.businessId)),
    };
    const result = await handler(commandEnv);
    if (typeof result === 'number') return result;
    // Errors and lines for people speak the business's language, even when the command did not choose it.
    const context = async (): Promise<RenderContext | undefined> => {
      const business = chosen ?? (await selectBusiness(opened, config.businessId).catch(() => undefined));
      return business?.ok ? { language: business.value.locale, currency: business.value.currency } : undefined;
    };
    if (!result.ok) return printFailure(io, result, config.json, await context());
    if (config.json || !printer) printJson(io, result.value);
    else printer(io, result.value as never, speech(await context()));
    return 0;
  } catch (error) {
    // The database unreachable for a moment (PostgreSQL restarting, SQLite locked too long) is no bug: exit 75, try again.
    const unavailable = unavailableFailure(error);
    if (unavailable) return printFailure(io, unavailable, config.json);
    return printUnexpected(io, error, config.json);
  } finally {
    await app?.close();
  }
}

function registerInit(program: Command, run: Run): void {
  program
    .command('init')
    .description('create the store (if new) and a business')
    .requiredOption('--name <name>', 'business name')
    .option('--currency <code>', 'ISO 4217 currency', 'IDR')
    .option('--timezone <zone>', 'IANA time zone', 'Asia/Jakarta')
    .option('--locale <locale>', 'id or en', 'id')
    .option('--terms-days <n>', 'default payment terms in days')
    .option('--default-credit-limit <amount>', 'default credit limit in minor units (none if left out)')
    .option(
      '--overdue-block-days <n>',
      'refuse new credit while anything is more than N days overdue (default 60; "off" turns it off)',
    )
    .option('--backdate-days-max <n>', 'how many days back an entry may be dated without --allow-old-date (default 366)')
    .option('--idempotency-key <key>')
    .action(
      run(
        async ({ app }, opts) => {
          const blockText = str(opts.overdueBlockDays);
          return initBusiness(app, {
            name: str(opts.name) ?? '',
            currency: str(opts.currency),
            timezone: str(opts.timezone),
            locale: str(opts.locale),
            ...defined({
              termsDays: integerFlag(str(opts.termsDays)),
              defaultCreditLimit: integerFlag(str(opts.defaultCreditLimit)),
              overdueBlockDays: blockText === 'off' ? null : integerFlag(blockText),
              backdateDaysMax: integerFlag(str(opts.backdateDaysMax)),
              idempotencyKey: str(opts.idempotencyKey),
            }),
          });
        },
        (io, business: BusinessView) =>
          io.out(
            speech({ language: business.locale as Language, currency: business.currency }).say(
              t('cli.business_created', {
                name: business.name,
                id: business.id,
                currency: business.currency,
                timezone: business.timezone,
              }),
            ),
          ),
      ),
    );
}
