// The `litemail` command and the MCP server are users of the package like any other: src/cli/ may
// import only the package's public entries (litemail-sdk, litemail-sdk/operations,
// litemail-sdk/validate), its own files, the generated operation table it bundles, Node's modules
// and npm packages. Reaching into the library's internals (../unwrap.js, ../config.js, …) would let
// the CLI depend on something the library is free to change.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/run-node.js';

const cliDir = join(repoRoot, 'src', 'cli');
const PUBLIC_ENTRIES = new Set(['../index.js', '../operations.js', '../validate.js']);
const BUNDLED_DATA = new Set(['../../generated/operation-details.json']);

/** Every module specifier of a TypeScript file: static imports and re-exports, and dynamic `import()`. */
function specifiers(source: string): string[] {
  const found = [
    ...source.matchAll(/^\s*(?:import|export)\s[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((match) => match[1]!);
}

function allowed(specifier: string): boolean {
  if (specifier.startsWith('./')) return !specifier.slice(2).includes('..');
  if (specifier.startsWith('../')) return PUBLIC_ENTRIES.has(specifier) || BUNDLED_DATA.has(specifier);
  return !specifier.startsWith('/'); // node:… and npm packages
}

describe('src/cli imports', () => {
  const files = readdirSync(cliDir).filter((name) => name.endsWith('.ts'));

  it('finds the modules it checks (and their imports)', () => {
    expect(files).toContain('main.ts');
    expect(specifiers(readFileSync(join(cliDir, 'main.ts'), 'utf8')).length).toBeGreaterThan(3);
  });

  it.each(files)('%s imports only public entries of the package, its own files and packages', (file) => {
    const bad = specifiers(readFileSync(join(cliDir, file), 'utf8')).filter((specifier) => !allowed(specifier));
    expect(bad).toEqual([]);
  });

  it('the check sees a reach into the internals, a static one and a dynamic one', () => {
    const planted = `import { apiError } from '../unwrap.js';\nexport type { X } from '../config.js';\nconst m = await import('../transport.js');`;
    expect(specifiers(planted).filter((specifier) => !allowed(specifier))).toEqual(['../unwrap.js', '../config.js', '../transport.js']);
  });
});
