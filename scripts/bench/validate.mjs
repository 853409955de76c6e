// `npm run bench:validate`: what litemail-sdk/validate (the drift reporter) costs, measured on the
// built package like `npm run bench` (whose server and rounds it reuses):
//   1. per call: sequential GET /v1/users (the spec's example body) with and without the reporter,
//      interleaved rounds in one run, the median of the per-round ratios;
//   2. the check alone on a list page (100 mailboxes), per body;
//   3. bundle size (esbuild minified, gzip -9) of the core entry and of litemail-sdk/validate.
// Prints the figures; writes nothing. `--quick` runs fewer rounds.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { createContender, median, startServer } from './bench.mjs';
import { build } from '../build/build.mjs';
import { loadBundledSpec, root } from '../spec/spec.mjs';
import { mediaExamples } from '../spec/examples.mjs';

const ROUNDS = process.argv.includes('--quick') ? 4 : 30;
const CALLS_PER_ROUND = 400;
const API_KEY = 'lm_bench_key'; // the key bench.mjs's server accepts

async function perCall(sdk, validate, baseUrl) {
  const contender = (name, middleware) => {
    const client = sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl });
    if (middleware) client.use(middleware);
    return createContender(name, 'validate', async () => {
      const { data } = await client.GET('/v1/users');
      if (!data?.success) throw new Error(`${name}: bad response`);
    });
  };
  const unexpected = (d) => {
    throw new Error(`bench: unexpected drift ${validate.describeDrift(d)}`);
  };
  const contenders = [
    contender('litemail-sdk'),
    // Any middleware makes openapi-fetch take its middleware path (an id per call, frozen options):
    // this row separates that from the reporter's own work.
    contender('litemail-sdk + a no-op middleware', { onResponse: () => undefined }),
    contender('litemail-sdk + validateResponses()', validate.validateResponses({ onDrift: unexpected })),
  ];
  for (const c of contenders) await c.round(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
    if (round % 2) order.reverse();
    for (const c of order) c.samples.push(await c.round());
  }
  const [plain] = contenders;
  return contenders.map((c) => ({
    name: c.name,
    us: median(c.samples.map((s) => (s.wall * 1000) / CALLS_PER_ROUND)),
    wallRatio: median(c.samples.map((s, i) => s.wall / plain.samples[i].wall)),
    cpuRatio: median(c.samples.map((s, i) => s.cpu / plain.samples[i].cpu)),
  }));
}

/** The interpreter alone on a 100-item page of GET /v1/mailboxes (no I/O). */
function checkOnly(check) {
  const doc = loadBundledSpec();
  const page = structuredClone(mediaExamples(doc.paths['/v1/mailboxes'].get.responses['200'].content['application/json'])[0][1]);
  const [items] = Object.values(page.data).filter(Array.isArray);
  while (items.length < 100) items.push({ ...items[0] });
  const text = JSON.stringify(page);
  const runs = 1000;
  const timed = (fn) => {
    const samples = [];
    for (let r = 0; r < 7; r++) {
      const started = performance.now();
      for (let i = 0; i < runs; i++) fn();
      samples.push(((performance.now() - started) * 1000) / runs);
    }
    return median(samples);
  };
  const parse = timed(() => JSON.parse(text));
  const checked = timed(() => {
    if (check('GET', '/v1/mailboxes', 200, page).length) throw new Error('bench: the page drifts');
  });
  return { bytes: text.length, us: checked, parseUs: parse };
}

async function size(contents) {
  const result = await esbuild({ stdin: { contents, resolveDir: root, loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'error' });
  const code = result.outputFiles[0].contents;
  return `${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzip`;
}

await build({ quiet: true });
const dist = (file) => pathToFileURL(join(root, 'dist', file)).href;
const sdk = await import(dist('index.js'));
const validate = await import(dist('validate.js'));
// The interpreter as the package bundles it (src/schema-check.ts is not an entry of its own).
const interpreter = join(root, 'node_modules', '.cache', 'bench-schema-check.mjs');
await esbuild({ entryPoints: [join(root, 'src', 'schema-check.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: interpreter, logLevel: 'error' });
const { checkResponse } = await import(pathToFileURL(interpreter).href);

const server = await startServer();
let calls;
try {
  calls = await perCall(sdk, validate, server.url);
} finally {
  server.stop();
}
const page = checkOnly(checkResponse);
const distPath = (file) => JSON.stringify(join(root, 'dist', file));
console.log(`litemail-sdk/validate, ${ROUNDS} rounds × ${CALLS_PER_ROUND} calls of GET /v1/users per contender, interleaved:`);
for (const c of calls) {
  console.log(`  ${c.name}: ${c.us.toFixed(1)} µs per call; vs litemail-sdk (median of per-round ratios): wall ${c.wallRatio.toFixed(3)}×, CPU ${c.cpuRatio.toFixed(3)}×`);
}
console.log(`  the check alone on a ${page.bytes}-byte page of 100 mailboxes: ${page.us.toFixed(1)} µs per body (JSON.parse of it: ${page.parseUs.toFixed(1)} µs)`);
console.log(`  core entry (createLiteMailClient, unwrap): ${await size(`export { createLiteMailClient, unwrap } from ${distPath('index.js')};`)}`);
console.log(`  litemail-sdk/validate alone: ${await size(`export { validateResponses, LiteMailDriftError } from ${distPath('validate.js')};`)}`);
console.log(`  both entries: ${await size(`export { createLiteMailClient, unwrap } from ${distPath('index.js')};\nexport { validateResponses } from ${distPath('validate.js')};`)}`);
