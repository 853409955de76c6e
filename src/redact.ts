// Keeping credentials out of what the package prints or hands back: the one place that knows what
// a credential looks like in a request and how it is blanked out. Used by the transport (error
// bodies), the debug log (headers), the drift reporter (field names), the CLI and the MCP server
// (every body they print or return) and `npm run contract` (its report).
import { apiKeyHeader } from './facts.js';

/** What a credential is replaced with, everywhere. */
export const REDACTED = '[redacted]';

const SECRET_HEADERS = new Set([apiKeyHeader, 'authorization', 'cookie']);
/** Shorter values are not treated as secrets: blanking every "a" of a body would hide everything and protect nothing. */
const MIN_SECRET_LENGTH = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function pattern(secrets: readonly string[]): RegExp | undefined {
  const usable = [...new Set(secrets.filter((s) => s && s.length >= MIN_SECRET_LENGTH))];
  // Longest first, so a secret that contains another is blanked whole.
  usable.sort((a, b) => b.length - a.length);
  return usable.length ? new RegExp(usable.map(escapeRegExp).join('|'), 'gi') : undefined;
}

/** Whether `text` contains any of `secrets`, in any letter case. */
export function containsSecret(text: string, secrets: readonly string[]): boolean {
  const re = pattern(secrets);
  return re ? re.test(text) : false;
}

/** `text` with every occurrence of each secret, in any letter case, replaced by {@link REDACTED}. */
export function redact(text: string, secrets: readonly string[]): string {
  const re = pattern(secrets);
  return re ? text.replace(re, REDACTED) : text;
}

/** Headers as a plain object with credentials replaced, safe to print. */
export function safeHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  });
  return out;
}

/** Credentials a request carries: never to be echoed back into an error, a report or an output. */
export function secretsOf(request: Request): string[] {
  const bearer = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
  return [request.headers.get(apiKeyHeader), bearer].filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH);
}
