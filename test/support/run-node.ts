// Runs a command of this repository as a child process and collects what it printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Environment without the caller's LiteMail settings, so a developer's real key never leaks into a test. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  delete env.LITEMAIL_API_KEY;
  delete env.LITEMAIL_BASE_URL;
  delete env.LITEMAIL_LOG;
  return { ...env, ...extra };
}

/**
 * Starts `command args` in the repository root. `onStdout` sees the output as it grows (to react
 * to a line, e.g. send a signal); the promise resolves when the process exits.
 */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; onStdout?: (soFar: string, child: ChildProcess) => void; timeoutMs?: number } = {},
): Promise<RunResult> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: repoRoot, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(stdout, child);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

/** Node itself, running a script of this repository. */
export function runNode(args: string[], options?: Parameters<typeof run>[2]) {
  return run(process.execPath, args, options);
}

/** Whether something still accepts connections at `url`. */
export async function listening(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}
