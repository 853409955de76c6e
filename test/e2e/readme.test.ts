// The README and CONTRIBUTING.md are part of the product: the README's TypeScript blocks must
// compile against the real client, and the tables of both must say what the spec, the suite and
// package.json say.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evidenceTable } from '../../scripts/spec/evidence.mjs';
import { loadBundledSpec, root } from '../../scripts/spec/spec.mjs';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const contributing = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');
const between = (name: string, text = readme) => {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(text);
  if (!match) throw new Error(`no ${name} markers`);
  return match[1]!;
};

describe('README', () => {
  const outDir = join(root, 'test-output');
  mkdirSync(outDir, { recursive: true });
  const dir = mkdtempSync(join(outDir, 'readme-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every TypeScript block type-checks against the client', () => {
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    blocks.forEach((code, i) => writeFileSync(join(dir, `block-${i + 1}.ts`), `${code}\nexport {};\n`));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.json',
        compilerOptions: { paths: { 'litemail-sdk': ['../../src/index.ts'], 'litemail-sdk/validate': ['../../src/validate.ts'], 'litemail-sdk/operations': ['../../src/operations.ts'] } },
        include: ['*.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('CONTRIBUTING.md shows the evidence table the spec produces', () => {
    expect(between('evidence-table', contributing)).toBe(evidenceTable(loadBundledSpec()));
  });

  it('lists each difference from openapi-fetch once, each with its own test (and no test without a row)', () => {
    const ids = [...between('openapi-fetch-differences').matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1]!);
    const suite = readFileSync(join(root, 'test/client/openapi-fetch-compat.test.ts'), 'utf8');
    const tested = [...suite.matchAll(/^ {2}it\(['"]([\w-]+): /gm)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...tested].sort());
  });

  it('CONTRIBUTING.md lists every npm script, and only those', () => {
    const scripts = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts).sort();
    const listed = [...between('scripts-table', contributing).matchAll(/^\| `npm (?:run )?([\w:]+)`/gm)].map((m) => m[1]!).sort();
    expect(listed).toEqual(scripts);
  });
});
