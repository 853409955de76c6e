// Debug logging (LITEMAIL_LOG=debug or the `logLevel` option) and secret redaction.
import { apiKeyHeader } from '../generated/routes.js';

export type LogLevel = 'off' | 'debug';
export interface Logger {
  debug(message: string): void;
}

const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set([apiKeyHeader, 'authorization', 'cookie']);

/** Replaces every occurrence of each secret in a string. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join(REDACTED);
  return out;
}

/** Headers as a plain object with credentials replaced, safe to print. */
export function safeHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  });
  return out;
}

/** Credentials a request carries: never to be echoed back into an error or a report the caller may log. */
export function secretsOf(request: Request): string[] {
  const bearer = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
  return [request.headers.get(apiKeyHeader), bearer].filter((s): s is string => !!s && s.length >= 4);
}

export const consoleLogger: Logger = {
  debug: (message) => console.debug(message),
};
