// The layering of src/, checked on the import statements: run-time values from generated/ enter
// through src/facts.ts alone (types may be imported anywhere), and the core never imports the
// modules that build on it (the entries litemail-sdk/operations and litemail-sdk/validate, the CLI).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const src = join(root, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Each `import … from '…'` / `export … from '…'` of a file: whether it is type-only, and the specifier. */
function imports(file: string): { typeOnly: boolean; from: string }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => ({ typeOnly: !!m[2], from: m[3]! }));
}

const files = sources(src).map((file) => ({ name: relative(src, file), imports: imports(file) }));

describe('src/ layering', () => {
  it('reads its sources (a guard against a broken walk)', () => {
    expect(files.map((f) => f.name)).toContain('facts.ts');
    expect(files.map((f) => f.name)).toContain(join('send', 'retry.ts'));
  });

  it('imports run-time values from generated/ only in src/facts.ts (and the CLI its bundled data)', () => {
    const offenders = files
      .filter((f) => f.name !== 'facts.ts' && !f.name.startsWith(`cli${sep}`))
      .flatMap((f) => f.imports.filter((i) => !i.typeOnly && i.from.includes('/generated/')).map((i) => `${f.name} → ${i.from}`));
    expect(offenders).toEqual([]);
  });

  it('the core does not import what builds on it (operations, validate, cli)', () => {
    const layered = new Set(['operations.ts', 'validate.ts', 'schema-check.ts']);
    const offenders = files
      .filter((f) => !layered.has(f.name) && !f.name.startsWith(`cli${sep}`))
      .flatMap((f) => f.imports.filter((i) => /\/(operations|validate|schema-check)\.js$|\/cli\//.test(i.from) && !i.from.includes('/generated/')).map((i) => `${f.name} → ${i.from}`));
    expect(offenders).toEqual([]);
  });
});
