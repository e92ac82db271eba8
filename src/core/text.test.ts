import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { english } from './i18n/catalogue.js';
import {
  cleanText,
  decodeUtf8,
  hasVisibleCharacter,
  invalidUtf8At,
  parseStrictJson,
  refusedText,
  refusedTextIn,
} from './text.js';

const reason = (text: string, lines?: 'single' | 'multi') => {
  const found = refusedText(text, lines);
  return found ? english(found) : undefined;
};

describe('the text rule', () => {
  it.each([
    ['Budi\u0000', 'must not contain the control character U+0000'],
    ['\u001b[2J', 'must not contain the control character U+001B'],
    ['a\u009bb', 'must not contain the control character U+009B'],
    ['a\u007f', 'must not contain the control character U+007F'],
    ['a\u0085b', 'must not contain the control character U+0085'],
    [
      'Siti \u202egnp.exe',
      'must not contain the direction control U+202E (it makes text read differently from how it is stored)',
    ],
    ['\u202aa', 'must not contain the direction control U+202A (it makes text read differently from how it is stored)'],
    ['\u2066a\u2069', 'must not contain the direction control U+2066 (it makes text read differently from how it is stored)'],
    ['a\ud800', 'must be valid Unicode text (it holds the lone surrogate U+D800)'],
    ['\udfffa', 'must be valid Unicode text (it holds the lone surrogate U+DFFF)'],
    ['a\uffff', 'must not contain the noncharacter U+FFFF'],
    ['a\ufdd0', 'must not contain the noncharacter U+FDD0'],
    ['a\u{10fffe}', 'must not contain the noncharacter U+10FFFE'],
  ])('issue 12 defect 6: refuses %j anywhere', (text, expected) => {
    expect(reason(text, 'multi')).toBe(expected);
    expect(reason(text, 'single')).toBe(expected);
  });

  it.each([
    ['line one\nline two', undefined, 'must be one line (no line breaks or tabs)'],
    ['a\tb', undefined, 'must be one line (no line breaks or tabs)'],
    ['a\r\nb', undefined, 'must be one line (no line breaks or tabs)'],
    ['a\u2028b', undefined, 'must be one line (no line breaks or tabs)'],
    ['a\nb\u0000', 'must not contain the control character U+0000', 'must be one line (no line breaks or tabs)'],
    ['Siti Rahayu', undefined, undefined],
    ['Bu Ani \u{1f469}\u200d\u{1f373} \u2764\ufe0f', undefined, undefined],
    ['\u0627\u0644\u0639\u0631\u0628\u064a\u0629', undefined, undefined],
    [
      'Jos\u00e9 \ufffd',
      'is not valid UTF-8: it holds U+FFFD, the replacement character, where bytes that were not text were lost',
      'is not valid UTF-8: it holds U+FFFD, the replacement character, where bytes that were not text were lost',
    ],
    ['\ue000 private use', undefined, undefined],
  ])('issue 12 defect 6: %j is %j in a note and %j in a name', (text, multi, single) => {
    expect(reason(text, 'multi')).toBe(multi);
    expect(reason(text, 'single')).toBe(single);
  });

  it.each([
    ['  Siti  ', 'Siti'],
    ['\u200bSiti\u200b', 'Siti'],
    ['Si\u200bti', 'Siti'],
    ['\ufeffSiti\u2060', 'Siti'],
    ['Sit\u00adi', 'Siti'],
    ['\u200eSiti\u200f', 'Siti'],
    ['Jose\u0301', 'Jos\u00e9'],
    ['\u3164', ''],
    ['Bu Ani \u{1f469}\u200d\u{1f373} \u2764\ufe0f ', 'Bu Ani \u{1f469}\u200d\u{1f373} \u2764\ufe0f'],
    ['\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645', '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645'],
    ['line one\nline two ', 'line one\nline two'],
  ])('issue 12 defect 6: %j is stored as %j', (typed, stored) => {
    expect(cleanText(typed)).toBe(stored);
  });

  it.each([
    ['\u200b', false],
    [' \u200b\u2060\ufeff ', false],
    ['\u3164', false],
    ['\u0301', false],
    ['A', true],
    ['7', true],
    ['-', true],
    ['\u{1f600}', true],
  ])('issue 12 defect 6: %j has a visible character: %s', (text, visible) => {
    expect(hasVisibleCharacter(cleanText(text))).toBe(visible);
  });

  it('issue 12 defect 6: cleaning is idempotent and never leaves a refused character where there was none', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        const once = cleanText(text);
        expect(cleanText(once)).toBe(once);
        if (refusedText(text) === undefined) expect(refusedText(once)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('issue 12 defect 6: finds refused text anywhere in a value, keys included, by path', () => {
    const found = refusedTextIn({
      name: 'ok',
      lines: [{ description: 'x\u0000' }],
      policy: { ['k\u202e']: 1 },
      bytes: new Uint8Array([0]),
    });
    expect([...found.keys()]).toEqual(['lines.0.description', 'policy.k\u202e']);
    expect(refusedTextIn('\u001b').get('')).toBeDefined();
  });
});

describe('strict JSON', () => {
  it.each([
    ['{"a":1,"a":2}', 'a'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['{"x":{"b":[1,{"c":1,"d":2,"c":3}]}}', 'x.b.1.c'],
    ['[{"a":1},{"a":2},{"b":"\\"a\\"","b":1}]', '2.b'],
    ['{"a":"{\\"b\\":1,\\"b\\":2}"}', undefined],
    ['{"a":{"a":{"a":1}}}', undefined],
  ])('issue 12 defect 6: %s names the key given twice: %s', (text, field) => {
    const parsed = parseStrictJson(text);
    if (field === undefined) expect(parsed.ok).toBe(true);
    else expect(parsed).toMatchObject({ ok: false, field, reason: { key: 'text.key_twice' } });
  });

  it('issue 12 defect 6: gives what JSON.parse gives when no key is repeated', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(parseStrictJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    [[0x7b, 0xc3, 0x7d], 2],
    [[0xff], 1],
    [[0x61, 0xed, 0xa0, 0x80], 2],
    [[0xc0, 0xaf], 1],
    [[0xe2, 0x82], 1],
    [[0xf4, 0x90, 0x80, 0x80], 1],
    [[0xe0, 0x80, 0x80], 1],
  ])('issue 12 defect 6: bytes %j are not UTF-8 from byte %i', (bytes, at) => {
    expect(invalidUtf8At(new Uint8Array(bytes))).toBe(at);
    const decoded = decodeUtf8(new Uint8Array(bytes));
    expect(decoded.ok).toBe(false);
  });

  it('issue 12 defect 6: every well-formed string encodes to bytes the check accepts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const bytes = new TextEncoder().encode(text);
        expect(invalidUtf8At(bytes)).toBeUndefined();
        expect(decodeUtf8(bytes)).toEqual({ ok: true, text: new TextDecoder().decode(bytes) });
      }),
      { numRuns: 1000 },
    );
  });
});
