// Reading the spec: bundle spec/ into one document, and walk its operations.
// Shared by generate, evidence, docs, mock, demo and the tests so they all see the same spec.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { resolvePointer } from '../lib/json-pointer.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const specEntry = join(root, 'spec', 'openapi.yaml');
export const bundledSpecPath = join(root, 'generated', 'openapi.yaml');
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Environment for every Redocly CLI call: no telemetry, no update check. */
export const redoclyEnv = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
export const redoclyBin = join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

/**
 * Redocly CLI's output with its Node 20 end-of-life banner taken out. Redocly CLI 2.x (2.77.0, the
 * newest) prints that box on every run under Node 20 and offers no setting to turn it off; its
 * next releases need Node >= 22.12. Our scripts capture Redocly's stderr and show it only when a
 * run fails, so that the failure is not buried under the box, it is dropped here.
 */
export function redoclyOutput(text) {
  return String(text).replace(/\s*╔[^╚]*Node\.js 20 support is ending[^╚]*╚═+╝\n?/, '\n').trim();
}

/** Bundles spec/ (resolving every $ref between its files) into one OpenAPI object. */
export function bundleSpec() {
  const dir = mkdtempSync(join(tmpdir(), 'litemail-bundle-'));
  const out = join(dir, 'openapi.json');
  try {
    execFileSync(process.execPath, [redoclyBin, 'bundle', specEntry, '--ext', 'json', '-o', out], {
      env: redoclyEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return JSON.parse(readFileSync(out, 'utf8'));
  } catch (error) {
    const detail = error.stderr ? redoclyOutput(error.stderr) : String(error);
    throw new Error(`Could not bundle ${specEntry}:\n${detail}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The generated bundle (what Prism, the docs and the tests use). */
export function loadBundledSpec() {
  return YAML.parse(readFileSync(bundledSpecPath, 'utf8'));
}

/** Every operation of a bundled document, in spec order. */
export function listOperations(doc) {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op) ops.push({ path, method: method.toUpperCase(), op, pathParameters: item.parameters ?? [] });
    }
  }
  return ops;
}

/** Follows local `#/...` references inside a bundled document until a non-reference node. */
export function deref(doc, node) {
  let current = node;
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    current = resolvePointer(doc, current.$ref.replace(/^#/, ''));
  }
  return current;
}

export { resolvePointer };
