/**
 * The one message catalogue: every sentence a person reads (CLI lines, the API's `message`,
 * PDF labels, texts to customers) is an entry here, in Bahasa Indonesia and English. Code
 * names an entry by key with its typed parameters (`t('credit.limit_exceeded', { shortfall })`);
 * the edge renders it in the language it chose (the business's locale, or the API caller's
 * `Accept-Language`). The English table fixes the keys and their parameters; the Indonesian one
 * must have exactly the same, or the build fails.
 */
import { type Catalogue, type MessageKey, type MessageParams, en } from './en.js';
import { id } from './id.js';
import { type Format, type Language, type Text, formatFor } from './format.js';

export type { Format, Language, Text } from './format.js';
export type { Catalogue, Column, DocLabel, MessageKey, MessageParams, StatementLabel, StatementWord } from './en.js';
export { formatAmount, formatDate, formatPercent } from './format.js';

const TABLES: Readonly<Record<Language, Catalogue>> = { id, en };

/** Names an entry with its parameters, checked against the entry's type. */
export function t<K extends MessageKey>(key: K, ...params: MessageParams<K> extends undefined ? [] : [MessageParams<K>]): Text {
  return params.length > 0 ? { key, params: params[0] } : { key };
}

/** What a rendering needs: the language, and the currency amounts are in (the business's). */
export interface RenderContext {
  readonly language: Language;
  readonly currency?: string | undefined;
}

/** The sentence in a language. */
export function render(text: Text, context: RenderContext): string {
  const format: Format = formatFor(context.language, context.currency, (inner) => render(inner, context));
  const entry = TABLES[context.language][text.key as MessageKey] as (params: unknown, format: Format) => string;
  return entry(text.params, format);
}

/**
 * A reason to store with a record (a hold, a limit change, a policy version): the entry's key
 * and parameters as JSON, so it is read later in whatever language the reader has.
 */
export function storeText(text: Text): string {
  return JSON.stringify(text.params === undefined ? { key: text.key } : { key: text.key, params: text.params });
}

/**
 * A stored reason as an entry: what `storeText` wrote, or text stored as written (rows from
 * before reasons were stored as keys, and reasons the owner typed), shown as it is.
 */
export function storedText(stored: string): Text {
  if (stored.startsWith('{"key":')) {
    try {
      const parsed = JSON.parse(stored) as { key?: unknown; params?: unknown };
      if (typeof parsed.key === 'string' && Object.hasOwn(en, parsed.key))
        return parsed.params === undefined ? { key: parsed.key } : { key: parsed.key, params: parsed.params };
    } catch {
      // Not what storeText wrote: shown as written.
    }
  }
  return t('stored.as_written', { text: stored });
}

/** The English rendering with amounts as bare minor units: for logs, and for results read by code. */
export function english(text: Text): string {
  return render(text, { language: 'en' });
}

/** Field reasons in English (for logs, and for tests that read them). */
export function englishFields(fields: Readonly<Record<string, Text>>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([field, reason]) => [field, english(reason)]));
}

/**
 * The language an HTTP caller asked for in `Accept-Language` (`id`, `en`, with q-values and
 * regions such as `id-ID`), or the fallback when it names neither or only `*`.
 */
export function chooseLanguage(acceptLanguage: string | undefined, fallback: Language): Language {
  if (!acceptLanguage) return fallback;
  let best: { language: Language; q: number } | undefined;
  for (const part of acceptLanguage.split(',').slice(0, 20)) {
    const [tag = '', ...parameters] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    const qText = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qText === undefined ? 1 : Number(qText.slice(2));
    if (!(q > 0) || q > 1) continue;
    const language: Language | undefined = primary === 'id' || primary === 'in' ? 'id' : primary === 'en' ? 'en' : undefined;
    if (primary === '*' && (!best || q > best.q)) best = { language: fallback, q };
    else if (language && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? fallback;
}
