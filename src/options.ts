// Every option of the package, normalised once at its entry (client, call, page caps, the drift
// reporter): the defaults, the environment variables, the checks (each error names the option), and
// the split between what this client owns and what goes on to openapi-fetch. Nothing of ours reaches openapi-fetch's createClient or a RequestInit.
// Owns no behaviour: the modules that act on an option receive it resolved.
import type { ClientOptions, HeadersOptions } from 'openapi-fetch';
import { defaultBaseUrl } from './facts.js';
import { LiteMailError } from './errors.js';
import { consoleLogger, type Logger, type LogLevel } from './log.js';

export interface RateLimitOptions {
  /** Requests in flight at once. Default 16. */
  maxConcurrent?: number;
  /** At most this many requests started per second (evenly spaced). Default: no cap. */
  requestsPerSecond?: number;
  /** At most this many requests started per minute (evenly spaced). Default: no cap. */
  requestsPerMinute?: number;
}

/**
 * Enough to keep a few dozen requests per second busy at a few hundred ms each, few enough that a
 * `Promise.all` over thousands of calls opens 16 connections, not thousands.
 */
export const DEFAULT_MAX_CONCURRENT = 16;

export type ResolvedRateLimit = RateLimitOptions & { maxConcurrent: number };

/** `rateLimit` as given, checked: `false` (no limiter) or the options with the default filled in. */
export function checkRateLimit(value: unknown): ResolvedRateLimit | false {
  if (value === false) return false;
  if (value === undefined) return { maxConcurrent: DEFAULT_MAX_CONCURRENT };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LiteMailError(`rateLimit must be false or an object { maxConcurrent, requestsPerSecond, requestsPerMinute }, got ${String(value)}`);
  }
  const options = value as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!['maxConcurrent', 'requestsPerSecond', 'requestsPerMinute'].includes(key)) {
      throw new LiteMailError(`rateLimit.${key} is not an option (expected maxConcurrent, requestsPerSecond or requestsPerMinute)`);
    }
  }
  const { maxConcurrent = DEFAULT_MAX_CONCURRENT, requestsPerSecond, requestsPerMinute } = options;
  if (!(Number.isInteger(maxConcurrent) && (maxConcurrent as number) >= 1)) {
    throw new LiteMailError(`rateLimit.maxConcurrent must be a whole number of at least 1, got ${String(maxConcurrent)}`);
  }
  for (const [name, rate] of [['requestsPerSecond', requestsPerSecond], ['requestsPerMinute', requestsPerMinute]] as const) {
    if (rate !== undefined && !(typeof rate === 'number' && Number.isFinite(rate) && rate > 0)) {
      throw new LiteMailError(`rateLimit.${name} must be a positive number, got ${String(rate)}`);
    }
  }
  return { maxConcurrent, requestsPerSecond, requestsPerMinute } as ResolvedRateLimit;
}

/** The fetch this client sends with: `globalThis.fetch`, or one that takes the prepared Request. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/**
 * Every option of openapi-fetch's `createClient` (serializers, `Request`, `requestInitExt`, the
 * RequestInit fields such as `credentials`, `cache`, `keepalive`), with the same meaning, plus
 * this client's own. `redirect` is accepted but redirects are never followed (see the README).
 */
export interface LiteMailClientOptions extends Omit<ClientOptions, 'baseUrl' | 'fetch' | 'headers'> {
  /** Your LiteMail API key. Default: the `LITEMAIL_API_KEY` environment variable. */
  apiKey?: string;
  /** Default: `LITEMAIL_BASE_URL`, then the spec's server. Plain `http://` only for loopback hosts. */
  baseUrl?: string;
  /** Per-attempt timeout in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt, for requests that are safe to repeat. Default 2. */
  maxRetries?: number;
  /** The fetch to send requests with. Default: `globalThis.fetch`, looked up at each call. */
  fetch?: FetchLike;
  /** Extra headers sent with every request: any HeadersInit, or a record (`null` removes a header). */
  headers?: HeadersOptions;
  /** `debug` logs every attempt (method, path, status, attempt, duration). Default: `LITEMAIL_LOG`, else `off`. */
  logLevel?: LogLevel;
  /** Where debug lines go. Default: `console.debug`. */
  logger?: Logger;
  /**
   * Pacing shared by every call of this client: at most `maxConcurrent` (default 16) requests in
   * flight, and `requestsPerSecond` / `requestsPerMinute` when you know your account's limits
   * (default: none; a 429 slows the client down on its own). `false`: no limiter at all.
   */
  rateLimit?: RateLimitOptions | false;
}

/** Options a single call may override. */
export interface CallOptions {
  timeoutMs?: number;
  maxRetries?: number;
}

/** Options of a paginated walk (`lm.paginate`, `lm.pages`). */
export interface PageCaps {
  /** Stop after this many items in all. */
  maxItems?: number;
  /** Stop after this many pages. */
  maxPages?: number;
  /**
   * Pages to request ahead of the one being read, once a page has said how many there are
   * (default 0: one page at a time). Pages still come in order, paced by the client's limiter, and
   * no page past `maxPages`, `maxItems` or the last page is requested.
   */
  prefetch?: number;
}

/** A client's options, resolved: ours apart, openapi-fetch's in `openapiFetch`. */
export interface ClientConfig {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  fetch: FetchLike;
  /** Set only when debug logging is on. */
  log: Logger | undefined;
  rateLimit: ResolvedRateLimit | false;
  /** Everything else, for openapi-fetch's createClient as given (headers included, without the key). */
  openapiFetch: Omit<ClientOptions, 'baseUrl' | 'fetch'>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
const MAX_PREFETCH = 32;
const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === '' ? undefined : value;
}

export function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LiteMailError(`baseUrl "${value}" is not a valid URL`);
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
    throw new LiteMailError(
      `baseUrl "${value}" uses plain http: the API key would travel unencrypted. Use https, or http only for localhost/127.0.0.1/[::1].`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LiteMailError(`baseUrl "${value}" must be an http(s) URL`);
  }
  return value.replace(/\/+$/, '');
}

/** Checks the number options a client or a call may set; `undefined` means "use the default". `where` names the caller. */
function checkNumbers({ timeoutMs, maxRetries }: CallOptions, where: () => string): void {
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new LiteMailError(`${where()}: timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  }
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 10)) {
    throw new LiteMailError(`${where()}: maxRetries must be a whole number from 0 to 10, got ${String(maxRetries)}`);
  }
}

export function resolveClientOptions(options: LiteMailClientOptions): ClientConfig {
  const { apiKey = env('LITEMAIL_API_KEY'), baseUrl, timeoutMs, maxRetries, fetch, logLevel, logger, rateLimit, ...openapiFetch } = options;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new LiteMailError('No LiteMail API key: pass `apiKey` to createLiteMailClient or set LITEMAIL_API_KEY.');
  }
  checkNumbers(options, () => 'createLiteMailClient');
  const debug = (logLevel ?? (env('LITEMAIL_LOG') === 'debug' ? 'debug' : 'off')) === 'debug';
  return {
    apiKey,
    baseUrl: checkBaseUrl(baseUrl ?? env('LITEMAIL_BASE_URL') ?? defaultBaseUrl),
    timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: maxRetries ?? DEFAULT_MAX_RETRIES,
    // Looked up per call, so a fetch patched after the client was created (test mocks) is used.
    fetch: fetch ?? ((input, init) => globalThis.fetch(input, init)),
    log: debug ? (logger ?? consoleLogger) : undefined,
    rateLimit: checkRateLimit(rateLimit),
    openapiFetch,
  };
}

/** One call's own options, checked and resolved against the client's, and the rest for openapi-fetch. */
export function resolveCallOptions<Init extends CallOptions & Record<string, unknown>>(
  init: Init,
  config: ClientConfig,
  method: string,
  path: string,
): { timeoutMs: number; maxRetries: number; fetch: FetchLike; openapiFetch: Omit<Init, keyof CallOptions> } {
  const { timeoutMs, maxRetries, ...openapiFetch } = init;
  checkNumbers(init, () => `${method} ${path}`);
  if (openapiFetch.baseUrl !== undefined) checkBaseUrl(openapiFetch.baseUrl as string);
  return {
    timeoutMs: timeoutMs ?? config.timeoutMs,
    maxRetries: maxRetries ?? config.maxRetries,
    fetch: (openapiFetch.fetch as FetchLike | undefined) ?? config.fetch,
    openapiFetch,
  };
}

function checkCap(name: string, value: number | undefined, min: number, max = Infinity): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
    const range = max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new LiteMailError(`${name} must be a whole number ${range}, got ${value}`);
  }
}

/** `validateResponses` options, checked, with the default mode (`report`). */
export function resolveValidateOptions<O extends { mode?: 'report' | 'throw'; onDrift?: unknown }>(options: O): O & { mode: 'report' | 'throw' } {
  const mode = options.mode ?? 'report';
  if (mode !== 'report' && mode !== 'throw') throw new LiteMailError(`validateResponses: mode must be 'report' or 'throw', got ${String(mode)}`);
  if (options.onDrift !== undefined && typeof options.onDrift !== 'function') throw new LiteMailError('validateResponses: onDrift must be a function');
  return { ...options, mode };
}

/** A walk's caps, checked, with their defaults (no cap, no prefetch), and the rest of its init for each page's call. */
export function resolvePageCaps<Init extends PageCaps>(init: Init): { maxItems: number; maxPages: number; prefetch: number; callInit: Omit<Init, keyof PageCaps> } {
  const { maxItems, maxPages, prefetch, ...callInit } = init;
  checkCap('maxItems', maxItems, 1);
  checkCap('maxPages', maxPages, 1);
  checkCap('prefetch', prefetch, 0, MAX_PREFETCH);
  return { maxItems: maxItems ?? Infinity, maxPages: maxPages ?? Infinity, prefetch: prefetch ?? 0, callInit };
}
