// Starting and stopping Prism (the mock of the spec, or a validating proxy in front of a real API)
// on 127.0.0.1 and a free port. Used by the tests' globalSetup, `npm run mock`, the demo and the
// contract check, so they all start it the same way and never leave it running.
// The mock is Prism behind a front server (mock-front.mjs) that keeps it alive and pages it; the
// contract check's proxy is bare Prism, because its answers must be the real API's, untouched.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import YAML from 'yaml';
import { startMockFront } from './mock-front.mjs';
import { bundledSpecPath, root } from '../spec/spec.mjs';

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
 * The mock is answered through the front server (its URL is `url`); Prism itself is restarted if
 * it exits, at most `maxRestarts` times a minute. The proxy is Prism alone, and so is the mock
 * with `front: false` (what a user running `prism mock` on the shipped spec gets).
 * @param {{ spec?: string, upstream?: string, front?: boolean, port?: number, timeoutMs?: number, args?: string[], maxRestarts?: number, onRestart?: (reason: string) => void }} [options]
 * @returns {Promise<{ url: string, stop: () => Promise<void>, output: () => string, exited: Promise<number | null>, prism: () => { url: string, pid: number | undefined } }>}
 */
export async function startPrism({ spec = bundledSpecPath, upstream, front: withFront = true, port, timeoutMs = 60_000, args = [], maxRestarts = 5, onRestart } = {}) {
  if (upstream) return spawnPrism({ command: ['proxy', spec, upstream], port, timeoutMs, args });
  if (!withFront) return spawnPrism({ command: ['mock', spec], port, timeoutMs, args });
  const launch = () => spawnPrism({ command: ['mock', spec], timeoutMs, args });
  let current = await launch();
  /** The Prism requests go to: `current`, or the one being started in its place. */
  let ready = Promise.resolve(current);
  let front;
  try {
    front = await startMockFront({ doc: YAML.parse(readFileSync(spec, 'utf8')), backend: () => ready.then((p) => p.url), port });
  } catch (error) {
    await current.stop();
    throw error;
  }

  let stopped = false;
  let earlier = ''; // the output of Prisms that exited
  const restarts = []; // when each restart happened
  let finish;
  const exited = new Promise((resolve) => {
    finish = resolve;
  });
  const giveUp = (code, reason) => {
    ready = Promise.reject(new Error(reason));
    ready.catch(() => {});
    onRestart?.(reason);
    finish(code);
  };
  // Supervision: the front server keeps what is known to kill Prism away from it, but a Prism that
  // dies of anything else must not take `npm run mock` (or a whole test run) down with it.
  const supervise = (prism) =>
    prism.exited.then((code) => {
      if (stopped) return;
      earlier += prism.output();
      const now = Date.now();
      while (restarts.length && now - restarts[0] > 60_000) restarts.shift();
      if (restarts.length >= maxRestarts) return giveUp(code, `Prism exited ${restarts.length + 1} times within a minute; not restarting it again`);
      restarts.push(now);
      onRestart?.(`Prism exited (code ${code}); restarting it`);
      ready = launch();
      ready.then(
        (next) => {
          current = next;
          if (stopped) return next.stop();
          return supervise(next);
        },
        (error) => giveUp(code, error.message),
      );
    });
  supervise(current);

  const stop = async () => {
    stopped = true;
    await front.close();
    await ready.catch(() => undefined);
    await current.stop();
    finish(current.child.exitCode);
  };
  return {
    url: front.url,
    stop,
    output: () => earlier + current.output(),
    exited,
    prism: () => ({ url: current.url, pid: current.child.pid }),
  };
}

/** One Prism process on 127.0.0.1, resolved once it listens. */
async function spawnPrism({ command, port: wanted, timeoutMs, args }) {
  const port = wanted ?? (await freePort());
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
  return { url, stop, output: () => output, exited, child };
}
