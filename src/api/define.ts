/**
 * How a route is declared: its method, path, who may call it, and the zod
 * schemas of its path, query, body and answers. One declaration feeds both the
 * OpenAPI document and the request validation, so the two cannot drift apart.
 */
import type { Context, Hono } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { type Failure, type Result, fail, invalid } from '../core/result.js';
import type { AppContext, Role } from '../app/context.js';
import type { Business } from '../core/parties.js';
import type { UserView } from '../app/accounts.js';
import { type Permission, PERMISSIONS, isAllowed } from '../app/permissions.js';
import { type ApiEnv, type Caller, resolveBusiness, resolveCaller } from './auth.js';
import { errorResponse } from './http-errors.js';
import { zodErrorFields } from '../app/validate.js';
import { IDEMPOTENCY_KEY_LENGTH_MAX } from '../app/command.js';
import { type Text, t } from '../core/i18n/catalogue.js';
import { decodeUtf8, parseStrictJson, refusedTextIn } from '../core/text.js';

export type Access =
  /** Anyone: sign-up, sign-in, health. */
  | { kind: 'public' }
  /** A signed-in person (session cookie), no business needed. */
  | { kind: 'person' }
  /** A business's token or member, with the permission the route needs. */
  | { kind: 'business'; permission: Permission };

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: `/customers/{id}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** A body that is not JSON (an uploaded file): handed to the handler as bytes in `body`. */
  readonly rawBody?: { readonly contentTypes: readonly string[]; readonly description: string };
  /** The success status and the schema of its body (JSON unless `contentType` names another: a file). */
  readonly success: { status: 200 | 201; schema: z.ZodType; description: string; contentType?: string };
  /** The error codes this route answers with besides the common ones. */
  readonly errors?: readonly Failure['code'][];
}

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly idempotencyKey: string | undefined;
  /** The app context acting as the caller. */
  readonly app: AppContext;
  readonly caller: Caller;
  /** Set for `business` routes. */
  readonly business: Business;
  readonly role: Role;
  /** Set for `person` routes. */
  readonly user: UserView;
  readonly hono: Context<ApiEnv>;
}

export type RouteHandler<P, Q, B> = (input: RouteInput<P, Q, B>) => Promise<Result<unknown> | Response>;

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi('Error');

const ERROR_STATUS: Record<string, { status: number; description: string }> = {
  validation_failed: { status: 400, description: 'Input malformed or out of range; details.fields names each field' },
  unauthenticated: { status: 401, description: 'No or bad credentials' },
  forbidden: { status: 403, description: 'The role lacks the right, or the CSRF token is missing' },
  not_found: { status: 404, description: 'No such object in this business' },
  idempotency_conflict: { status: 409, description: 'Idempotency-Key reused with a different request' },
  payload_too_large: { status: 413, description: 'Request body over the limit' },
  unsupported_media_type: { status: 415, description: 'The body is not application/json' },
  rate_limited: { status: 429, description: 'Too many attempts' },
  service_unavailable: {
    status: 503,
    description: 'The database cannot be reached for a moment; Retry-After says when to try again',
  },
};

function toHonoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

const idempotencyHeader = z.string().min(1).max(IDEMPOTENCY_KEY_LENGTH_MAX).optional().openapi({
  description: 'Repeating a request with the same key returns the first answer; a different request is idempotency_conflict',
});

/** Registers the route in the OpenAPI document and in the router. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  app: Hono<ApiEnv>,
  registry: OpenAPIHono['openAPIRegistry'],
  spec: RouteSpec<P, Q, B>,
  handler: RouteHandler<z.output<P>, z.output<Q>, z.output<B>>,
): void {
  const isUnsafe = spec.method !== 'get';
  // Every route reads or writes the database, which may be unavailable for a moment.
  const errorCodes = new Set<string>(['validation_failed', ...(spec.errors ?? []), 'service_unavailable']);
  if (spec.access.kind !== 'public') ['unauthenticated', 'forbidden', 'not_found'].forEach((code) => errorCodes.add(code));
  if (isUnsafe) ['idempotency_conflict', 'payload_too_large', 'unsupported_media_type'].forEach((code) => errorCodes.add(code));
  const roles = spec.access.kind === 'business' ? PERMISSIONS[spec.access.permission].join(', ') : undefined;
  registry.registerPath({
    method: spec.method,
    path: `/api/v1${spec.path}`,
    operationId: spec.operationId,
    summary: spec.summary,
    tags: [spec.tag],
    ...(roles ? { description: `Roles: ${roles}.` } : {}),
    security:
      spec.access.kind === 'public' ? [] : spec.access.kind === 'person' ? [{ session: [] }] : [{ bearer: [] }, { session: [] }],
    request: {
      ...(spec.params ? { params: spec.params as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      ...(isUnsafe ? { headers: z.object({ 'Idempotency-Key': idempotencyHeader }) } : {}),
      ...(spec.body ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
      ...(spec.rawBody
        ? {
            body: {
              required: true,
              description: spec.rawBody.description,
              content: Object.fromEntries(spec.rawBody.contentTypes.map((type) => [type, { schema: z.string() }])),
            },
          }
        : {}),
    },
    responses: {
      [spec.success.status]: {
        description: spec.success.description,
        content: { [spec.success.contentType ?? 'application/json']: { schema: spec.success.schema } },
      },
      ...Object.fromEntries(
        [...errorCodes].map((code) => {
          const known = ERROR_STATUS[code] ?? { status: 422, description: code };
          return [known.status, { description: known.description, content: { 'application/json': { schema: ErrorSchema } } }];
        }),
      ),
    },
  });

  app.on(spec.method.toUpperCase(), `/api/v1${toHonoPath(spec.path)}`, async (c) => {
    const caller = await resolveCaller(c, spec.access.kind !== 'public');
    if (!caller.ok) return errorResponse(c, caller);
    let business: Business | undefined;
    let role: Role | undefined;
    if (spec.access.kind === 'person' && caller.value.kind !== 'session')
      return errorResponse(c, fail('forbidden', t('forbidden.person_only')));
    if (spec.access.kind === 'business') {
      const chosen = await resolveBusiness(c, caller.value);
      if (!chosen.ok) return errorResponse(c, chosen);
      ({ business, role } = chosen.value);
      c.set('business', business);
      if (!isAllowed(role, spec.access.permission))
        return errorResponse(
          c,
          fail('forbidden', t('forbidden.role', { role, permission: spec.access.permission }), {
            role,
            permission: spec.access.permission,
          }),
        );
    }
    const idempotencyKey = c.req.header('idempotency-key');
    if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > IDEMPOTENCY_KEY_LENGTH_MAX))
      return errorResponse(c, invalid({ 'Idempotency-Key': t('field.key_length', { max: IDEMPOTENCY_KEY_LENGTH_MAX }) }));
    const input = await parseRequest(c, spec);
    if (!input.ok) return errorResponse(c, input);
    const app: AppContext = {
      ...c.get('deps').app,
      actor: caller.value.actorFor(role ?? 'viewer'),
    };
    const result = await handler({
      ...input.value,
      idempotencyKey: isUnsafe ? idempotencyKey : undefined,
      app,
      caller: caller.value,
      business: business as Business,
      role: role as Role,
      user: (caller.value.kind === 'session' ? caller.value.user : undefined) as UserView,
      hono: c,
    });
    if (result instanceof Response) return result;
    if (!result.ok) return errorResponse(c, result);
    return c.json(result.value as object, spec.success.status);
  });
}

async function parseRequest<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  c: Context<ApiEnv>,
  spec: RouteSpec<P, Q, B>,
): Promise<Result<{ params: z.output<P>; query: z.output<Q>; body: z.output<B> }>> {
  // Named by the request: nothing may be read from Object.prototype (`constructor`, `__proto__`).
  const fields: Record<string, Text> = Object.create(null) as Record<string, Text>;
  let hasFailed = false;
  const parse = (schema: z.ZodType | undefined, value: unknown, unknownName = t('field.unknown')) => {
    if (!schema) return undefined;
    const parsed = schema.safeParse(value, { reportInput: true });
    if (parsed.success) return parsed.data;
    hasFailed = true;
    for (const [field, reason] of Object.entries(zodErrorFields(parsed.error, 'body')))
      fields[field] = reason.key === 'field.unknown' ? unknownName : reason;
    return undefined;
  };
  const paramValues = c.req.param() as Record<string, string>;
  // Each query parameter once: a second value would otherwise be dropped silently.
  const queryValues: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) fields[name] = t('http.query_twice');
    queryValues[name] = values[0] ?? '';
  }
  let body: unknown;
  if (spec.rawBody) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!spec.rawBody.contentTypes.includes(type))
      return fail('unsupported_media_type', t('http.content_type', { expected: spec.rawBody.contentTypes, got: type }), {
        contentType: type || null,
      });
    body = new Uint8Array(await c.req.arrayBuffer());
  } else if (spec.body) {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type))
      return fail('unsupported_media_type', t('http.content_type', { expected: ['application/json'], got: type }), {
        contentType: type || null,
      });
    // Strictly: UTF-8 only (never U+FFFD in place of bad bytes), each key once (never the last winning).
    const text = decodeUtf8(new Uint8Array(await c.req.arrayBuffer()));
    if (!text.ok) return invalid({ body: text.reason });
    const json = parseStrictJson(text.text);
    if (!json.ok) return invalid({ [json.field]: json.reason });
    body = json.value;
  }
  // The text rule on every string the request carries, before any schema (core/text.ts).
  for (const [field, reason] of [...refusedTextIn(paramValues), ...refusedTextIn(queryValues), ...refusedTextIn(body)])
    fields[field] = reason;
  if (Object.keys(fields).length > 0) return invalid(fields);
  const params = parse(spec.params, paramValues);
  const query = parse(spec.query, queryValues, t('http.unknown_query'));
  // A route without query parameters names any it is given, as a body names unknown fields.
  if (!spec.query) for (const name of Object.keys(queryValues)) fields[name] = t('http.unknown_query');
  if (spec.body) body = parse(spec.body, body);
  if (hasFailed && Object.keys(fields).length === 0) fields.request = t('field.invalid');
  if (Object.keys(fields).length > 0) return invalid(fields);
  return { ok: true, value: { params, query, body } as never };
}
