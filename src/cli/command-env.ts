/** What command handlers share: their environment, and the small parsers of flag values. */
import type { Business } from '../core/parties.js';
import { type Failure, type Result, invalid } from '../core/result.js';
import { separatedWholeAmount } from '../core/money.js';
import { t } from '../core/i18n/catalogue.js';
import type { OpenApp } from '../app/open.js';
import { peopleNames } from '../app/browse.js';
import type { CliConfig } from './config.js';
import { type Io, type Speech, speech } from './output.js';

/** What a command handler gets: the open app, the chosen business, the config and where to print. */
export interface CommandEnv {
  readonly app: OpenApp;
  readonly config: CliConfig;
  readonly io: Io;
  business(): Promise<Result<Business>>;
}

/** Options of the command itself (camelCase, as commander gives them). */
export type Options = Record<string, string | string[] | boolean | undefined>;
export type Handler = (env: CommandEnv, opts: Options, positional: string[]) => Promise<Result<unknown> | number>;
export type Run = (handler: Handler, printer?: Printer) => (...args: unknown[]) => Promise<void>;
/** Prints a success for people, in the language and currency of the business the command ran on. */
export type Printer = (io: Io, value: never, speech: Speech) => void;

/** Runs `body` with the chosen business, or returns why there is none. */
export async function withBusiness<T>(env: CommandEnv, body: (business: Business) => Promise<Result<T>>): Promise<Result<T>> {
  const business = await env.business();
  return business.ok ? body(business.value) : business;
}

/** How a handler that prints by itself speaks: the chosen business's language, else the default. */
export async function speechOf(env: CommandEnv): Promise<Speech> {
  const business = await env.business().catch(() => undefined);
  return speech(business?.ok ? { language: business.value.locale, currency: business.value.currency } : undefined);
}

/** How a printer names what a result gives by id: a customer by name (and ref), an invoice by number. */
export interface Names {
  customer(id: string): string;
  /** The customer's ref, what a person types to name them; null when they have none (or are unknown). */
  customerRef(id: string): string | null;
  invoice(id: string): string;
}

/** Names nothing: ids are printed as they are (a result whose ids were not looked up). */
export const NO_NAMES: Names = { customer: (id) => id, customerRef: () => null, invoice: (id) => id };

/**
 * A success for people, with the names of the customers and invoices it names by id, looked up
 * once; with --json the result is printed as it is (the contract's ids).
 */
export async function withNames<T>(
  env: CommandEnv,
  business: Business,
  result: Result<T>,
  ids: (value: T) => { customerIds?: readonly string[]; invoiceIds?: readonly string[] },
): Promise<Result<T | (T & { names: Names })>> {
  if (!result.ok || env.config.json) return result;
  const found = await peopleNames(env.app, business, ids(result.value));
  const names: Names = {
    customer: (id) => {
      const customer = found.customers.get(id);
      return customer ? (customer.ref ? `${customer.name} (${customer.ref})` : customer.name) : id;
    },
    customerRef: (id) => found.customers.get(id)?.ref ?? null,
    invoice: (id) => found.invoices.get(id) ?? id,
  };
  return { ok: true, value: { ...result.value, names } };
}

/** Parses a whole-number flag; anything else stays visibly wrong (NaN) for validation to name. */
export function integerFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

/** The options that carry an amount in minor units (CONTRACT: `--amount 50000` is Rp 50.000). */
export const AMOUNT_FLAGS = ['amount', 'creditLimit', 'defaultCreditLimit', 'credit', 'minAmount'] as const;

/**
 * A failure with a hint when an amount flag was written with thousands separators
 * (`--amount 50.000`): "write whole rupiah without separators: 50000". Undefined when none was.
 */
export function separatedAmountFailure(opts: Options, currency: string): Failure | undefined {
  for (const flag of AMOUNT_FLAGS) {
    const text = str(opts[flag]);
    const digits = text === undefined ? undefined : separatedWholeAmount(text, currency);
    if (text !== undefined && digits !== undefined)
      return invalid({ [flag]: t('field.amount_separators', { text, digits, currency }) });
  }
  return undefined;
}

/** A string option's value (commander gives strings for `<value>` options). */
export function str(value: string | string[] | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Drops the keys whose value is undefined, so optional inputs stay absent rather than undefined. */
export function defined<T extends Record<string, unknown>>(record: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as never;
}
