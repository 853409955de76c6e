// Keeping credentials out of what the package prints or hands back: the one place that knows what
// a credential looks like in a request and how it is blanked out. Used by the transport (error
// bodies), the debug log (headers), the drift reporter (field names: fieldNames(), which also keeps
// out names that look like identifiers), the CLI and the MCP server (every body they print or
// return) and `npm run contract` (its report).
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

/** A field name and a credential sharing this many letters and digits in a row: the name may carry the credential. */
const SHARED_RUN = 8;
/** What a field name may be: letters, digits, `_`, `-`, `$`, not starting with a digit or `-`, at most 64 characters. */
const NAME = /^[A-Za-z_$][\w$-]{0,63}$/;
/** The words of a name: `totalSearchedCount`, `utm_id_v2`, `ipV4` split at case changes, digits and separators. */
const WORDS = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g;

/** Letters and digits only, lower-cased: `lm_live_AB.c` and `LM.LIVE.ab_C` fold alike. */
const folded = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * A credential as a server might echo it: as sent, reversed, base64 (from each byte alignment).
 * Hex and other encodings full of digits are left to the identifier rule.
 */
function echoForms(secret: string): string[] {
  const forms = [secret, [...secret].reverse().join('')];
  for (let skip = 0; skip < 3; skip++) {
    try {
      forms.push(btoa(secret.slice(skip)));
    } catch {
      // not Latin-1: no base64 form (header values, where credentials come from, always are)
    }
  }
  return forms.map(folded);
}

/** Generated identifiers (ids, tokens, UUIDs): 3+ numbers, a number of 5+ digits, or 3+ words of one or two letters. */
function looksLikeIdentifier(name: string): boolean {
  const words = name.match(WORDS) ?? [];
  const numbers = words.filter((word) => word.charCodeAt(0) <= 57);
  const short = words.filter((word) => word.length <= 2 && word.charCodeAt(0) > 57);
  return numbers.length > 2 || numbers.some((n) => n.length >= 5) || short.length > 2;
}

/**
 * For the names of a response's fields, as a report may show them: `(name) => name`, or `*` when
 * the name is not word-like (NAME), looks like a generated identifier, or shares a run of 8 letters
 * and digits (any case, other characters ignored) with one of `secrets` in one of its echoed forms.
 */
export function fieldNames(secrets: readonly string[]): (name: string) => string {
  const runs = new Set<string>();
  const whole: string[] = [];
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of echoForms(secret)) {
      if (form.length < SHARED_RUN && form.length >= MIN_SECRET_LENGTH) whole.push(form);
      for (let i = 0; i + SHARED_RUN <= form.length; i++) runs.add(form.slice(i, i + SHARED_RUN));
    }
  }
  const echoes = (name: string) => {
    const text = folded(name);
    for (let i = 0; i + SHARED_RUN <= text.length; i++) if (runs.has(text.slice(i, i + SHARED_RUN))) return true;
    return whole.some((form) => text.includes(form));
  };
  return (name) => (NAME.test(name) && !looksLikeIdentifier(name) && !echoes(name) ? name : '*');
}
