/**
 * The text rule (docs/decisions/0015-text-rule.md): which characters no text
 * field may hold, what is stripped from text a person typed, and the strict
 * reading of JSON (UTF-8 only, every key once). Pure; used by the use cases'
 * validation (app/validate.ts), the API's request parsing, the CLI and the import.
 */
import { type Text, t } from './i18n/catalogue.js';

/** Whether a text may span lines: names, refs and ids may not; notes and reasons may. */
export type TextLines = 'single' | 'multi';

/** Bidi embeddings, overrides and isolates (UAX #9 explicit formatting; "Trojan Source", CVE-2021-42574). */
const DIRECTION_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
/** Interlinear annotation anchor, separator and terminator: they hide or move the text between them. */
const ANNOTATION = /[\ufff9-\ufffb]/u;
/**
 * Controls (C0, DEL, C1), noncharacters, lone surrogates, direction controls, interlinear
 * annotation characters and U+FFFD (what a decoder puts for bytes that were not text; no person
 * types it); TAB, LF and CR are handled by the caller.
 */
const REFUSED = /[\p{Cc}\p{Noncharacter_Code_Point}\p{Cs}\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\ufffd]/gu;
/**
 * Default-ignorable code points (invisible by definition) that carry no meaning inside a name or
 * note: zero-width space, word joiner, soft hyphen, BOM, fillers, bidi marks, and the like. Kept:
 * ZWNJ and ZWJ (scripts and emoji sequences), variation selectors, the combining grapheme joiner
 * and tag characters (emoji flags), which change how the visible characters around them look.
 */
const STRIPPED = /(?![\u200c\u200d\u034f\p{Variation_Selector}\u{e0020}-\u{e007f}])\p{Default_Ignorable_Code_Point}/gu;
/**
 * Leading: white space, blanks and every invisible character; trailing: white space, blanks and
 * joiners (a variation selector stays with its emoji). The Braille blank U+2800 is a symbol by
 * category but shows nothing, so it counts as a blank.
 */
const SURROUNDING = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]+|[\p{White_Space}\u200c\u200d\u034f\u2800]+$/gu;
/** A letter, digit, punctuation mark or symbol, except the Braille blank (a symbol that shows nothing). */
const VISIBLE = /(?!\u2800)[\p{L}\p{N}\p{P}\p{S}]/u;
/** How deep a JSON value may nest (objects and arrays); no body or policy needs more than a few levels. */
export const JSON_DEPTH_MAX = 32;

/** `U+202E`: how a refusal names a character. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why a text may not be stored, or undefined when it may: a control character (TAB, LF and CR
 * only in multi-line text), a direction control, a lone surrogate or a noncharacter; a line
 * break in a single-line text.
 */
export function refusedText(text: string, lines: TextLines = 'multi'): Text | undefined {
  for (const [char] of text.matchAll(REFUSED)) {
    if (char === '\t' || char === '\n' || char === '\r') {
      if (lines === 'single') return t('text.single_line');
      continue;
    }
    return textFault(char, char.codePointAt(0) as number);
  }
  if (lines === 'single' && /[\u2028\u2029]/u.test(text)) return t('text.single_line');
  return undefined;
}

function textFault(char: string, codePoint: number): Text {
  const name = codePointName(codePoint);
  if (DIRECTION_CONTROL.test(char)) return t('text.direction_control', { codePoint: name });
  if (ANNOTATION.test(char)) return t('text.annotation', { codePoint: name });
  if (codePoint === 0xfffd) return t('text.replacement_character');
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return t('text.lone_surrogate', { codePoint: name });
  if (/\p{Cc}/u.test(char)) return t('text.control', { codePoint: name });
  return t('text.noncharacter', { codePoint: name });
}

/**
 * What is stored of a text a person typed: Unicode NFC, invisible characters without meaning
 * removed (see STRIPPED), and surrounding white space and invisible characters trimmed.
 */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(STRIPPED, '').replace(SURROUNDING, '');
}

/** Whether a text holds something a person sees: a letter, digit, punctuation or symbol. */
export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}

/**
 * The refused text in a JSON value, by path (`lines.0.description`); keys are checked too. Walked
 * with a list, not recursion, so no depth of nesting can overflow the stack.
 */
export function refusedTextIn(value: unknown, path: readonly string[] = []): Map<string, Text> {
  const found = new Map<string, Text>();
  const pending: { item: unknown; at: readonly string[] }[] = [{ item: value, at: path }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { item, at } = next;
    if (typeof item === 'string') {
      const reason = refusedText(item);
      if (reason) found.set(at.join('.'), reason);
    } else if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index--) pending.push({ item: item[index], at: [...at, String(index)] });
    } else if (isPlainObject(item)) {
      for (const key of Object.keys(item).reverse()) {
        const reason = refusedText(key);
        if (reason) found.set([...at, key].join('.'), reason);
        else pending.push({ item: item[key], at: [...at, key] });
      }
    }
  }
  return found;
}

/** Records only: bytes (an uploaded file) and other objects are not text to check. */
function isPlainObject(item: unknown): item is Record<string, unknown> {
  if (item === null || typeof item !== 'object') return false;
  const prototype = Object.getPrototypeOf(item) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** The 1-based position of the first byte that is not UTF-8, or undefined when all are. */
export function invalidUtf8At(bytes: Uint8Array): number | undefined {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    // Find where: walk the sequences (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
  }
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at] as number;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0) return at + 1;
    for (let next = 1; next < length; next++) {
      const byte = bytes[at + next];
      if (byte === undefined) return at + 1;
      let low = 0x80;
      let high = 0xbf;
      if (next === 1 && lead === 0xe0) low = 0xa0;
      if (next === 1 && lead === 0xed) high = 0x9f;
      if (next === 1 && lead === 0xf0) low = 0x90;
      if (next === 1 && lead === 0xf4) high = 0x8f;
      if (byte < low || byte > high) return at + 1;
    }
    at += length;
  }
  return undefined;
}

/** Text of UTF-8 bytes, or why they are not: the decoder's U+FFFD never stands in for bad bytes. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: Text } {
  const bad = invalidUtf8At(bytes);
  if (bad !== undefined) return { ok: false, reason: t('text.not_utf8', { byte: bad }) };
  return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
}

/**
 * Parses JSON strictly: a syntax error, nesting deeper than JSON_DEPTH_MAX (named as `body`; a
 * deeper value would only cost stack in every walk after), or a key given twice in one object
 * (which JSON.parse would settle silently by keeping the last), is a problem named by its path.
 */
export function parseStrictJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; field: string; reason: Text; syntaxError?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    return { ok: false, field: 'body', reason: t('http.malformed_json', { detail }), syntaxError: detail };
  }
  const found = structureFault(text);
  if (found === 'too_deep') return { ok: false, field: 'body', reason: t('text.too_deep', { max: JSON_DEPTH_MAX }) };
  return found === undefined ? { ok: true, value } : { ok: false, field: found.twice, reason: t('text.key_twice') };
}

type Frame =
  { kind: 'object'; keys: Set<string>; key: string | undefined; expectsKey: boolean } | { kind: 'array'; index: number };

/** Nesting past JSON_DEPTH_MAX, or the path of the first key given twice in one object, of a well-formed JSON text. */
function structureFault(text: string): 'too_deep' | { twice: string } | undefined {
  const stack: Frame[] = [];
  const pathOf = (last: string) =>
    [...stack.slice(0, -1).map((frame) => (frame.kind === 'array' ? String(frame.index) : (frame.key ?? ''))), last].join('.');
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    const top = stack[stack.length - 1];
    if ((char === '{' || char === '[') && stack.length >= JSON_DEPTH_MAX) return 'too_deep';
    if (char === '{') stack.push({ kind: 'object', keys: new Set(), key: undefined, expectsKey: true });
    else if (char === '[') stack.push({ kind: 'array', index: 0 });
    else if (char === '}' || char === ']') stack.pop();
    else if (char === ',') {
      if (top?.kind === 'array') top.index++;
      else if (top) top.expectsKey = true;
    } else if (char === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top?.kind === 'object' && top.expectsKey) {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        if (top.keys.has(key)) return { twice: pathOf(key) };
        top.keys.add(key);
        top.key = key;
        top.expectsKey = false;
      }
      at = end;
    }
  }
  return undefined;
}
