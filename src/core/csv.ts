/**
 * CSV reading and writing (RFC 4180): a header row, fields separated by `,` or
 * `;` (detected from the header), fields with the separator, a quote or a line
 * break quoted with `"`, quotes doubled inside. Each record keeps the line it
 * starts on, so every error can name it.
 */
import { type Text, t } from './i18n/catalogue.js';

export type Separator = ',' | ';';

export interface CsvRecord {
  /** The line of the file the record starts on (the header is line 1). */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvProblem {
  readonly line: number;
  /** Why, as a catalogue entry. */
  readonly reason: Text;
}

export interface CsvTable {
  readonly separator: Separator;
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
  /** Records that could not be read (an unclosed quote, text after a closing quote). */
  readonly problems: readonly CsvProblem[];
}

/** The separator the header uses: the one of `,` and `;` that splits it into more fields (ties go to `,`). */
export function detectSeparator(headerLine: string): Separator {
  const count = (separator: string) => headerLine.split(separator).length;
  return count(';') > count(',') ? ';' : ',';
}

/** The first line of a text, without its line break. */
function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

/**
 * Reads a whole CSV text. Blank lines are skipped; a byte-order mark is
 * dropped. `onProgress` is told how many characters have been read, now and then.
 */
export function parseCsv(input: string, onProgress?: (charsRead: number) => void): CsvTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const separator = detectSeparator(firstLine(text));
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const sep = separator.charCodeAt(0);
  const QUOTE = 34;
  const CR = 13;
  const LF = 10;
  let line = 1;
  let position = 0;
  let nextProgress = 1 << 20;
  while (position < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let problem: Text | undefined;
    let recordDone = false;
    while (!recordDone) {
      if (text.charCodeAt(position) === QUOTE) {
        // A quoted field: up to the closing quote, doubled quotes inside.
        position++;
        let closed = false;
        while (position < text.length) {
          const quote = text.indexOf('"', position);
          if (quote < 0) break;
          field += text.slice(position, quote);
          for (let at = position; at < quote; at++) if (text.charCodeAt(at) === LF) line++;
          if (text.charCodeAt(quote + 1) === QUOTE) {
            field += '"';
            position = quote + 2;
            continue;
          }
          position = quote + 1;
          closed = true;
          break;
        }
        if (!closed) {
          problem ??= t('csv.quote_not_closed', { line: startLine });
          for (let at = position; at < text.length; at++) if (text.charCodeAt(at) === LF) line++;
          position = text.length;
        }
        const after = text.charCodeAt(position);
        if (position < text.length && after !== sep && after !== CR && after !== LF) {
          problem ??= t('csv.text_after_quote', { field: fields.length + 1 });
          while (position < text.length && text.charCodeAt(position) !== sep && text.charCodeAt(position) !== LF) {
            field += text[position];
            position++;
          }
        }
      } else {
        let end = position;
        while (end < text.length) {
          const code = text.charCodeAt(end);
          if (code === sep || code === LF || code === CR) break;
          end++;
        }
        field = text.slice(position, end);
        if (field.includes('"')) problem ??= t('csv.quote_inside', { field: fields.length + 1 });
        position = end;
      }
      fields.push(field);
      field = '';
      const code = text.charCodeAt(position);
      if (code === sep) position++;
      else {
        if (code === CR) position++;
        if (text.charCodeAt(position) === LF) position++;
        line++;
        recordDone = true;
      }
    }
    if (fields.length === 1 && fields[0] === '' && problem === undefined) continue;
    if (problem !== undefined) problems.push({ line: startLine, reason: problem });
    else records.push({ line: startLine, fields });
    if (onProgress && position >= nextProgress) {
      onProgress(position);
      nextProgress = position + (1 << 20);
    }
  }
  onProgress?.(text.length);
  const [head, ...rows] = records;
  if (head === undefined) return { separator, header: [], records: [], problems };
  return { separator, header: head.fields.map((name) => name.trim()), records: rows, problems };
}

/** One CSV field: quoted when it holds the separator, a quote or a line break, or starts with a formula sign. */
export function csvField(value: string | number | null | undefined, separator: Separator = ','): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A text field starting with = + - @ would run as a formula in a spreadsheet: a leading apostrophe disarms it.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text)) text = `'${text}`;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV text from a header and rows, lines ended by CRLF as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return [header, ...rows].map((row) => `${row.map((value) => csvField(value)).join(',')}\r\n`).join('');
}

/** The line (1-based) a byte offset falls on. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset; at++) if (bytes[at] === 10) line++;
  return line;
}

/**
 * The text of a CSV file's bytes, or why it is not text: a NUL byte (a binary
 * file: a spreadsheet saved as .xlsx, an image) or bytes that are not UTF-8.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string } | CsvProblem {
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    return {
      line: lineAt(bytes, nul),
      reason: t('csv.binary'),
    };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // Find the first bad sequence to name its line: decode line by line.
    let start = 0;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let line = 1; start <= bytes.length; line++) {
      let end = bytes.indexOf(10, start);
      if (end < 0) end = bytes.length;
      try {
        decoder.decode(bytes.subarray(start, end));
      } catch {
        return { line, reason: t('csv.line_not_utf8') };
      }
      start = end + 1;
    }
    return { line: 1, reason: t('csv.file_not_utf8') };
  }
}
