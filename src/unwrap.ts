// The throwing style: a call's data, or a typed LiteMailApiError built from its response.
import { targetOfResult } from './call.js';
import { apiErrorOf, pathOf, type LiteMailApiError } from './errors.js';

type Result = { data?: unknown; error?: unknown; response: Response };

/** The data of a successful call; otherwise throws the {@link LiteMailApiError} for its status. */
export async function unwrap<R extends Result>(call: R | Promise<R>): Promise<Exclude<R['data'], undefined>> {
  const result = await call;
  if (result.response.ok) return result.data as Exclude<R['data'], undefined>;
  throw apiError(result);
}

/** The error of a failed call's result: named after the call this client made, else after the response's URL. */
export function apiError(result: Result): LiteMailApiError {
  const target = targetOfResult(result) ?? { method: 'UNKNOWN', path: pathOf(result.response.url) };
  return apiErrorOf(result.response, result.error, target);
}
