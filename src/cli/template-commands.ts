/**
 * `lunas template list|show|set|reset`: the wording of the messages customers receive, per
 * purpose and language (decision 0019), as the API's `/templates` routes.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import {
  type TemplateSummary,
  type TemplateView,
  listTemplates,
  resetTemplate,
  setTemplate,
  showTemplate,
} from '../app/templates.js';
import { t } from '../core/i18n/catalogue.js';
import { invalid } from '../core/result.js';
import { decodeUtf8 } from '../core/text.js';
import { type Run, defined, str, withBusiness } from './command-env.js';
import type { Io, Speech } from './output.js';

function printList(io: Io, rows: readonly TemplateSummary[], { say }: Speech): void {
  for (const row of rows) io.out(say(t('cli.template.row', row)));
}

function printTemplate(io: Io, view: TemplateView, { say }: Speech): void {
  io.out(say(t('cli.template.title', view)));
  io.out(say(t('cli.template.subject', { subject: view.subject })));
  io.out('');
  io.out(view.body);
  io.out('');
  io.out(say(t('cli.template.variables')));
  for (const variable of view.variables)
    io.out(say(t('cli.template.variable', { name: variable.name, ...variable.description })));
  io.out('');
  if (!view.preview) {
    io.out(say(t('cli.template.no_preview')));
    return;
  }
  io.out(say(t('cli.template.preview', view.preview.customer)));
  io.out(say(t('cli.template.subject', { subject: view.preview.subject })));
  io.out('');
  io.out(view.preview.body);
}

/** A template's text from a file (UTF-8) or the flag. */
function bodyFrom(file: string | undefined, body: string | undefined) {
  if ((file === undefined) === (body === undefined)) return invalid({ body: t('cli.template.file_or_body') });
  if (body !== undefined) return { ok: true as const, value: body };
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file as string);
  } catch (error) {
    return invalid({ file: t('file.cannot_read', { file: `${file}: ${(error as Error).message}` }) });
  }
  const text = decodeUtf8(bytes);
  return text.ok ? { ok: true as const, value: text.text } : invalid({ file: text.reason });
}

export function registerTemplateCommands(program: Command, run: Run): void {
  const template = program
    .command('template')
    .description('the wording of the messages customers receive (reminders, receipts, confirmations, statement, invoice)');
  template
    .command('list')
    .description('every template in both languages, and whether it is the default or your own')
    .action(run((env) => withBusiness(env, (business) => listTemplates(env.app, business)), printList));
  template
    .command('show <purpose>')
    .description('the text in force, its variables, and a preview written for a real customer')
    .option('--lang <lang>', "id or en (default: the business's language)")
    .option('--customer <nameOrRef>', 'the customer of the preview (default: the one with the most overdue)')
    .action(
      run(
        (env, opts, [purpose]) =>
          withBusiness(env, (business) =>
            showTemplate(env.app, business, {
              purpose: purpose ?? '',
              ...defined({ lang: str(opts.lang) as 'id' | 'en' | undefined, customer: str(opts.customer) }),
            }),
          ),
        printTemplate,
      ),
    );
  template
    .command('set <purpose>')
    .description('your own wording (owner); refused with the reason if it uses a variable the message does not have')
    .option('--lang <lang>', "id or en (default: the business's language)")
    .option('--file <file>', 'the text, from a UTF-8 file')
    .option('--body <text>', 'the text')
    .option('--subject <text>', 'the email subject (default: the default subject)')
    .option('--idempotency-key <key>')
    .action(
      run((env, opts, [purpose]) => {
        const body = bodyFrom(str(opts.file), str(opts.body));
        if (!body.ok) return Promise.resolve(body);
        return withBusiness(env, (business) =>
          setTemplate(env.app, business, {
            purpose: purpose ?? '',
            body: body.value,
            ...defined({
              lang: str(opts.lang) as 'id' | 'en' | undefined,
              subject: str(opts.subject),
              idempotencyKey: str(opts.idempotencyKey),
            }),
          }),
        );
      }, printTemplate),
    );
  template
    .command('reset <purpose>')
    .description('back to the default wording (owner)')
    .option('--lang <lang>', "id or en (default: the business's language)")
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts, [purpose]) =>
          withBusiness(env, (business) =>
            resetTemplate(env.app, business, {
              purpose: purpose ?? '',
              ...defined({ lang: str(opts.lang) as 'id' | 'en' | undefined, idempotencyKey: str(opts.idempotencyKey) }),
            }),
          ),
        printTemplate,
      ),
    );
}
