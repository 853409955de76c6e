// The command line of `npm run contract`: its usage text and the checks on --upstream and the key.
// Owns what a user may ask for; not how the check runs (contract.ts) or what it writes (report.mjs).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run contract -- --upstream <url> [--out <dir>] [--api-key <key>]

  --upstream  The LiteMail API to check, e.g. https://api.litemail.ai (plain http only for localhost)
  --out       Where to write report.md and report.json (default: contract-report)
  --api-key   Your API key (default: the LITEMAIL_API_KEY environment variable)

Exit code: 0 no violations, 1 violations found or operations not checked, 2 usage error.`;


/** A mistake in the command line: the entry prints it with the usage and exits 2. */
export class UsageError extends Error {}

/**
 * The checked options, or `{ help: true }`. Throws a UsageError for anything that would send the
 * key where it should not go (plain http to a remote host, credentials in the URL) or is missing.
 * @param {string[]} argv the arguments after the script
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ help: true } | { help: false, upstream: URL, upstreamLabel: string, outDir: string, apiKey: string }}
 */
export function parseOptions(argv, env) {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        upstream: { type: 'string' },
        out: { type: 'string', default: 'contract-report' },
        'api-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (args.help) return { help: true };
  if (!args.upstream) throw new UsageError('--upstream is required.');
  let upstream;
  try {
    upstream = new URL(args.upstream);
  } catch {
    throw new UsageError(`--upstream "${args.upstream}" is not a valid URL.`);
  }
  // Where the key may travel (https, or plain http only to loopback) is the client's rule: contract.ts applies it.
  if (upstream.username || upstream.password) throw new UsageError('--upstream must not contain credentials; pass the API key with LITEMAIL_API_KEY.');
  // The flag wins over the environment; other users of the machine can see it in the process list.
  const apiKey = args['api-key'] ?? env.LITEMAIL_API_KEY;
  if (!apiKey || !apiKey.trim()) throw new UsageError('No API key: set LITEMAIL_API_KEY (or pass --api-key).');
  return { help: false, upstream, upstreamLabel: upstream.href.replace(/\/+$/, ''), outDir: resolve(args.out ?? 'contract-report'), apiKey };
}
