// The throwing style: a call's data, or a typed LiteMailApiError built from its response.
import { errorMessagePointer } from '../generated/routes.js';
import { apiErrorClassFor, requestIdOf, type LiteMailApiError } from './errors.js';
import { at } from './pointer.js';
import { parseRetryAfter } from './retry-policy.js';
import { targetOf } from './transport.js';

type Result = { data?: unknown; error?: unknown; response: Response };

/** The data of a successful call; otherwise throws the {@link LiteMailApiError} for its status. */
export async function unwrap<R extends Result>(call: R | Promise<R>): Promise<Exclude<R['data'], undefined>> {
  const result = await call;
  if (result.response.ok) return result.data as Exclude<R['data'], undefined>;
  throw apiError(result.response, result.error);
}

/** Builds the error for a non-2xx response whose body openapi-fetch already parsed into `body`. */
export function apiError(response: Response, body: unknown): LiteMailApiError {
  const message = at(body, errorMessagePointer);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const ErrorClass = apiErrorClassFor(response.status);
  return new ErrorClass({
    status: response.status,
    apiMessage: typeof message === 'string' && message ? message : `HTTP ${response.status} ${response.statusText}`.trim(),
    body: body === '' ? undefined : body,
    requestId: requestIdOf(response),
    retryAfter: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
    target: targetOf(response),
  });
}
