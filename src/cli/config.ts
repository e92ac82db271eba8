/**
 * The command's configuration, read once from the environment and the global
 * flags, validated, frozen and passed in. Nothing else reads process.env.
 */
import path from 'node:path';
import { DEFAULT_COLLECTION_HOUR } from '../app/collection.js';
import { type Result, invalid, ok } from '../core/result.js';
import { type Text, t } from '../core/i18n/catalogue.js';
import { parseInstant } from '../core/dates.js';

export interface CliConfig {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly businessId: string | undefined;
  readonly json: boolean;
  /** LUNAS_NOW: a fixed instant for demos, tests and backfills. */
  readonly fixedNow: Date | undefined;
  /** LUNAS_OWNER_EMAIL / LUNAS_OWNER_PASSWORD: the first owner, made by `serve` on a store with no account. */
  readonly owner: { email: string; password: string } | undefined;
  /** LUNAS_LOG_LEVEL: pino level of the server's JSON logs (default info). */
  readonly logLevel: string;
  /** LUNAS_SECURE_COOKIES=1: mark session cookies Secure (when served behind HTTPS). */
  readonly secureCookies: boolean;
  /** LUNAS_COLLECTION_HOUR: the local hour (0-23) from which the scheduler runs each business's day (default 8). */
  readonly collectionHour: number;
  /** LUNAS_TRUST_PROXY: how many proxies' X-Forwarded-For hops to trust for the client's address (default 0: none). */
  readonly trustProxyHops: number;
}

/** More proxies than this in front of one server is a mistake in the setting. */
const TRUST_PROXY_HOPS_MAX = 10;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface GlobalFlags {
  data?: string;
  databaseUrl?: string;
  business?: string;
  json?: boolean;
}

export function readConfig(
  env: Readonly<Record<string, string | undefined>>,
  flags: GlobalFlags,
  cwd: string,
): Result<CliConfig> {
  const errors: Record<string, Text> = {};
  const databaseUrl = flags.databaseUrl ?? (env.LUNAS_DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) errors.databaseUrl = t('cli.database_url');
  let fixedNow: Date | undefined;
  if (env.LUNAS_NOW) {
    fixedNow = parseInstant(env.LUNAS_NOW);
    if (fixedNow === undefined) errors.LUNAS_NOW = t('cli.now_instant', { text: env.LUNAS_NOW });
  }
  const ownerEmail = env.LUNAS_OWNER_EMAIL || undefined;
  const ownerPassword = env.LUNAS_OWNER_PASSWORD || undefined;
  if ((ownerEmail === undefined) !== (ownerPassword === undefined))
    errors[ownerEmail === undefined ? 'LUNAS_OWNER_EMAIL' : 'LUNAS_OWNER_PASSWORD'] = t('cli.owner_both');
  const logLevel = env.LUNAS_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) errors.LUNAS_LOG_LEVEL = t('field.one_of', { values: LOG_LEVELS });
  const hourText = env.LUNAS_COLLECTION_HOUR || String(DEFAULT_COLLECTION_HOUR);
  const collectionHour = /^\d{1,2}$/.test(hourText) ? Number(hourText) : Number.NaN;
  if (!(collectionHour >= 0 && collectionHour <= 23)) errors.LUNAS_COLLECTION_HOUR = t('cli.collection_hour');
  const trustText = env.LUNAS_TRUST_PROXY || '0';
  const trustProxyHops = /^\d{1,2}$/.test(trustText) ? Number(trustText) : Number.NaN;
  if (!(trustProxyHops >= 0 && trustProxyHops <= TRUST_PROXY_HOPS_MAX))
    errors.LUNAS_TRUST_PROXY = t('cli.trust_proxy', { max: TRUST_PROXY_HOPS_MAX });
  if (Object.keys(errors).length > 0) return invalid(errors);
  return ok(
    Object.freeze({
      dataDir: path.resolve(cwd, flags.data ?? (env.LUNAS_DATA_DIR || './data')),
      databaseUrl,
      businessId: flags.business,
      json: flags.json === true,
      fixedNow,
      owner: ownerEmail && ownerPassword ? { email: ownerEmail, password: ownerPassword } : undefined,
      logLevel,
      secureCookies: env.LUNAS_SECURE_COOKIES === '1' || env.LUNAS_SECURE_COOKIES === 'true',
      collectionHour,
      trustProxyHops,
    }),
  );
}
