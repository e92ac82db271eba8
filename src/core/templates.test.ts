import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { render } from './i18n/catalogue.js';
import {
  TEMPLATE_BODY_MAX,
  TEMPLATE_PURPOSES,
  TEMPLATE_VARIABLES,
  type TemplateValues,
  parseTemplate,
  renderSource,
  renderTemplate,
  templateErrors,
} from './templates.js';
import { defaultTemplate } from './messages.js';

const en = (errors: Record<string, { key: string; params?: unknown }>) =>
  Object.fromEntries(Object.entries(errors).map(([field, text]) => [field, render(text, { language: 'en' })]));

describe('message templates: the engine', () => {
  it('issue 13 part 4: variables, a condition with else and a list render to plain text', () => {
    const parsed = parseTemplate(
      'Halo {{ customer_name }},\n{{#each items}}\n- {{item}}: {{amount}}\n{{/each}}\n{{#if late_fee}}\n{{late_fee}}\n{{else}}\nTanpa denda.\n{{/if}}\nTerima kasih.',
    );
    if (!parsed.ok) throw new Error('does not parse');
    const values: TemplateValues = {
      customer_name: 'Siti',
      items: [
        { item: 'INV-1', amount: 'Rp 10.000' },
        { item: 'INV-2', amount: 'Rp 20.000' },
      ],
      late_fee: '',
    };
    expect(renderTemplate(parsed.template, values)).toBe(
      'Halo Siti,\n- INV-1: Rp 10.000\n- INV-2: Rp 20.000\nTanpa denda.\nTerima kasih.',
    );
    expect(renderTemplate(parsed.template, { ...values, late_fee: 'Denda 2%.' })).toContain('\nDenda 2%.\nTerima kasih.');
  });

  it.each([
    [
      'reminder_friendly',
      'Halo {{nama}}',
      'body',
      /unknown variable \{\{nama\}\} at line 1, column 6; this message may use: customer_name/,
    ],
    ['receipt', 'ok\n  {{amount_due}}', 'body', /unknown variable \{\{amount_due\}\} at line 2, column 3/],
    [
      'receipt',
      '{{#if paid_in_full}}lunas',
      'body',
      /\{\{#if paid_in_full\}\} at line 1, column 1 is never closed with \{\{\/if\}\}/,
    ],
    ['receipt', 'lunas {{/if}}', 'body', /\{\{\/if\}\} at line 1, column 7 closes no block/],
    ['receipt', 'Halo {{customer_name}', 'body', /at line 1, column 6 is not closed with \}\}/],
    ['receipt', 'Halo {{constructor.name}}', 'body', /\{\{constructor\.name\}\} at line 1, column 6 is not a variable/],
    ['receipt', '{{paid_in_full}}', 'body', /is a condition/],
    ['reminder_firm', '{{items}}', 'body', /is a list: write \{\{#each items\}\}/],
    ['reminder_firm', '{{#each customer_name}}x{{/each}}', 'body', /customer_name is not a list/],
    ['reminder_firm', '{{item}}', 'body', /unknown variable \{\{item\}\}/],
    ['reminder_firm', '   ', 'body', /must not be empty/],
    ['reminder_firm', 'x'.repeat(TEMPLATE_BODY_MAX + 1), 'body', /4,001 characters; at most 4,000/],
  ] as const)('issue 13 part 4: %s template %j is refused with the reason and position', (purpose, body, field, reason) => {
    const errors = en(templateErrors(purpose, body, null));
    expect(errors[field]).toMatch(reason);
  });

  it('issue 13 part 4: a subject is one line, with the same variables', () => {
    expect(en(templateErrors('receipt', 'ok', 'Terima kasih\n{{payment_amount}}')).subject).toBe('the subject is one line');
    expect(en(templateErrors('receipt', 'ok', 'Tanda terima {{nominal}}')).subject).toMatch(/unknown variable \{\{nominal\}\}/);
    expect(templateErrors('receipt', 'ok', 'Tanda terima {{payment_amount}}')).toEqual({});
  });

  it('issue 13 part 4: the refusal reads in Indonesian too', () => {
    const errors = templateErrors('receipt', 'Halo {{nama}}', null);
    expect(render(errors.body as never, { language: 'id' })).toMatch(
      /^variabel \{\{nama\}\} di baris 1, kolom 6 tidak dikenal; pesan ini dapat memakai: customer_name/,
    );
  });

  it('issue 13 part 4: every default template is accepted for its purpose in both languages', () => {
    for (const purpose of TEMPLATE_PURPOSES)
      for (const locale of ['id', 'en'] as const) {
        const template = defaultTemplate(purpose, locale);
        expect(templateErrors(purpose, template.body, template.subject), `${purpose}/${locale}`).toEqual({});
      }
  });

  it('issue 13 part 4: HTML escapes every character it writes and breaks lines', () => {
    const html = renderSource(
      '<b>{{customer_name}}</b>\n{{business_name}}',
      {
        customer_name: '<script>alert("x")</script>',
        business_name: "Toko & Warung 'Sari'",
      },
      'html',
    );
    expect(html).toBe(
      '&lt;b&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;/b&gt;<br>\nToko &amp; Warung &#39;Sari&#39;',
    );
  });

  it('issue 13 part 4: no property of the prototype is reachable', () => {
    const values = JSON.parse('{"__proto__": {"customer_name": "polluted"}}') as TemplateValues;
    expect(renderSource('[{{customer_name}}][{{constructor}}][{{to_string}}]', values)).toBe('[][][]');
    expect(renderSource('{{#each items}}[{{constructor}}]{{/each}}', { items: [{}] as never })).toBe('[]');
  });
});

/** Any value at all where a template expects text, a flag or a list. */
const anyValues = fc.dictionary(
  fc.constantFrom('customer_name', 'business_name', 'items', 'late_fee', 'paid_in_full', 'balance', 'how_to_pay', 'amount_due'),
  fc.oneof(
    fc.anything(),
    fc.string(),
    fc.array(fc.dictionary(fc.constantFrom('item', 'amount', 'due_date', 'when'), fc.oneof(fc.string(), fc.anything()))),
  ),
);

const ALL_PURPOSE_TEMPLATES = TEMPLATE_PURPOSES.flatMap((purpose) =>
  (['id', 'en'] as const).map((locale) => defaultTemplate(purpose, locale).body),
);

describe('message templates: properties', () => {
  it('issue 13 part 4: rendering never throws, whatever the values and whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...ALL_PURPOSE_TEMPLATES),
          fc.string(),
          fc.stringMatching(/^(\{\{[#/]?[a-z_ ]{0,12}\}\}|[a-z\n ]{0,5}){0,12}$/),
        ),
        anyValues,
        fc.constantFrom('text' as const, 'html' as const),
        (source, values, mode) => {
          expect(typeof renderSource(source, values as TemplateValues, mode)).toBe('string');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('issue 13 part 4: HTML output never carries an unescaped < from a value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_PURPOSE_TEMPLATES), anyValues, (source, values) => {
        const html = renderSource(source, values as TemplateValues, 'html');
        expect(html.replace(/<br>/g, '')).not.toMatch(/[<>]/);
      }),
      { numRuns: 500 },
    );
  });

  it('issue 13 part 4: a variable a purpose does not declare is always refused, naming it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TEMPLATE_PURPOSES),
        fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/),
        fc.string({ maxLength: 40 }).filter((s) => !/[{}]/.test(s)),
        fc.constantFrom('var', 'if', 'each'),
        (purpose, name, around, use) => {
          fc.pre(!Object.hasOwn(TEMPLATE_VARIABLES[purpose], name) && name !== 'else');
          const tag = use === 'var' ? `{{${name}}}` : `{{#${use} ${name}}}x{{/${use}}}`;
          const errors = en(templateErrors(purpose, `${around}${tag}${around}`, null));
          expect(errors.body).toContain(`{{${name}}}`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
