// Starting and stopping Prism (the mock of the spec, or a validating proxy in front of a real API)
// on 127.0.0.1 and a free port. Used by the tests' globalSetup, `npm run mock`, the demo and the
// contract check, so they all start it the same way and never leave it running.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { bundledSpecPath, root } from './spec.mjs';

const prismBin = join(root, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
const READY = /Prism is listening on (\S+)/;
const FATAL = /fatal|Error:/i;

/** A port nothing listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `prism mock` (default) or `prism proxy <upstream>` and resolves once it listens.
 * @param {{ spec?: string, upstream?: string, port?: number, timeoutMs?: number, args?: string[] }} [options]
 * @returns {Promise<{ url: string, stop: () => Promise<void>, output: () => string, exited: Promise<number | null> }>}
 */
export async function startPrism({ spec = bundledSpecPath, upstream, port: wanted, timeoutMs = 60_000, args = [] } = {}) {
  const port = wanted ?? (await freePort());
  const command = upstream ? ['proxy', spec, upstream] : ['mock', spec];
  const child = spawn(process.execPath, [prismBin, ...command, '-h', '127.0.0.1', '-p', String(port), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' },
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });

  const url = await new Promise((resolve, reject) => {
    const fail = (reason) => {
      clearTimeout(timer);
      stop().then(() => reject(new Error(`Prism did not start: ${reason}\n--- prism output ---\n${output.slice(-4000)}`)));
    };
    const timer = setTimeout(() => fail(`not listening after ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const ready = READY.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      } else if (FATAL.test(output) && !ready) {
        fail('it reported a fatal error');
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('exit', (code, signal) => fail(`it exited (code ${code}, signal ${signal})`));
  });
  // Keep draining output so Prism never blocks on a full pipe.
  return { url, stop, output: () => output, exited };
}
