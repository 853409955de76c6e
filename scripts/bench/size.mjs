// Section 2, bundle size: what an application pays to ship each entry of the built package,
// bundled by esbuild (minified, browser, ESM, openapi-fetch bundled in) and gzipped at level 9,
// today's dist/ beside the --baseline package's. Also the minified bytes of each source file in
// the core entry (bundled from src/), to see where its size comes from.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { root } from '../spec/spec.mjs';
import { kB, markdownTable, orDash } from './table.mjs';

/** The entries measured: what a user's module imports, from which file of dist/. */
const ENTRIES = [
  { id: 'core', label: '`export { createLiteMailClient, unwrap } from "litemail-sdk"` (the core entry)', file: 'index.js', names: 'createLiteMailClient, unwrap' },
  { id: 'client', label: '`export { createLiteMailClient } from "litemail-sdk"`', file: 'index.js', names: 'createLiteMailClient' },
  { id: 'all', label: '`export * from "litemail-sdk"`', file: 'index.js' },
  { id: 'validate', label: '`export * from "litemail-sdk/validate"`', file: 'validate.js' },
  { id: 'operations', label: '`export * from "litemail-sdk/operations"`', file: 'operations.js' },
];

async function bundle(contents) {
  const result = await esbuild({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
    .map(([file, info]) => ({ file: file.replace(/^.*node_modules\//, ''), min: info.bytesInOutput }))
    .filter(({ min }) => min > 0)
    .sort((x, y) => y.min - x.min);
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs };
}

/** The size of one entry of the package whose dist/ files `distFile` finds, or null when it has no such file. */
async function entrySize(entry, distFile) {
  const file = distFile(entry.file);
  if (!file) return null;
  const { min, gzip } = await bundle(`export ${entry.names ? `{ ${entry.names} }` : '*'} from ${JSON.stringify(file)};`);
  return { min, gzip };
}

export async function run({ baseline, log }) {
  log('Bundle size …');
  const entries = [];
  for (const entry of ENTRIES) {
    entries.push({
      id: entry.id,
      label: entry.label,
      now: await entrySize(entry, (file) => join(root, 'dist', file)),
      baseline: baseline ? await entrySize(entry, baseline.dist) : null,
    });
  }
  const { min, gzip } = await bundle(`export { default as createClient } from 'openapi-fetch';`);
  entries.push({ id: 'openapi-fetch', label: '`export { default as createClient } from "openapi-fetch"`', now: { min, gzip }, baseline: null });
  const fromSrc = await bundle(`export { createLiteMailClient, unwrap } from './src/index.ts';`);
  return { entries, coreSources: fromSrc.inputs };
}

export function table(data, run) {
  const withBaseline = data.entries.some((e) => e.baseline);
  const header = ['entry', 'minified', 'gzip', ...(withBaseline ? [`gzip at ${run.baseline?.sha ?? 'the baseline'}`] : [])];
  const row = (label, now, then) => [label, orDash(now?.min, kB), orDash(now?.gzip, kB), ...(withBaseline ? [orDash(then?.gzip, kB)] : [])];
  const core = data.entries.find((e) => e.id === 'core');
  const base = data.entries.find((e) => e.id === 'openapi-fetch');
  const share = (e) => e && { min: e.min - base.now.min, gzip: e.gzip - base.now.gzip };
  const entries = markdownTable(header, [
    ...data.entries.map((e) => row(e.label, e.now, e.baseline)),
    row("litemail-sdk's own share of the core entry (core − openapi-fetch)", share(core.now), share(core.baseline)),
  ]);
  const sources = markdownTable(
    ['source file in the core entry (bundled from src/)', 'minified'],
    data.coreSources.map(({ file, min }) => [file, kB(min)]),
  );
  return `${entries}\n\n${sources}`;
}
