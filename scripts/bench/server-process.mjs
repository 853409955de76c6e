// A benchmark's HTTP server in a process of its own, so its work does not share the measuring
// process's event loop. The script is run with `--serve` and prints `LISTENING <port>` when ready.
import { spawn } from 'node:child_process';

/** @returns {Promise<{ url: string, stop: () => void }>} */
export function startServerProcess(script, name) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const port = /LISTENING (\d+)/.exec(out)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill() });
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code})`)));
  });
}
