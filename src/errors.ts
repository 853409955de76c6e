// Errors the client throws, and the classification of what went wrong into them (a status, a failed
// fetch, a failed body read). None of them holds the request, its headers or the API key: an error
// may be logged, serialised or shown to a user, so it carries only what is safe to print.

import { errorMessagePointer } from './facts.js';
import { at } from './pointer.js';
import { parseRetryAfter } from './retry-after.js';

/** Where a failed call went: enough to find it in logs, nothing secret. */
export interface RequestTarget {
  method: string;
  /** The URL path (and query) called, e.g. `/v1/mailboxes/cm4q...`. */
  path: string;
}

/** The target of a request; the path (URL parsing) only when a message or a log line reads it. */
export function targetOf(request: Request): RequestTarget {
  return {
    method: request.method,
    get path() {
      return pathOf(request.url);
    },
  };
}

/** The path and query of a URL (the URL as given when it is not one). */
export function pathOf(url: string): string {
  try {
    const { pathname, search } = new URL(url);
    return pathname + search;
  } catch {
    return url;
  }
}

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'cf-ray'];

/** The request id a response carries, if any: quote it to LiteMail support. */
export function requestIdOf(response: Response): string | undefined {
  return REQUEST_ID_HEADERS.map((h) => response.headers.get(h)).find((v) => v != null) ?? undefined;
}

/** Base class of every error this client throws. */
export class LiteMailError extends Error {
  override name = 'LiteMailError';
}

/** The API answered with a non-2xx status. Subclasses narrow `status` (e.g. {@link RateLimitError}). */
export class LiteMailApiError<Status extends number = number> extends LiteMailError {
  override name = 'LiteMailApiError';
  declare readonly status: Status;
  /** LiteMail's `message`, or the HTTP status text when the body has none. */
  declare readonly apiMessage: string;
  /** The parsed JSON body, or the raw text when it is not JSON (e.g. an HTML 502 page). */
  declare readonly body: unknown;
  /** The request id header of the response, when present. */
  declare readonly requestId: string | undefined;
  declare readonly method: string;
  declare readonly path: string;
  /** Seconds the server asked to wait (`Retry-After`), when given. */
  declare readonly retryAfter: number | undefined;

  constructor(init: {
    status: Status;
    apiMessage: string;
    body: unknown;
    requestId?: string | undefined;
    retryAfter?: number | undefined;
    target: RequestTarget;
  }) {
    super(`${init.target.method} ${init.target.path} failed with ${init.status}: ${init.apiMessage}`);
    this.status = init.status;
    this.apiMessage = init.apiMessage;
    this.body = init.body;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.method = init.target.method;
    this.path = init.target.path;
  }

  toJSON() {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      apiMessage: this.apiMessage,
      body: this.body,
      requestId: this.requestId,
      method: this.method,
      path: this.path,
    };
  }
}

export class BadRequestError extends LiteMailApiError<400> {
  override name = 'BadRequestError';
}
export class AuthenticationError extends LiteMailApiError<401> {
  override name = 'AuthenticationError';
}
export class PermissionDeniedError extends LiteMailApiError<403> {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends LiteMailApiError<404> {
  override name = 'NotFoundError';
}
export class ConflictError extends LiteMailApiError<409> {
  override name = 'ConflictError';
}
export class RateLimitError extends LiteMailApiError<429> {
  override name = 'RateLimitError';
}
/** Any 5xx. */
export class InternalServerError extends LiteMailApiError<number> {
  override name = 'InternalServerError';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each class narrows `status` itself
const byStatus: Record<number, new (init: any) => LiteMailApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

/**
 * The error for a non-2xx response whose body openapi-fetch parsed into `body`: the most specific
 * class for its status, LiteMail's message (where the spec says it is), the request id, Retry-After.
 */
export function apiErrorOf(response: Response, body: unknown, target: RequestTarget): LiteMailApiError {
  const message = at(body, errorMessagePointer);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const ErrorClass = byStatus[response.status] ?? (response.status >= 500 ? InternalServerError : LiteMailApiError);
  return new ErrorClass({
    status: response.status,
    apiMessage: typeof message === 'string' && message ? message : `HTTP ${response.status} ${response.statusText}`.trim(),
    body: body === '' ? undefined : body,
    requestId: requestIdOf(response),
    retryAfter: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
    target,
  });
}

/** A successful response whose body is not the JSON it should be. `cause` is the parser's error. */
export class LiteMailParseError extends LiteMailError {
  override name = 'LiteMailParseError';
  declare readonly status: number;
  declare readonly requestId: string | undefined;
  declare readonly method: string;
  declare readonly path: string;

  constructor(status: number, requestId: string | undefined, target: RequestTarget, options?: { cause?: unknown }) {
    super(`${target.method} ${target.path} answered ${status} with a body that is not valid JSON`, options);
    this.status = status;
    this.requestId = requestId;
    this.method = target.method;
    this.path = target.path;
  }
}

/** The request never got an HTTP answer (DNS, refused or reset connection, …). `cause` has the details. */
export class LiteMailConnectionError extends LiteMailError {
  override name = 'LiteMailConnectionError';
  declare readonly method: string;
  declare readonly path: string;

  constructor(message: string, target: RequestTarget, options?: { cause?: unknown }) {
    super(`${target.method} ${target.path}: ${message}`, options);
    this.method = target.method;
    this.path = target.path;
  }

  toJSON() {
    return { name: this.name, message: this.message, method: this.method, path: this.path };
  }
}

/** An attempt took longer than `timeoutMs` (after any retries). */
export class LiteMailTimeoutError extends LiteMailConnectionError {
  override name = 'LiteMailTimeoutError';
  declare readonly timeoutMs: number;

  constructor(timeoutMs: number, target: RequestTarget, options?: { cause?: unknown }) {
    super(`timed out after ${timeoutMs} ms`, target, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The short reason of a failed fetch: undici's `cause.code` (ECONNRESET…) or the message. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

/** A fetch that got no HTTP answer: the attempt's deadline passed, or the connection failed. */
export function fetchFailure(error: unknown, target: RequestTarget, timedOutAfterMs: number | undefined): LiteMailConnectionError {
  if (timedOutAfterMs !== undefined) return new LiteMailTimeoutError(timedOutAfterMs, target, { cause: error });
  return new LiteMailConnectionError(`connection failed (${describe(error)})`, target, { cause: error });
}

/** A redirect answered: refused, so the API key never travels to wherever Location points. */
export function redirectRefused(target: RequestTarget, location: string | null, requestUrl: string): LiteMailError {
  let where = 'another location';
  try {
    if (location) where = new URL(location, requestUrl).origin;
  } catch {
    /* keep the generic wording */
  }
  return new LiteMailError(
    `${target.method} ${target.path} was redirected to ${where}; redirects are not followed so the API key stays with baseUrl. Check baseUrl.`,
  );
}

/**
 * What went wrong while a handed-over body was read (by openapi-fetch, after the fetch returned):
 * the attempt's deadline (`expired`), a body that is not JSON, or a connection that broke mid-body
 * (fetch's TypeError). These are not retried: the response was already handed over. Anything else
 * (the caller's abort) stays as it is.
 */
export function bodyFailure(error: unknown, response: Response, target: RequestTarget, expiredAfterMs: number | undefined): unknown {
  if (expiredAfterMs !== undefined) return new LiteMailTimeoutError(expiredAfterMs, target, { cause: error });
  if (error instanceof SyntaxError) return new LiteMailParseError(response.status, requestIdOf(response), target, { cause: error });
  if (error instanceof TypeError) {
    return new LiteMailConnectionError(`connection failed while reading the ${response.status} body (${describe(error)})`, target, { cause: error });
  }
  return error;
}
