#!/usr/bin/env node
// `npm test`: `check:generated`, `typecheck` and the vitest suite, side by side.
//
// The two checks run on one core each, and vitest leaves part of a 2-core machine idle while its
// tests wait on Prism, Chromium and other processes: run one after the other, the checks added
// their whole time (about 15 s) to the run; beside vitest they mostly fill the gaps.
//
// vitest prints as it goes; each check's output is held back and printed once vitest is done, so
// nothing interleaves. The run fails if any of the three fails. Arguments go to vitest:
//   npm test -- --project unit
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `npm run <script>`, through the npm that runs this script when there is one. */
const npmRun = (script) =>
  process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath, 'run', '--silent', script]] : ['npm', ['run', '--silent', script]];

/** Runs a command in the repository; resolves with its exit code, and its output when `capture` is set. */
function run([command, args], { capture }) {
  const started = performance.now();
  const child = spawn(command, args, { cwd: root, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  if (capture) {
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  }
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n`, seconds: 0 }));
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output, seconds: (performance.now() - started) / 1000 }));
  });
}

const checks = ['check:generated', 'typecheck'].map((name) => ({ name, result: run(npmRun(name), { capture: true }) }));
const vitest = await run([process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)]], { capture: false });

let failed = vitest.code !== 0;
for (const { name, result } of checks) {
  const { code, output, seconds } = await result;
  console.log(`\n${code === 0 ? '✓' : '✗'} npm run ${name} (${seconds.toFixed(1)} s${code === 0 ? '' : `, exit code ${code}`})`);
  if (code !== 0 || output.trim()) console.log(output.trimEnd());
  if (code !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
