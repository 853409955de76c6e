// createLiteMailClient: openapi-fetch typed from generated/, with the LiteMail transport beneath it
// (auth, timeouts, spec-driven retries) and spec-driven pagination beside it.
import createClient, { type FetchResponse, type MaybeOptionalInit, type Middleware } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { apiKeyHeader, routes } from '../generated/routes.js';
import type { paths } from '../generated/schema.js';
import { checkCallOptions, resolveConfig, type CallOptions, type LiteMailClientOptions } from './config.js';
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
  /** Register openapi-fetch middleware (runs above retries: once per call, not per attempt). */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

export function createLiteMailClient(options: LiteMailClientOptions = {}): LiteMailClient {
  const config = resolveConfig(options);
  const fetchFor = createTransport(config);
  const base = createClient<paths, 'application/json'>({
    baseUrl: config.baseUrl,
    headers: { ...config.headers, [apiKeyHeader]: config.apiKey },
  });

  // Each call gets its own fetch, planned from the spec's facts about the operation it calls.
  const call =
    (method: (typeof METHODS)[number]) =>
    async (path: string, init: Record<string, unknown> & CallOptions = {}) => {
      const { timeoutMs, maxRetries, ...rest } = checkCallOptions(init, `${method} ${path}`) as typeof init;
      const plan: CallPlan = {
        route: routes[`${method} ${path}`],
        timeoutMs: timeoutMs ?? config.timeoutMs,
        maxRetries: maxRetries ?? config.maxRetries,
        fetch: (rest.fetch as typeof globalThis.fetch | undefined) ?? config.fetch,
        callerSignal: rest.signal != null,
      };
      try {
        return await (base[method] as (p: string, i: object) => Promise<unknown>)(path, { ...rest, fetch: fetchFor(plan) });
      } catch (error) {
        throw bodyFailure(plan, error);
      } finally {
        plan.bodyTimer?.clear();
      }
    };

  const client = {
    use: (...middleware: Middleware[]) => base.use(...middleware),
    eject: (...middleware: Middleware[]) => base.eject(...middleware),
  } as LiteMailClient;
  for (const method of METHODS) (client as unknown as Record<string, unknown>)[method] = call(method);
  Object.assign(client, createPaginator(client));
  return client;
}
