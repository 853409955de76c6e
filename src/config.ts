// Client options: defaults, environment variables, and validation with errors that name the option.
import type { ClientOptions, HeadersOptions } from 'openapi-fetch';
import { defaultBaseUrl } from '../generated/routes.js';
import { LiteMailError } from './errors.js';
import { consoleLogger, type Logger, type LogLevel } from './log.js';
import { checkRateLimit, type RateLimitOptions } from './rate-limit.js';

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

export interface ResolvedConfig {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  fetch: FetchLike;
  logger: Logger | undefined;
  /** The options passed on, unchanged, to openapi-fetch's createClient. */
  passOn: Omit<ClientOptions, 'baseUrl' | 'fetch'>;
  rateLimit: ReturnType<typeof checkRateLimit>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
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

/** Checks a per-client or per-call number option; `undefined` means "use the default". */
export function checkCallOptions(options: CallOptions, where: string): CallOptions {
  const { timeoutMs, maxRetries } = options;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new LiteMailError(`${where}: timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  }
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 10)) {
    throw new LiteMailError(`${where}: maxRetries must be a whole number from 0 to 10, got ${String(maxRetries)}`);
  }
  return options;
}

export function resolveConfig(options: LiteMailClientOptions): ResolvedConfig {
  const apiKey = options.apiKey ?? env('LITEMAIL_API_KEY');
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new LiteMailError('No LiteMail API key: pass `apiKey` to createLiteMailClient or set LITEMAIL_API_KEY.');
  }
  checkCallOptions(options, 'createLiteMailClient');
  const logLevel = options.logLevel ?? (env('LITEMAIL_LOG') === 'debug' ? 'debug' : 'off');
  const { apiKey: _k, baseUrl: _b, timeoutMs: _t, maxRetries: _m, fetch: customFetch, logLevel: _l, logger: _g, ...passOn } = options;
  return {
    apiKey,
    baseUrl: checkBaseUrl(options.baseUrl ?? env('LITEMAIL_BASE_URL') ?? defaultBaseUrl),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    // Looked up per call, so a fetch patched after the client was created (test mocks) is used.
    fetch: customFetch ?? ((input, init) => globalThis.fetch(input, init)),
    logger: logLevel === 'debug' ? (options.logger ?? consoleLogger) : undefined,
    passOn,
    rateLimit: checkRateLimit(options.rateLimit),
  };
}
