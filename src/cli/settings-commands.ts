/**
 * `lunas business show|set`: the business's settings (name, language,
 * defaults, how customers pay), as the API's `PATCH /business` changes them.
 */
import type { Command } from 'commander';
import { updateBusinessSettings } from '../app/businesses.js';
import type { BusinessView } from '../app/views.js';
import { t } from '../core/i18n/catalogue.js';
import { paymentLines } from '../core/messages.js';
import { type Locale, formatNpwp } from '../core/parties.js';
import { ok } from '../core/result.js';
import { readJsonFile } from './collection-commands.js';
import { type Run, defined, integerFlag, str, withBusiness } from './command-env.js';
import { type Io, type Speech, speech } from './output.js';
import type { Language } from '../core/i18n/catalogue.js';
import { businessView } from '../app/views.js';

function printBusiness(io: Io, business: BusinessView, _asBefore: Speech): void {
  // In the language the business has now: `business set --locale en` answers in English.
  const { say, money } = speech({ language: business.locale as Language, currency: business.currency });
  io.out(say(t('cli.business.title', { name: business.name, id: business.id })));
  io.out(
    say(
      t('cli.business.settings', {
        locale: business.locale,
        currency: business.currency,
        timezone: business.timezone,
        termsDays: business.defaultTermsDays,
        creditLimit: business.defaultCreditLimit === null ? null : money(business.defaultCreditLimit),
        overdueBlockDays: business.overdueBlockDays,
        backdateDaysMax: business.backdateDaysMax,
      }),
    ),
  );
  io.out(
    say(
      t('cli.business.details', {
        address: business.address === null ? null : business.address.split('\n').join(', '),
        npwp: business.npwp === null ? null : formatNpwp(business.npwp),
        phone: business.phone,
        email: business.email,
      }),
    ),
  );
  const howToPay = paymentLines(business.paymentInstructions, business.locale as Locale);
  io.out(say(howToPay.length > 0 ? t('cli.business.how_to_pay') : t('cli.business.no_how_to_pay')));
  for (const line of howToPay) io.out(`    ${line}`);
}

export function registerSettingsCommands(program: Command, run: Run): void {
  const business = program.command('business').description("the business's settings: show, set");
  business
    .command('show')
    .description("the business's settings and how its customers pay")
    .action(run((env) => withBusiness(env, async (found) => ok(businessView(found))), printBusiness));
  business
    .command('set')
    .description("change the business's settings (owner); only the options given change")
    .option('--name <name>')
    .option('--locale <locale>', 'id or en: the language of messages, reports and this command')
    .option('--timezone <zone>', 'IANA time zone')
    .option('--terms-days <n>', 'default payment terms in days')
    .option('--default-credit-limit <amount>', 'default credit limit in minor units; "none" for no limit')
    .option('--overdue-block-days <n>', 'refuse new credit while anything is more than N days overdue; "off" turns it off')
    .option('--backdate-days-max <n>', 'how many days back an entry may be dated without --allow-old-date')
    .option(
      '--payment-instructions <file>',
      'a JSON file: {"bankAccounts":[{"bank","accountNumber","accountName"}],"ewallets":[{"provider","number","name"}],"qris":null,"note":null}; "none" clears them',
    )
    .option('--address <text>', 'printed on invoices; "\\n" starts a new line; "" clears it')
    .option('--npwp <number>', 'the tax number (15 or 16 digits, such as 01.234.567.8-901.000); "" clears it')
    .option('--phone <number>', 'the business phone printed on invoices (0812... becomes +62812...); "" clears it')
    .option('--email <address>', 'the business email printed on invoices; "" clears it')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          withBusiness(env, async (found) => {
            const instructionsFile = str(opts.paymentInstructions);
            let paymentInstructions: unknown;
            if (instructionsFile === 'none') paymentInstructions = null;
            else if (instructionsFile !== undefined) {
              const read = readJsonFile(instructionsFile);
              if (!read.ok) return read;
              paymentInstructions = read.value;
            }
            const limitText = str(opts.defaultCreditLimit);
            const blockText = str(opts.overdueBlockDays);
            return updateBusinessSettings(
              env.app,
              found,
              defined({
                name: str(opts.name),
                locale: str(opts.locale),
                timezone: str(opts.timezone),
                termsDays: integerFlag(str(opts.termsDays)),
                defaultCreditLimit: limitText === 'none' ? null : integerFlag(limitText),
                overdueBlockDays: blockText === 'off' ? null : integerFlag(blockText),
                backdateDaysMax: integerFlag(str(opts.backdateDaysMax)),
                paymentInstructions: paymentInstructions as never,
                address: str(opts.address)?.replace(/\\n/g, '\n'),
                npwp: str(opts.npwp),
                phone: str(opts.phone),
                email: str(opts.email),
                idempotencyKey: str(opts.idempotencyKey),
              }),
            );
          }),
        printBusiness,
      ),
    );
}
