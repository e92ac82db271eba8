/**
 * Message templates: the words of each message a customer receives, per purpose and language,
 * which the owner may rewrite (decision 0019). A template is plain text with variables
 * `{{customer_name}}`, a condition `{{#if late_fee}}…{{else}}…{{/if}}` and a list
 * `{{#each items}}…{{/each}}`; nothing else. Rendering looks up only the variables declared for
 * the purpose (own properties of plain data, never the prototype), runs no code, and in HTML
 * escapes everything it writes. A template is checked when saved: an unknown variable, a block
 * left open, a tag it does not know, a text over the bound are refused with the position.
 */
import { type Text, t } from './i18n/catalogue.js';
import { TEMPLATE_PURPOSES, type TemplatePurpose, type TemplateVariableName } from './template-names.js';

export { TEMPLATE_PURPOSES, type TemplatePurpose, type TemplateVariableName };

export function isTemplatePurpose(value: string): value is TemplatePurpose {
  return (TEMPLATE_PURPOSES as readonly string[]).includes(value);
}

/** A body fits one WhatsApp message (4,096 characters) with room for the link; a subject, one line. */
export const TEMPLATE_BODY_MAX = 4000;
export const TEMPLATE_SUBJECT_MAX = 200;
/** Rows a list renders at most: a message is not a report. */
export const TEMPLATE_LIST_MAX = 200;
/** Blocks inside blocks, at most. */
const NESTING_MAX = 8;

/** `text`: written as it is; `flag`: only tested by `#if`; `list`: rows walked by `#each`, each row's fields text. */
export type VariableSpec =
  { readonly kind: 'text' } | { readonly kind: 'flag' } | { readonly kind: 'list'; readonly fields: readonly string[] };

const text = { kind: 'text' } as const;
const flag = { kind: 'flag' } as const;

/** Every purpose may use these. */
const COMMON = {
  customer_name: text,
  greeting: text,
  business_name: text,
  today: text,
  how_to_pay: text,
} as const satisfies Record<string, VariableSpec>;

const REMINDER = {
  ...COMMON,
  amount_due: text,
  items: { kind: 'list', fields: ['item', 'amount', 'due_date', 'when'] },
  late_fee: text,
} as const satisfies Record<string, VariableSpec>;

/** The variables each purpose may use, the one naming scheme (English names, described in both languages). */
export const TEMPLATE_VARIABLES: Readonly<
  Record<TemplatePurpose, Readonly<Partial<Record<TemplateVariableName, VariableSpec>>>>
> = {
  reminder_friendly: REMINDER,
  reminder_firm: REMINDER,
  reminder_final: REMINDER,
  receipt: {
    ...COMMON,
    payment_amount: text,
    payment_date: text,
    payment_reference: text,
    balance: text,
    paid_in_full: flag,
    credit: text,
  },
  promise_confirmation: { ...COMMON, promise_amount: text, promise_date: text, balance: text },
  plan_confirmation: {
    ...COMMON,
    plan_total: text,
    instalments: { kind: 'list', fields: ['number', 'amount', 'due_date'] },
    balance: text,
  },
  dispute_received: { ...COMMON, invoice_number: text, dispute_reason: text },
  statement: { ...COMMON, period_start: text, period_end: text, balance: text },
  invoice: {
    ...COMMON,
    invoice_number: text,
    invoice_date: text,
    due_date: text,
    invoice_total: text,
    reference: text,
    late_fee: text,
  },
};

/** The values a rendering reads: text, a flag, or a list of rows of text. Anything else is written as nothing. */
export type TemplateValue = string | boolean | readonly Readonly<Record<string, string>>[];
export type TemplateValues = Readonly<Record<string, TemplateValue>>;

interface Position {
  readonly line: number;
  readonly column: number;
}

type Node =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'var'; readonly name: string; readonly at: Position }
  | { readonly type: 'if'; readonly name: string; readonly at: Position; readonly then: Node[]; readonly otherwise: Node[] }
  | { readonly type: 'each'; readonly name: string; readonly at: Position; readonly body: Node[] };

/** A template parsed: what rendering walks. */
export interface Template {
  readonly nodes: readonly Node[];
}

export type Parsed = { readonly ok: true; readonly template: Template } | { readonly ok: false; readonly reason: Text };

type Token =
  | { kind: 'text'; value: string }
  | { kind: 'var'; name: string; at: Position }
  | { kind: 'open'; block: 'if' | 'each'; name: string; at: Position }
  | { kind: 'else'; at: Position }
  | { kind: 'close'; block: 'if' | 'each'; at: Position };

const NAME = '[a-z][a-z0-9_]{0,39}';
const VAR_TAG = new RegExp(`^${NAME}$`);
const OPEN_TAG = new RegExp(`^#(if|each)\\s+(${NAME})$`);
const CLOSE_TAG = /^\/(if|each)$/;

function positionOf(source: string, index: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++)
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  return { line, column: index - lineStart + 1 };
}

function tokenize(source: string): { ok: true; tokens: Token[] } | { ok: false; reason: Text } {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf('{{', index);
    if (open < 0) {
      tokens.push({ kind: 'text', value: source.slice(index) });
      break;
    }
    if (open > index) tokens.push({ kind: 'text', value: source.slice(index, open) });
    const at = positionOf(source, open);
    const close = source.indexOf('}}', open + 2);
    if (close < 0) return { ok: false, reason: t('template.unclosed_tag', at) };
    const inner = source.slice(open + 2, close).trim();
    const opened = OPEN_TAG.exec(inner);
    const closed = CLOSE_TAG.exec(inner);
    if (VAR_TAG.test(inner)) tokens.push(inner === 'else' ? { kind: 'else', at } : { kind: 'var', name: inner, at });
    else if (opened) tokens.push({ kind: 'open', block: opened[1] as 'if' | 'each', name: opened[2] as string, at });
    else if (closed) tokens.push({ kind: 'close', block: closed[1] as 'if' | 'each', at });
    else return { ok: false, reason: t('template.bad_tag', { tag: inner.slice(0, 60), ...at }) };
    index = close + 2;
  }
  trimStandalone(tokens);
  return { ok: true, tokens };
}

/**
 * A block tag alone on its line takes the line with it (as in Mustache), so a template reads as
 * it will be written: `{{#each items}}` on a line of its own leaves no empty line behind.
 */
function trimStandalone(tokens: Token[]): void {
  const isBlock = (token: Token) => token.kind === 'open' || token.kind === 'else' || token.kind === 'close';
  const standalone = tokens.map((token, i) => {
    if (!isBlock(token)) return false;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    const startsLine =
      before === undefined ||
      (before.kind === 'text' && (/\n[ \t]*$/.test(before.value) || (i === 1 && /^[ \t]*$/.test(before.value))));
    const endsLine =
      after === undefined ||
      (after.kind === 'text' && (/^[ \t]*\r?\n/.test(after.value) || (i === tokens.length - 2 && /^[ \t]*$/.test(after.value))));
    return startsLine && endsLine;
  });
  standalone.forEach((yes, i) => {
    if (!yes) return;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if (before?.kind === 'text') before.value = before.value.replace(/[ \t]*$/, '');
    if (after?.kind === 'text') after.value = after.value.replace(/^[ \t]*(\r?\n)?/, '');
  });
}

/** Parses a template's text; the reason names the tag and where it is when it cannot. */
export function parseTemplate(source: string): Parsed {
  const tokenized = tokenize(source);
  if (!tokenized.ok) return tokenized;
  const root: Node[] = [];
  type Frame = { token: Extract<Token, { kind: 'open' }>; then: Node[]; otherwise: Node[]; inElse: boolean };
  const stack: Frame[] = [];
  const target = () => {
    const frame = stack[stack.length - 1];
    return frame ? (frame.inElse ? frame.otherwise : frame.then) : root;
  };
  for (const token of tokenized.tokens) {
    if (token.kind === 'text') {
      if (token.value.length > 0) target().push({ type: 'text', value: token.value });
    } else if (token.kind === 'var') target().push({ type: 'var', name: token.name, at: token.at });
    else if (token.kind === 'open') {
      if (stack.length >= NESTING_MAX) return { ok: false, reason: t('template.too_deep', { max: NESTING_MAX, ...token.at }) };
      stack.push({ token, then: [], otherwise: [], inElse: false });
    } else if (token.kind === 'else') {
      const frame = stack[stack.length - 1];
      if (!frame || frame.token.block !== 'if' || frame.inElse)
        return { ok: false, reason: t('template.unexpected_tag', { tag: 'else', ...token.at }) };
      frame.inElse = true;
    } else {
      const frame = stack.pop();
      if (!frame || frame.token.block !== token.block)
        return { ok: false, reason: t('template.unexpected_tag', { tag: `/${token.block}`, ...token.at }) };
      const { name, at } = frame.token;
      target().push(
        frame.token.block === 'if'
          ? { type: 'if', name, at, then: frame.then, otherwise: frame.otherwise }
          : { type: 'each', name, at, body: frame.then },
      );
    }
  }
  const open = stack[stack.length - 1];
  if (open)
    return {
      ok: false,
      reason: t('template.unclosed_block', { block: open.token.block, name: open.token.name, ...open.token.at }),
    };
  return { ok: true, template: { nodes: root } };
}

/** The first use of a variable the purpose does not declare, or declares as another kind; null when all fit. */
function misuse(
  nodes: readonly Node[],
  variables: Readonly<Record<string, VariableSpec>>,
  fields: readonly string[],
): Text | null {
  const known = Object.keys(variables);
  for (const node of nodes) {
    if (node.type === 'text') continue;
    const inList = fields.includes(node.name);
    const spec = Object.hasOwn(variables, node.name) ? variables[node.name] : undefined;
    if (!inList && !spec) return t('template.unknown_variable', { name: node.name, ...node.at, known: [...fields, ...known] });
    if (node.type === 'var' && !inList && spec && spec.kind !== 'text')
      return t('template.not_text', { name: node.name, kind: spec.kind, ...node.at });
    if (node.type === 'each' && (inList || spec?.kind !== 'list'))
      return t('template.not_a_list', { name: node.name, ...node.at });
    if (node.type === 'if') {
      const inner = misuse(node.then, variables, fields) ?? misuse(node.otherwise, variables, fields);
      if (inner) return inner;
    }
    if (node.type === 'each' && spec?.kind === 'list') {
      const inner = misuse(node.body, variables, spec.fields);
      if (inner) return inner;
    }
  }
  return null;
}

/**
 * Why a template cannot be saved for a purpose, per field (`body`, `subject`), or nothing. The
 * body must not be empty nor over the bound; the subject is one line; both use only the
 * purpose's variables.
 */
export function templateErrors(purpose: TemplatePurpose, body: string, subject: string | null): Record<string, Text> {
  const errors: Record<string, Text> = {};
  const variables = TEMPLATE_VARIABLES[purpose];
  const check = (field: 'body' | 'subject', source: string, max: number) => {
    if (source.trim().length === 0) errors[field] = t('field.not_empty');
    else if (source.length > max) errors[field] = t('template.too_long', { length: source.length, max });
    else if (field === 'subject' && /[\r\n]/.test(source)) errors[field] = t('template.subject_one_line');
    else {
      const parsed = parseTemplate(source);
      const reason = parsed.ok ? misuse(parsed.template.nodes, variables, []) : parsed.reason;
      if (reason) errors[field] = reason;
    }
  };
  check('body', body, TEMPLATE_BODY_MAX);
  if (subject !== null) check('subject', subject, TEMPLATE_SUBJECT_MAX);
  return errors;
}

/** The variables a template's text uses (declared or not), in order of first use. */
export function variablesUsed(source: string): string[] {
  const parsed = parseTemplate(source);
  if (!parsed.ok) return [];
  const names: string[] = [];
  const walk = (nodes: readonly Node[]) => {
    for (const node of nodes) {
      if (node.type === 'text') continue;
      if (!names.includes(node.name)) names.push(node.name);
      if (node.type === 'if') walk([...node.then, ...node.otherwise]);
      if (node.type === 'each') walk(node.body);
    }
  };
  walk(parsed.template.nodes);
  return names;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] as string);
}

/** A value as text: a string as it is; anything else (a flag, a list, a wrong type) is nothing. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isTrue(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.length > 0;
  return false;
}

/** An own property of plain data, never the prototype's. */
function own(scope: unknown, name: string): unknown {
  return typeof scope === 'object' && scope !== null && Object.hasOwn(scope, name)
    ? (scope as Record<string, unknown>)[name]
    : undefined;
}

export type RenderMode = 'text' | 'html';

/**
 * Writes a template with values: as plain text (WhatsApp, SMS, the email's text part) or as
 * HTML (the email's HTML part: every character escaped, lines broken with `<br>`). Never throws:
 * a missing or mistyped value is written as nothing.
 */
export function renderTemplate(template: Template, values: TemplateValues, mode: RenderMode = 'text'): string {
  const out: string[] = [];
  const write = (value: string) => out.push(mode === 'html' ? textToHtml(value) : value);
  const lookup = (scopes: readonly unknown[], name: string): unknown => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const value = own(scopes[i], name);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const walk = (nodes: readonly Node[], scopes: readonly unknown[]) => {
    for (const node of nodes) {
      if (node.type === 'text') write(node.value);
      else if (node.type === 'var') write(asText(lookup(scopes, node.name)));
      else if (node.type === 'if') walk(isTrue(lookup(scopes, node.name)) ? node.then : node.otherwise, scopes);
      else {
        const rows = lookup(scopes, node.name);
        if (!Array.isArray(rows)) continue;
        for (const row of rows.slice(0, TEMPLATE_LIST_MAX)) walk(node.body, [...scopes, row]);
      }
    }
  };
  walk(template.nodes, [values]);
  return out.join('').replace(/\s+$/, '');
}

/**
 * The HTML of a plain-text message: every character escaped, lines broken with `<br>`. Equal to
 * rendering the template in `html` mode, since a template is plain text; an email channel can
 * write its HTML part from the stored text body with it.
 */
export function textToHtml(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>\n');
}

/** Texts parsed lately (a run writes thousands of messages from a few templates); parsing is pure, so this only saves time. */
const PARSED = new Map<string, Parsed>();
const PARSED_MAX = 64;

function parsedOnce(source: string): Parsed {
  const known = PARSED.get(source);
  if (known) return known;
  if (PARSED.size >= PARSED_MAX) PARSED.clear();
  const parsed = parseTemplate(source);
  PARSED.set(source, parsed);
  return parsed;
}

/** Parses and renders text; a text that does not parse (never saved so) is written as it is. */
export function renderSource(source: string, values: TemplateValues, mode: RenderMode = 'text'): string {
  const parsed = parsedOnce(source);
  if (parsed.ok) return renderTemplate(parsed.template, values, mode);
  return mode === 'html' ? textToHtml(source) : source;
}
