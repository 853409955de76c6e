// Runs a command on a pseudo-terminal (util-linux's `script`), as a user at a terminal would: stdin,
// stdout and stderr all on it, so its output is one stream, and `typed` is what the user types.
import { spawn } from 'node:child_process';

export function onTerminal(command: string[], env: NodeJS.ProcessEnv, typed: string): Promise<{ code: number | null; output: string }> {
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  const child = spawn('script', ['-qec', command.map(quote).join(' '), '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stdin.end(typed);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}
