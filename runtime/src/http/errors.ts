// The one error shape of the API: { error: { code, message, details } } with a fitting status.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { InvalidCursorError } from '../db/pagination.js';
import { RunError } from '../runner/types.js';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
    /** Extra response headers, e.g. `Allow` on a 405. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found`);

export function errorBody(code: string, message: string, details: unknown[] = []) {
  return { error: { code, message, details } };
}

/** Unknown routes answer JSON like every other error. */
export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

/** Errors thrown by express.json()/express.raw() (body-parser) carry a `type`. */
interface BodyParserError {
  type: string;
  message: string;
  limit?: number;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && typeof (err as { type?: unknown }).type === 'string'
    && typeof (err as { status?: unknown }).status === 'number';
}

const runErrorStatus = { not_found: 404, invalid: 400, conflict: 409 } as const;

/** Maps what can go wrong to an HttpError; null for the unexpected (a generic 500). */
export function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof RunError) return new HttpError(runErrorStatus[err.code], err.code, err.message);
  if (err instanceof InvalidCursorError) {
    return new HttpError(400, 'invalid_request', err.message, [{ field: 'cursor', message: err.message }]);
  }
  if (!isBodyParserError(err)) return null;
  switch (err.type) {
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_json', `the request body is not valid JSON: ${err.message}`);
    case 'entity.too.large':
      return new HttpError(413, 'payload_too_large', `the request body is larger than the limit of ${err.limit} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_media_type', err.message);
    case 'request.aborted':
      return new HttpError(400, 'request_aborted', 'the request was aborted by the client');
    default:
      return null;
  }
}

export const internalError = () => new HttpError(500, 'internal_error', 'something went wrong on the server; the error was logged');

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = toHttpError(err);
    if (!known) {
      // The stack goes to the log only; the client learns nothing about the internals.
      log.error({ err, method: req.method, path: req.path }, 'unexpected error while handling a request');
    }
    const error = known ?? internalError();
    res.set(error.headers).status(error.status).json(errorBody(error.code, error.message, error.details));
  };
}
