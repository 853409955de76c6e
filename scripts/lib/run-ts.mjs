// Runs a TypeScript script (e.g. scripts/demo/demo.ts) on Node 20, which cannot run .ts itself:
// esbuild bundles it with the client's sources (src/, generated/) into one ES module under
// node_modules/.cache/litemail-sdk/, then this process imports it. About 50 ms; no build step
// for the user, nothing written outside node_modules.
//
//   node scripts/lib/run-ts.mjs scripts/demo/demo.ts [args...]
//
// Packages (openapi-fetch, yaml, …) stay external and load from node_modules. The repository's
// own .mjs helpers (scripts/lib/*.mjs) stay external too: they find the repository root from
// their own import.meta.url, which bundling would move.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheDir = join(root, 'node_modules', '.cache', 'litemail-sdk');

/** @type {import('esbuild').Plugin} */
const keepMjsExternal = {
  name: 'keep-mjs-external',
  setup(b) {
    b.onResolve({ filter: /\.mjs$/ }, (args) => {
      if (args.kind === 'entry-point' || !args.path.startsWith('.')) return undefined;
      return { path: pathToFileURL(resolve(args.resolveDir, args.path)).href, external: true };
    });
  },
};

/**
 * Bundles `entry` and returns the path of the built module (reused while its content is unchanged).
 * @param {string} entry
 */
export async function buildTs(entry) {
  const result = await build({
    entryPoints: [resolve(entry)],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourceRoot: root,
    write: false,
    logLevel: 'silent',
    plugins: [keepMjsExternal],
  });
  const code = result.outputFiles[0].text;
  const name = entry.replace(/^.*[\\/]/, '').replace(/\.[cm]?ts$/, '');
  const file = join(cacheDir, `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename, so two runs at once never import a half-written file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
    // Earlier builds of the same script are stale now.
    for (const old of readdirSync(cacheDir)) {
      if (old.startsWith(`${name}-`) && old.endsWith('.mjs') && join(cacheDir, old) !== file) rmSync(join(cacheDir, old), { force: true });
    }
  }
  return file;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const entry = process.argv[2];
  if (!entry) {
    console.error('usage: node scripts/lib/run-ts.mjs <script.ts> [args...]');
    process.exit(2);
  }
  let file;
  try {
    file = await buildTs(entry);
  } catch (error) {
    console.error(`Could not build ${entry}:\n${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  // The script sees itself as argv[1] and its own arguments after it, as if Node ran it directly.
  process.argv.splice(1, 2, resolve(entry));
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(file).href);
}
