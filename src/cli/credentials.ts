// The credentials of the `litemail` command and the MCP server (the API key from LITEMAIL_API_KEY),
// and the filter every byte they print or hand back goes through: stdout, stderr, tool results and
// debug lines. Success bodies too: a server may echo the key (a list of keys, a debugging proxy).
// The blanking itself is the library's `redact` (src/redact.ts), in any letter case.
import { redact } from '../index.js';
import { UsageError } from './args.js';
import type { Env } from './io.js';

/** Text without the command's own credentials. */
export type Safe = (text: string) => string;

/** The API key, or a usage error that says where to set it (for the CLI and for an MCP client). */
export function apiKeyFrom(env: Env): string {
  const key = env.LITEMAIL_API_KEY?.trim();
  if (!key) {
    throw new UsageError(
      'LITEMAIL_API_KEY is not set: set it in the environment (for `litemail mcp`, in the "env" of the server in your MCP client\'s configuration). Nothing was sent.',
    );
  }
  return key;
}

/** The filter for a run with `env`: it blanks the key as it is, and as JSON writes it inside a string. */
export function safeFor(env: Env): Safe {
  const key = env.LITEMAIL_API_KEY?.trim();
  const secrets = key ? [key, JSON.stringify(key).slice(1, -1)] : [];
  return (text) => redact(text, secrets);
}
