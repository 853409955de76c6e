// `--baseline <ref>`: another commit's package, built from a detached git worktree in the system's
// temporary folder, with a node_modules of links to this checkout's packages. The sections measure
// it in the same rounds as today's.
//
// Not under this checkout's node_modules/: TypeScript takes files whose path has a node_modules
// folder for a library's and emits no declarations for them, so the baseline's dist/types would
// hold its entry files only. Its own node_modules/ is a real folder (of links) so that its build's
// scratch folder (node_modules/.cache) is on the same file system as its dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { root } from '../spec/spec.mjs';

/**
 * Builds `ref` and returns where its package is. Call `remove()` when done.
 * @returns {{ ref: string, sha: string, root: string, dist: (file: string) => string | undefined, doc: () => any, remove: () => void }}
 */
export function buildBaseline(ref) {
  const sha = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  const parent = mkdtempSync(join(os.tmpdir(), `litemail-bench-baseline-${sha}-`));
  const dir = join(parent, 'litemail-sdk');
  const remove = () => {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' });
    rmSync(parent, { recursive: true, force: true });
  };
  execFileSync('git', ['worktree', 'prune'], { cwd: root });
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', dir, sha], { cwd: root });
  try {
    mkdirSync(join(dir, 'node_modules'));
    for (const name of readdirSync(join(root, 'node_modules')).filter((n) => n !== '.cache')) {
      symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
    }
    // Commits before the scripts/ folders had the build script at scripts/build.mjs.
    const buildScript = [join(dir, 'scripts', 'build', 'build.mjs'), join(dir, 'scripts', 'build.mjs')].find((f) => existsSync(f));
    execFileSync(process.execPath, [buildScript], { cwd: dir, stdio: 'ignore' });
  } catch (error) {
    remove();
    throw error;
  }
  return {
    ref,
    sha,
    root: dir,
    /** A file of its dist/, or undefined when that commit did not build it (an entry it did not have). */
    dist: (file) => (existsSync(join(dir, 'dist', file)) ? join(dir, 'dist', file) : undefined),
    /** Its bundled spec (the operations its types know). */
    doc: () => YAML.parse(readFileSync(join(dir, 'generated', 'openapi.yaml'), 'utf8')),
    remove,
  };
}
