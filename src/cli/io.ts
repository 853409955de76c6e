// What the `litemail` command reads and writes, handed to `main`: the process's own streams and
// environment when it runs from a shell (`run`), a test's when it runs in-process. Nothing else in
// src/cli/ reads the process's streams or environment, so a test sees what a user would.
import type { Readable, Writable } from 'node:stream';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Io {
  /** The JSON answer (JSON lines with --all), or the MCP protocol. */
  stdout: Writable;
  /** Everything else: errors, warnings, debug lines, the money prompt, the progress line. */
  stderr: Writable;
  /** The answer at the money prompt, or the MCP protocol. */
  stdin: Readable;
  /** Whether stdin and stderr are terminals: the money prompt needs both, the progress line stderr. */
  terminal: { stdin: boolean; stderr: boolean };
  /** LITEMAIL_API_KEY, LITEMAIL_BASE_URL and LITEMAIL_LOG are read from here. */
  env: Env;
}

/** The process's own I/O. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    terminal: { stdin: process.stdin.isTTY === true, stderr: process.stderr.isTTY === true },
    env: process.env,
  };
}
