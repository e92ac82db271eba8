/** Failures as HTTP answers: the status from the one code table, the body `{ error: { code, message, details } }`. */
import type { Context } from 'hono';
import { ERROR_CODES, type Failure } from '../core/result.js';

export function errorBody(failure: Failure) {
  return { error: { code: failure.code, message: failure.message, details: failure.details } };
}

export function errorResponse(c: Context, failure: Failure): Response {
  return c.json(errorBody(failure), ERROR_CODES[failure.code].httpStatus as 400);
}
