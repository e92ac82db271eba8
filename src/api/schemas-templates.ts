/** The shapes of the message template routes (decision 0019). */
import { z } from '@hono/zod-openapi';
import { TEMPLATE_PURPOSES } from '../core/templates.js';

export const TemplatePathParams = z
  .object({
    purpose: z.string().openapi({
      param: { name: 'purpose', in: 'path' },
      example: 'reminder_friendly',
      description: TEMPLATE_PURPOSES.join(', '),
    }),
    lang: z.string().openapi({ param: { name: 'lang', in: 'path' }, example: 'id', description: 'id or en' }),
  })
  .strict();

export const TemplatePreviewQuery = z
  .object({
    customer: z
      .string()
      .optional()
      .openapi({ description: 'the customer of the preview (id, ref or name); default: the one with the most overdue' }),
  })
  .strict();

export const TemplateUpdate = z
  .object({
    body: z.string().openapi({ description: 'the text, with {{variables}}, {{#if}}…{{else}}…{{/if}} and {{#each}}…{{/each}}' }),
    subject: z.string().nullable().optional().openapi({ description: 'the email subject; null or absent: the default subject' }),
  })
  .strict()
  .openapi('TemplateUpdate');

const purpose = z.enum(TEMPLATE_PURPOSES);
const lang = z.enum(['id', 'en']);

export const TemplateSummary = z
  .object({
    purpose,
    lang,
    isDefault: z.boolean(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .openapi('TemplateSummary');

export const TemplateList = z.object({ templates: z.array(TemplateSummary) }).openapi('TemplateList');

export const Template = TemplateSummary.extend({
  subject: z.string(),
  body: z.string(),
  variables: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['text', 'flag', 'list']),
      fields: z.array(z.string()).optional(),
      description: z.object({ id: z.string(), en: z.string() }),
    }),
  ),
  preview: z
    .object({
      customer: z.object({ name: z.string(), ref: z.string().nullable() }),
      subject: z.string(),
      body: z.string(),
      html: z.string(),
    })
    .nullable(),
}).openapi('Template');
