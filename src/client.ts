// createLiteMailClient: openapi-fetch typed from generated/, its calls made by src/call.ts (auth,
// timeouts, spec-driven retries, the limiter) and spec-driven pagination beside it.
import createClient, { type FetchOptions, type Middleware, type ParseAsResponse } from 'openapi-fetch';
import type { ErrorStatus, GetResponseContent, OkStatus, Readable, RequiredKeysOf } from 'openapi-typescript-helpers';
import { apiKeyHeader } from './facts.js';
import type { HttpMethod as UpperMethod, PathsByMethod } from '../generated/operations.js';
import type { paths } from '../generated/schema.js';
import { createCalls } from './call.js';
import { systemClock, type Clock } from './clock.js';
import { resolveClientOptions, type CallOptions, type LiteMailClientOptions } from './options.js';
import { createPaginator, type Paginator } from './paginate.js';

/** openapi-fetch names methods in lower case (the keys of `paths`). */
type HttpMethod = Lowercase<UpperMethod>;

/**
 * openapi-fetch's init of an operation, `| undefined` when nothing in it is required: its
 * `MaybeOptionalInit`, the same type, but asking `{} extends` instead of listing the required keys
 * (a `Pick` per key of the init and of RequestInit, on every call).
 */
export type InitOf<Op> = {} extends FetchOptions<Op> ? FetchOptions<Op> | undefined : FetchOptions<Op>;

/**
 * An init as the arguments after the path: optional when nothing in it is required. openapi-fetch's
 * rule (`RequiredKeysOf<Init> extends never`), asked as `{} extends`: for an init whose type is
 * known before the call (paginate's), the same answer without a `Pick` per key.
 */
export type OptionalWhenNothingRequired<Init> = {} extends Init ? [Init?] : [Init];

/** openapi-fetch's init for one call (its InitParam), plus this client's per-call options. */
export type InitArg<Init> = RequiredKeysOf<Init> extends never
  ? [(Init & CallOptions & { [key: string]: unknown })?]
  : [Init & CallOptions & { [key: string]: unknown }];

export type LiteMailMethod<Method extends HttpMethod> = <
  Path extends PathsByMethod[Method],
  Init extends InitOf<Operation<Path, Method>>,
>(
  path: Path,
  ...init: InitArg<Init>
) => Promise<LiteMailResult<Operation<Path, Method>, Init>>;

/** openapi-fetch's `client.request(method, path, init)`: the method as an argument, same transport. */
export type LiteMailRequestMethod = <
  Method extends HttpMethod,
  Path extends PathsByMethod[Method],
  Init extends InitOf<Operation<Path, Method>>,
>(
  method: Method,
  path: Path,
  ...init: InitArg<Init>
) => Promise<LiteMailResult<Operation<Path, Method>, Init>>;

/**
 * What a call resolves to: openapi-fetch's `FetchResponse<Op, Init, 'application/json'>`, the same
 * type (test/types/openapi-fetch.types.ts checks it for every operation), but its bodies are looked
 * up under the status codes the operation has, not under each of the 55 codes openapi-fetch tries
 * for the error: that try was half of a consumer's type-check.
 */
export type LiteMailResult<Op extends Record<string | number, any>, Init> =
  | { data: ParseAsResponse<BodyOf<Op['responses'], OkStatus>, Init>; error?: never; response: Response }
  | { data?: never; error: BodyOf<Op['responses'], ErrorStatus>; response: Response };

/** The JSON bodies of an operation's responses with these status codes (openapi-fetch's `GetResponseContent`). */
type BodyOf<Responses extends Record<string | number, any>, Codes> = Readable<
  GetResponseContent<Responses, 'application/json', Extract<keyof Responses, Codes>>
>;

/** The operation object of a path and method (PathsByMethod guarantees it exists). */
type Operation<Path extends keyof paths, Method extends HttpMethod> =
  paths[Path][Method] extends Record<string | number, any> ? paths[Path][Method] : never;

export interface LiteMailClient extends Paginator {
  GET: LiteMailMethod<'get'>;
  PUT: LiteMailMethod<'put'>;
  POST: LiteMailMethod<'post'>;
  DELETE: LiteMailMethod<'delete'>;
  PATCH: LiteMailMethod<'patch'>;
  HEAD: LiteMailMethod<'head'>;
  OPTIONS: LiteMailMethod<'options'>;
  request: LiteMailRequestMethod;
  /** Register openapi-fetch middleware (runs above retries: once per call, not per attempt). */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

/**
 * `[name, value]` pairs as Headers: openapi-fetch 0.17 reads an array as a record and would send
 * headers named `0`, `1`, … (a documented difference: here they are sent as meant).
 */
function headerPairs<H>(headers: H): H | Headers {
  return Array.isArray(headers) ? new Headers(headers as [string, string][]) : headers;
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

export function createLiteMailClient(options: LiteMailClientOptions = {}): LiteMailClient {
  return createClientOnClock(options, systemClock);
}

/**
 * The client, its waits (retry backoff, Retry-After pauses, the limiter's pacing) on `clock`: tests
 * run them on fake time. Not part of the package's API (src/index.ts does not export it).
 */
export function createClientOnClock(options: LiteMailClientOptions, clock: Clock): LiteMailClient {
  const config = resolveClientOptions(options);
  const { headers } = config.openapiFetch;
  const base = createClient<paths, 'application/json'>({
    ...config.openapiFetch,
    baseUrl: config.baseUrl,
    // The key is set last, so it wins over a header of the same name. A plain record stays a
    // record (the cheaper one for openapi-fetch to merge on every call).
    headers:
      headers instanceof Headers || Array.isArray(headers)
        ? withKey(new Headers(headers), config.apiKey)
        : { ...headers, [apiKeyHeader]: config.apiKey },
  });
  const { call, markBodyReads } = createCalls(config, base as unknown as Parameters<typeof createCalls>[1], clock);
  const send = (method: string, path: string, init?: Record<string, unknown>) =>
    call(method, path, init?.headers && Array.isArray(init.headers) ? { ...init, headers: headerPairs(init.headers) } : init);

  const client = {
    request: (method: string, path: string, init?: Record<string, unknown>) => send(method.toUpperCase(), path, init),
    use: (...middleware: Middleware[]) => {
      markBodyReads();
      base.use(...middleware);
    },
    eject: (...middleware: Middleware[]) => base.eject(...middleware),
  } as unknown as LiteMailClient;
  for (const method of METHODS) {
    (client as unknown as Record<string, unknown>)[method] = (path: string, init?: Record<string, unknown>) => send(method, path, init);
  }
  Object.assign(client, createPaginator(client));
  return client;
}

function withKey(headers: Headers, apiKey: string): Headers {
  headers.set(apiKeyHeader, apiKey);
  return headers;
}
