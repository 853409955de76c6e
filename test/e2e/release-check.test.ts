// `npm run release:check` in a fresh clone, as CI runs it: no tags, so the last release is the
// 0.1.0 baseline recorded in CHANGELOG.md. The clone gets the working tree's scripts, spec and
// package files (so the check under test is the one being edited), and the repository's
// node_modules through a link.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { root } from '../../scripts/spec/spec.mjs';

const BASELINE = 'e861f96';
let clone: string;

const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
type Result = { status: number; stdout: string };
/** `npm run release:check -- <args>` in the clone. */
const releaseCheck = (...args: string[]) =>
  new Promise<Result>((resolve) =>
    execFile(process.execPath, [join(clone, 'scripts', 'release', 'release-check.mjs'), ...args], { cwd: clone, encoding: 'utf8' }, (error, stdout) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout }),
    ),
  );
// The checks that leave the clone as it is run side by side, before the tests that edit it.
let plain: Result;
let wrongTag: Result;
let rightTag: Result;
const editJson = (file: string, edit: (value: any) => void) => {
  const value = JSON.parse(readFileSync(join(clone, file), 'utf8'));
  edit(value);
  writeFileSync(join(clone, file), `${JSON.stringify(value, null, 2)}\n`);
};

beforeAll(async () => {
  const outDir = join(root, 'test-output');
  mkdirSync(outDir, { recursive: true });
  clone = join(mkdtempSync(join(outDir, 'release-check-')), 'repo');
  execFileSync('git', ['clone', '--quiet', '--no-tags', root, clone]);
  for (const part of ['scripts', 'spec', 'generated', 'CHANGELOG.md', 'package.json']) cpSync(join(root, part), join(clone, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');
  [plain, wrongTag, rightTag] = await Promise.all([releaseCheck(), releaseCheck('--tag', 'v0.3.0'), releaseCheck('--tag', 'v0.2.0')]);
}, 120_000);
afterAll(() => rmSync(join(clone, '..'), { recursive: true, force: true }));

// Each check bundles the spec and diffs it with the baseline's: several seconds on a busy machine.
describe('npm run release:check in a clone without tags', { timeout: 120_000 }, () => {
  it('compares package.json with the baseline 0.1.0 recorded in CHANGELOG.md', () => {
    expect(git('tag', '--list')).toBe('');
    expect(plain.stdout).toContain(`against the last release 0.1.0 (baseline commit ${BASELINE} in CHANGELOG.md)`);
    expect(plain.status).toBe(0);
  });

  it('refuses a patch bump over a breaking change, and names the change', async () => {
    // Remove the spec's first path, and call the result 0.1.1.
    const specFile = join(clone, 'spec', 'openapi.yaml');
    const original = readFileSync(specFile, 'utf8');
    const spec = YAML.parseDocument(original);
    const removed = String((spec.get('paths') as any).items[0].key);
    (spec.get('paths') as any).items.shift();
    writeFileSync(specFile, spec.toString());
    const changelog = readFileSync(join(clone, 'CHANGELOG.md'), 'utf8');
    editJson('package.json', (pkg) => (pkg.version = '0.1.1'));
    writeFileSync(join(clone, 'CHANGELOG.md'), changelog.replace('## 0.2.0', '## 0.1.1'));
    try {
      const result = await releaseCheck();
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('0.1.0 → 0.1.1 is a patch bump, but there are breaking API changes since 0.1.0: it needs a minor bump (at least 0.2.0)');
      expect(result.stdout).toMatch(new RegExp(`- .*\`[A-Z]+ ${removed.replace(/[{}]/g, '\\$&')}\`\\): operation removed`));
    } finally {
      writeFileSync(specFile, original);
      writeFileSync(join(clone, 'CHANGELOG.md'), changelog);
      editJson('package.json', (pkg) => (pkg.version = '0.2.0'));
    }
  });

  it('a version without a CHANGELOG section fails', async () => {
    editJson('package.json', (pkg) => (pkg.version = '0.2.1'));
    try {
      const result = await releaseCheck();
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('ERROR: CHANGELOG.md has no "## 0.2.1" section');
    } finally {
      editJson('package.json', (pkg) => (pkg.version = '0.2.0'));
    }
  });

  it('on a release tag: the tag must name the version, and no placeholder may be left', async () => {
    expect(wrongTag.status).toBe(1);
    expect(wrongTag.stdout).toContain("tag v0.3.0 does not name package.json's version 0.2.0 (expected v0.2.0)");
    // The section as it stands (filled in) passes; with a PLACEHOLDER line left in it, it does not.
    expect(rightTag.status).toBe(0);
    const changelogFile = join(clone, 'CHANGELOG.md');
    const changelog = readFileSync(changelogFile, 'utf8');
    writeFileSync(changelogFile, changelog.replace('### Library changes\n', '### Library changes\n\n- PLACEHOLDER: to be written\n'));
    try {
      const placeholder = await releaseCheck('--tag', 'v0.2.0');
      expect(placeholder.status).toBe(1);
      expect(placeholder.stdout).toContain("ERROR: CHANGELOG.md's 0.2.0 section still has a PLACEHOLDER");
    } finally {
      writeFileSync(changelogFile, changelog);
    }
  });

  it('a v* tag is the last release once there is one', async () => {
    git('tag', 'v0.1.5');
    try {
      const result = await releaseCheck();
      expect(result.stdout).toContain('against the last release 0.1.5 (tag v0.1.5)');
      expect(result.status).toBe(0);
    } finally {
      git('tag', '-d', 'v0.1.5');
    }
  });
});
