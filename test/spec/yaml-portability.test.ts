// The spec must mean the same to every YAML loader. YAML 1.1 loaders (PyYAML, and many others)
// turn an unquoted 2026-04-15T00:00:00.000Z into a datetime object, `on`/`no` into booleans and
// 0123 into an octal number; `json.dumps` of such a load fails, and the examples change meaning.
// So the shipped bundle and every file of spec/ are loaded here as YAML 1.1 and compared with
// their YAML 1.2 load (what the tooling of this repository reads).
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { bundledSpecPath, root } from '../../scripts/spec/spec.mjs';

const specFiles = [join(root, 'spec', 'openapi.yaml'), ...readdirSync(join(root, 'spec', 'paths')).map((f) => join(root, 'spec', 'paths', f))];

/** JSON pointers of every value in `value` that is not plain JSON data (a Date, a Set, a Map, a Buffer, …). */
function nonJsonValues(value: unknown, pointer = ''): string[] {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonJsonValues(v, `${pointer}/${i}`));
  if (Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value as object).flatMap(([k, v]) => nonJsonValues(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return [`${pointer} (${Object.prototype.toString.call(value)})`];
}

/** Every string in a loaded document that looks like a date or a timestamp. */
function dateStrings(value: unknown): string[] {
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}/.test(value) ? [value] : [];
  if (value && typeof value === 'object') return Object.values(value).flatMap(dateStrings);
  return [];
}

describe('the spec loads the same in YAML 1.1 and YAML 1.2', () => {
  it.each([bundledSpecPath, ...specFiles].map((file) => [relative(root, file), file]))('%s', (_, file) => {
    const text = readFileSync(file, 'utf8');
    const yaml11 = YAML.parse(text, { version: '1.1' });
    const yaml12 = YAML.parse(text);
    expect(nonJsonValues(yaml11)).toEqual([]);
    // The JSON round trip works and gives exactly what a YAML 1.2 loader reads.
    expect(JSON.parse(JSON.stringify(yaml11))).toEqual(yaml12);
  });

  it('is not vacuous: the bundle holds the example dates, as strings', () => {
    const dates = dateStrings(YAML.parse(readFileSync(bundledSpecPath, 'utf8'), { version: '1.1' }));
    expect(dates.length).toBeGreaterThan(100);
    expect(dates).toContain('2026-12-31T00:00:00.000Z');
  });
});
