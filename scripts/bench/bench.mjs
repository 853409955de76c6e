// `npm run bench`: speed and size of litemail-sdk against raw fetch and bare openapi-fetch, and
// optionally against another commit's package (--baseline). Not part of `npm test` (it takes
// minutes and its figures depend on the machine). It builds dist/ first and measures the built
// package, i.e. what users install. The sections (sections.mjs):
//
//   1. per-call time (per-call.mjs)      2. bundle size (size.mjs)
//   3. consumer type-check (typecheck.mjs) 4. pagination (pagination.mjs)
//   5. against a rate-limited server (rate-limited.mjs → ratelimit.mjs)
//
// It writes the run's figures as JSON (node_modules/.cache/bench/last-run.json, or --json <file>;
// `--json -` prints the JSON instead of the tables) and prints them as Markdown tables, the
// targets first (summary.mjs). Progress goes to stderr. The prose of BENCHMARKS.md is written by
// hand around these tables. Flags: flags.mjs (`npm run bench -- --help`).
//
// `npm run bench:validate` (validate.mjs) imports createContender, median and startServer from
// here; they live in rounds.mjs, stats.mjs and server.mjs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from '../build/build.mjs';
import { root } from '../spec/spec.mjs';
import { buildBaseline } from './baseline.mjs';
import { UsageError, parseFlags, usage } from './flags.mjs';
import { report } from './report.mjs';
import { SECTIONS } from './sections.mjs';
import { startServer } from './server.mjs';
import { summarise } from './summary.mjs';

export { createContender } from './rounds.mjs';
export { median } from './stats.mjs';
export { startServer } from './server.mjs';

const known = { sections: SECTIONS.map((s) => s.id), defaultJson: relative(process.cwd(), join(root, 'node_modules', '.cache', 'bench', 'last-run.json')) };
const versionOf = (pkg) => JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;

/** Where and with what the run happens (the load average is read again at the end). */
function environment() {
  const cpus = os.cpus();
  return {
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
      memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      os: `${os.type()} ${os.release()} (${os.arch()})`,
      loadAverage: { start: os.loadavg(), end: os.loadavg() },
    },
    software: {
      node: process.versions.node,
      litemailSdk: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version,
      openapiFetch: versionOf('openapi-fetch'),
      typescript: versionOf('typescript'),
      esbuild: versionOf('esbuild'),
    },
  };
}

/** Runs the chosen sections and returns the run's JSON. */
async function measure(flags, argv, log) {
  const started = performance.now();
  const run = { startedAt: new Date().toISOString(), command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '), quick: flags.quick, ...environment() };
  const sections = SECTIONS.filter((s) => flags.only.includes(s.id));
  log('Building dist/ …');
  await build({ quiet: true });
  const context = {
    sdk: await import(pathToFileURL(join(root, 'dist', 'index.js')).href),
    createClient: (await import('openapi-fetch')).default,
    quick: flags.quick,
    rates: flags.rates,
    log,
    baseline: null,
    server: null,
  };
  let baseline;
  try {
    // Section 5 has no baseline figures: build one only for the others.
    if (flags.baseline && sections.some((s) => s.id !== 'ratelimit')) {
      log(`Building the baseline package at ${flags.baseline} …`);
      baseline = buildBaseline(flags.baseline);
      context.baseline = { ...baseline, sdk: await import(pathToFileURL(baseline.dist('index.js')).href) };
    }
    if (sections.some((s) => s.server)) context.server = await startServer();
    run.sections = {};
    for (const section of sections) run.sections[section.id] = await section.run(context);
  } finally {
    context.server?.stop();
    baseline?.remove();
  }
  run.baseline = baseline ? { ref: baseline.ref, sha: baseline.sha } : null;
  run.summary = summarise(run.sections);
  run.machine.loadAverage.end = os.loadavg();
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

async function main(argv) {
  let flags;
  try {
    flags = parseFlags(argv, known);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage(known)}`);
    process.exitCode = 2;
    return;
  }
  if (flags.help) return console.log(usage(known));
  if (flags.from) return process.stdout.write(report(JSON.parse(readFileSync(flags.from, 'utf8'))));

  const run = await measure(flags, argv, (line) => console.error(line));
  const json = `${JSON.stringify(run, null, 2)}\n`;
  if (flags.json === '-') return process.stdout.write(json);
  mkdirSync(dirname(flags.json), { recursive: true });
  writeFileSync(flags.json, json);
  process.stdout.write(`\n${report(run)}`);
  console.error(`\nThe figures as JSON: ${flags.json}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error?.stack ?? error);
    process.exitCode = 1;
  });
}
