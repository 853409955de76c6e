// The command line, read strictly with Node's own parser (`node:util` parseArgs, strict mode): every
// flag a command does not take, a switch given a value, a value missing and a single-value flag given
// twice are usage errors (exit 2) before anything is sent. Which flags exist is for each command to
// say (main.ts); this module only reads them and words the mistakes.
//
// The rule for switches (`--yes`, `--all`, `--strict`, `--allow-writes`, …): they take no value.
// `--yes=false` is refused rather than read, because a script or an MCP client's configuration that
// writes `--allow-billable=false` means "off", and any reading of it as "on" would spend money.
import { parseArgs } from 'node:util';

export const EXIT = { ok: 0, apiError: 1, usage: 2 } as const;

/** A mistake in how the command was called: its message goes to stderr, the exit code is 2. */
export class UsageError extends Error {}

export interface Flag {
  type: 'boolean' | 'string';
  /** A string flag that may be given several times (its values are collected). */
  multiple?: boolean;
  short?: string;
}
export type Flags = Record<string, Flag>;
export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** The flags, as a user would type them: `--id, --body, --help`. */
export function flagList(flags: Flags): string {
  return Object.keys(flags)
    .map((name) => `--${name}`)
    .join(', ');
}

/** The mistake parseArgs found, in this command's words. */
function explain(error: { code?: string; message: string }, flags: Flags, command: string): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option} (${command} takes: ${flagList(flags)})`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const argument = error.message.match(/'([^']*)'/)?.[0] ?? '';
      return `unexpected argument ${argument}${Object.keys(flags).length ? ` (${command} takes only flags: ${flagList(flags)})` : ''}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(error.message)) {
        return `${option} is a switch: it takes no value (write ${option} to turn it on, leave it out to keep it off)`;
      }
      if (/argument missing/.test(error.message)) return `${option} needs a value`;
      return error.message.replace(/\n/g, ' ');
    default:
      return error.message;
  }
}

/**
 * The values of `args` for a command that takes `flags` (and no positional argument). A flag not
 * given is absent; a `multiple` flag gives a list.
 */
export function readFlags(args: string[], flags: Flags, command: string): FlagValues {
  let parsed: ReturnType<typeof parseArgs<{ options: Flags; strict: true; tokens: true; allowPositionals: false }>>;
  try {
    parsed = parseArgs({ args, options: flags, strict: true, tokens: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(explain(error as { code?: string; message: string }, flags, command));
  }
  const counts = new Map<string, number>();
  for (const token of parsed.tokens) if (token.kind === 'option') counts.set(token.name, (counts.get(token.name) ?? 0) + 1);
  for (const [name, count] of counts) {
    if (count > 1 && !flags[name]?.multiple) throw new UsageError(`--${name} was given ${count} times; give it once`);
  }
  return parsed.values as FlagValues;
}
