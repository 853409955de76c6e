// createLiteMailClient: openapi-fetch typed from generated/, with the LiteMail transport beneath it
// (auth, timeouts, spec-driven retries) and spec-driven pagination beside it.
import createClient, { type FetchResponse, type MaybeOptionalInit, type Middleware } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { apiKeyHeader, routes } from '../generated/routes.js';
import type { paths } from '../generated/schema.js';
import { checkBaseUrl, checkCallOptions, resolveConfig, type CallOptions, type FetchLike, type LiteMailClientOptions } from './config.js';
import { createPaginator, type Paginator } from './paginate.js';
import { bodyFailure, createTransport, type CallPlan } from './transport.js';

/** openapi-fetch's init for one call, plus this client's per-call options. */
type InitArg<Init> = RequiredKeysOf<Init> extends never
  ? [(Init & CallOptions & { [key: string]: unknown })?]
  : [Init & CallOptions & { [key: string]: unknown }];

export type LiteMailMethod<Method extends HttpMethod> = <
  Path extends PathsWithMethod<paths, Method>,
  Init extends MaybeOptionalInit<paths[Path], Method>,
>(
  path: Path,
  ...init: InitArg<Init>
) => Promise<FetchResponse<Operation<Path, Method>, Init, 'application/json'>>;

/** openapi-fetch's `client.request(method, path, init)`: the method as an argument, same transport. */
export type LiteMailRequestMethod = <
  Method extends HttpMethod,
  Path extends PathsWithMethod<paths, Method>,
  Init extends MaybeOptionalInit<paths[Path], Method>,
>(
  method: Method,
  path: Path,
  ...init: InitArg<Init>
) => Promise<FetchResponse<Operation<Path, Method>, Init, 'application/json'>>;

/** The operation object of a path and method (PathsWithMethod guarantees it exists). */
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

function withKey(headers: Headers, apiKey: string): Headers {
  headers.set(apiKeyHeader, apiKey);
  return headers;
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;
/** The `parseAs` values openapi-fetch knows; with another, its own TypeError reaches the caller as is. */
const PARSE_AS = new Set(['json', 'text', 'blob', 'arrayBuffer', 'stream']);

export function createLiteMailClient(options: LiteMailClientOptions = {}): LiteMailClient {
  const config = resolveConfig(options);
  const fetchFor = createTransport(config);
  const { headers, signal: clientSignal } = config.passOn;
  const base = createClient<paths, 'application/json'>({
    ...config.passOn,
    baseUrl: config.baseUrl,
    // The key is set last, so it wins over a header of the same name. A plain record stays a
    // record (the cheaper one for openapi-fetch to merge on every call).
    headers:
      headers instanceof Headers || Array.isArray(headers)
        ? withKey(new Headers(headers), config.apiKey)
        : { ...headers, [apiKeyHeader]: config.apiKey },
  });

  // With middleware in play, this one is registered first so its onResponse runs last: it marks
  // the moment openapi-fetch starts reading the body. An error thrown before that (by the
  // caller's middleware) is theirs and reaches them unchanged. Without middleware, nothing is
  // registered and calls pay nothing for it.
  const plans = new WeakMap<object, CallPlan>();
  let readMarker: Middleware | undefined;
  function markBodyReads() {
    if (readMarker) return;
    readMarker = {
      onResponse({ response, options }) {
        const plan = plans.get(options.fetch);
        if (!plan?.last) return;
        plan.reading = !response.bodyUsed; // a body the caller's middleware consumed is their error
        plan.last = { response, target: plan.last.target };
      },
    };
    base.use(readMarker);
  }

  // Each call gets its own fetch, planned from the spec's facts about the operation it calls.
  async function send(method: string, path: string, init: Record<string, unknown> & CallOptions = {}) {
    const { timeoutMs, maxRetries, ...rest } = checkCallOptions(init, `${method} ${path}`) as typeof init;
    if (rest.baseUrl !== undefined) checkBaseUrl(rest.baseUrl as string);
    if ((rest.middleware as Middleware[] | undefined)?.length) markBodyReads();
    if (Array.isArray(rest.headers)) rest.headers = headerPairs(rest.headers);
    const plan: CallPlan = {
      route: routes[`${method} ${path}`],
      timeoutMs: timeoutMs ?? config.timeoutMs,
      maxRetries: maxRetries ?? config.maxRetries,
      fetch: (rest.fetch as FetchLike | undefined) ?? config.fetch,
      callerSignal: rest.signal != null || clientSignal != null,
      bodyRead: readMarker ? 'after-middleware' : 'at-handover',
    };
    if (rest.parseAs !== undefined && !PARSE_AS.has(rest.parseAs as string)) plan.bodyRead = 'never';
    const fetch = fetchFor(plan);
    if (readMarker) plans.set(fetch, plan);
    try {
      return await (base.request as (m: string, p: string, i: object) => Promise<unknown>)(method, path, { ...rest, fetch });
    } catch (error) {
      throw bodyFailure(plan, error);
    } finally {
      plan.bodyTimer?.clear();
    }
  }

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
