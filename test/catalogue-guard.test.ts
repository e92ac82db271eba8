/**
 * Issue 11 defect 13: every sentence a person reads comes from the catalogue (src/core/i18n).
 * This scans src/ with the TypeScript compiler for words written in code where a person will
 * read them: text handed to fail/invalid, a field's reason, a line printed by the CLI or the PDF,
 * an import problem's reason. Each hit names its file and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', 'src');

/** Files whose printed lines and import reasons are not yet in the catalogue (none left; list any new one here only for a reason). */
const PENDING = new Set<string>([]);

/**
 * Text that is data, not a message: demo records (a customer's note as a person would write it)
 * or what machines read (health probes, a detail value).
 */
const STORED: readonly (readonly [file: string, text: string])[] = [
  ['api/app.ts', 'shutting down'],
  ['api/app.ts', 'database unavailable'],
  ['api/auth.ts', 'missing or wrong'],
  ['app/demo.ts', 'Salah harga'],
  ['app/demo.ts', 'Pelanggan pindah kota'],
  ['app/commitments.ts', '(reported payment ${pending.id})'],
];
const isStored = (hit: string) => STORED.some(([file, text]) => hit.startsWith(`${file}:`) && hit.includes(text));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full.endsWith(path.join('core', 'i18n')) ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** A string or template literal with a word in it (not a code, a key or a bare value). */
function isWords(node: ts.Node): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return /[a-z]{2,}\s+[a-z]{2,}/i.test(node.text);
  if (ts.isTemplateExpression(node))
    return /[a-z]{2,}\s+[a-z]{2,}/i.test([node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' '));
  return false;
}

/** Any word at all (a printed line or a table header, where one word is already text for people). */
function hasWord(node: ts.Node): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return /[a-z]{3,}/i.test(node.text);
  if (ts.isTemplateExpression(node))
    return /[a-z]{3,}/i.test([node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' '));
  return false;
}

const calleeName = (call: ts.CallExpression) => call.expression.getText();
const PRINTERS = /^(io\.(out|err)|doc\.text|console\.(log|error)|process\.(stdout|stderr)\.write)$/;

/** Places where a person reads text written in code, as `file:line: what`. */
function hardCodedTexts(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const hits: string[] = [];
  const hit = (node: ts.Node, what: string) =>
    hits.push(
      `${path.relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}: ${node.getText().slice(0, 80)}`,
    );
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name === 'fail' && node.arguments[1] && isWords(node.arguments[1])) hit(node, 'message written in code');
      if (name === 'invalid' || name === 'fail')
        for (const arg of node.arguments)
          if (ts.isObjectLiteralExpression(arg))
            for (const property of arg.properties)
              if (ts.isPropertyAssignment(property) && isWords(property.initializer))
                hit(property, 'field reason written in code');
      if (PRINTERS.test(name) && node.arguments.some(hasWord)) hit(node, 'printed text written in code');
      const headers = node.arguments[0];
      if (name === 'table' && headers && ts.isArrayLiteralExpression(headers) && headers.elements.some(hasWord))
        hit(node, 'table header written in code');
      if (/\.push$/.test(name) && /reasons|problems/.test(name) && node.arguments.some(isWords))
        hit(node, 'reason written in code');
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isWords(node.right)) {
      const target = node.left.getText();
      if (/^errors(\.|\[)/.test(target)) hit(node, 'field reason written in code');
    }
    if (ts.isPropertyAssignment(node) && /^(reason|message)$/.test(node.name.getText()) && isWords(node.initializer)) {
      const inThrow = ts.findAncestor(node, ts.isThrowStatement);
      if (!inThrow) hit(node, `${node.name.getText()} written in code`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return hits;
}

describe('the catalogue holds every sentence a person reads', () => {
  const files = sourceFiles(SRC);

  it('issue 11 defect 13: no user-facing text is written outside the catalogue', () => {
    const hits = files
      .filter((file) => !PENDING.has(path.relative(SRC, file)))
      .flatMap(hardCodedTexts)
      .filter((hit) => !isStored(hit));
    expect(hits).toEqual([]);
  });

  it('lists as pending only files that still hold such text (shrink the list as they move)', () => {
    const stillPending = [...PENDING].filter((file) => hardCodedTexts(path.join(SRC, file)).length > 0);
    expect(stillPending).toEqual([...PENDING]);
  });

  it('finds the text it is meant to find', () => {
    const probe = path.join(SRC, '..', 'test', 'fixtures', 'catalogue-probe.ts.txt');
    const hits = hardCodedTexts(probe);
    expect(hits.map((line) => line.replace(/^.*?:(\d+):/, '$1:').replace(/(in code): .*$/, '$1'))).toEqual([
      '1: message written in code',
      '2: field reason written in code',
      '3: field reason written in code',
      '4: printed text written in code',
      '5: reason written in code',
      '9: printed text written in code',
      '10: table header written in code',
    ]);
  });
});
