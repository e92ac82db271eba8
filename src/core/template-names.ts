/**
 * The names of message templates and of their variables (core/templates.ts declares which
 * purpose has which); apart so the catalogue can name them without importing the engine.
 */
export const TEMPLATE_PURPOSES = [
  'reminder_friendly',
  'reminder_firm',
  'reminder_final',
  'receipt',
  'promise_confirmation',
  'plan_confirmation',
  'dispute_received',
  'statement',
  'invoice',
] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

/** Every variable and list field name any purpose declares (the catalogue describes each). */
export type TemplateVariableName =
  | 'customer_name'
  | 'greeting'
  | 'business_name'
  | 'today'
  | 'how_to_pay'
  | 'amount_due'
  | 'items'
  | 'late_fee'
  | 'item'
  | 'amount'
  | 'due_date'
  | 'when'
  | 'payment_amount'
  | 'payment_date'
  | 'payment_reference'
  | 'balance'
  | 'paid_in_full'
  | 'credit'
  | 'promise_amount'
  | 'promise_date'
  | 'plan_total'
  | 'instalments'
  | 'number'
  | 'invoice_number'
  | 'dispute_reason'
  | 'period_start'
  | 'period_end'
  | 'invoice_date'
  | 'invoice_total'
  | 'reference';
