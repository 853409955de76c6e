// Where the last release is, and the spec as it was there.
//
// A release is a `v*` git tag (v0.2.0). Before the first tag existed, 0.1.0 was recorded in
// CHANGELOG.md as a baseline commit:
//   <!-- release-baseline: 0.1.0 <commit> -->
// so the version rule and `spec:diff` work in a clone that has no tags (CI clones often don't).
// Either way the commit must be in the clone's history: a shallow clone needs `fetch-depth: 0`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { root } from '../spec/spec.mjs';
import { compareVersions, parseVersion } from './versioning.mjs';

export const changelogPath = join(root, 'CHANGELOG.md');
const BASELINE = /<!--\s*release-baseline:\s*(\S+)\s+([0-9a-f]{7,40})\s*-->/;

/** @typedef {{ version: string, ref: string, source: 'tag' | 'baseline' }} Release */

export function git(args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function packageVersion() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

export function readChangelog() {
  return readFileSync(changelogPath, 'utf8');
}

/** The `## <version>` section of the changelog (heading included), or undefined. */
export function changelogSection(text, version) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^## \\[?${version.replace(/\./g, '\\.')}\\]?(\\s|$)`).test(line));
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  return lines.slice(start, end < 0 ? undefined : end).join('\n').trim();
}

/** Every release reachable from HEAD, newest first: the `v*` tags, and the changelog's baseline. @returns {Release[]} */
export function releases(changelog = readChangelog()) {
  /** @type {Release[]} */
  const found = [];
  for (const tag of git(['tag', '--merged', 'HEAD', '--list', 'v*']).split('\n').filter(Boolean)) {
    try {
      found.push({ version: parseVersion(tag).text, ref: tag, source: 'tag' });
    } catch {
      // not a version tag (e.g. v-next): not a release
    }
  }
  const baseline = BASELINE.exec(changelog);
  if (baseline && !found.some((r) => r.version === baseline[1])) found.push({ version: baseline[1], ref: baseline[2], source: 'baseline' });
  return found.sort((a, b) => compareVersions(b.version, a.version));
}

/** The newest release below `version` (or the newest of all without it). @returns {Release | undefined} */
export function lastRelease({ below, changelog } = {}) {
  return releases(changelog).find((r) => below === undefined || compareVersions(r.version, below) < 0);
}

/** generated/openapi.yaml as committed at `ref` (generated/ is always committed and checked fresh). */
export function specAt(ref) {
  let text;
  try {
    text = git(['show', `${ref}:generated/openapi.yaml`]);
  } catch (error) {
    const detail = String(error.stderr ?? error).trim();
    const shallow = git(['rev-parse', '--is-shallow-repository']) === 'true';
    throw new Error(
      `Cannot read generated/openapi.yaml at ${ref}: ${detail}` +
        (shallow ? '\nThis clone is shallow: fetch the history and tags (actions/checkout with fetch-depth: 0).' : ''),
    );
  }
  return YAML.parse(text);
}

/** A short, readable name for a release. */
export function describeRelease(/** @type {Release} */ release) {
  return release.source === 'tag' ? `${release.version} (tag ${release.ref})` : `${release.version} (baseline commit ${release.ref.slice(0, 7)} in CHANGELOG.md)`;
}
