// The version rule, as pure functions: how big a bump a set of API changes needs.
//   while 0.x:  a breaking API change needs a minor bump (0.1.3 → 0.2.0), anything else a patch;
//   from 1.0:   a breaking API change needs a major bump, anything else a patch.
// A version with a pre-release part (1.0.0-rc.1) is compared by its MAJOR.MINOR.PATCH.

/** @typedef {{ major: number, minor: number, patch: number, text: string }} Version */
/** @typedef {'major' | 'minor' | 'patch'} Bump */

const RANK = { patch: 1, minor: 2, major: 3 };

/** @returns {Version} */
export function parseVersion(text) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(String(text).trim());
  if (!match) throw new Error(`"${text}" is not a version (expected MAJOR.MINOR.PATCH, e.g. 0.2.0)`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), text: String(text).trim().replace(/^v/, '') };
}

/** Negative, zero or positive, as `a` is below, equal to or above `b` (MAJOR.MINOR.PATCH only). */
export function compareVersions(a, b) {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** The smallest bump from `previous` that the rule allows. @returns {Bump} */
export function requiredBump(previous, hasBreaking) {
  if (!hasBreaking) return 'patch';
  return parseVersion(previous).major === 0 ? 'minor' : 'major';
}

/** What kind of bump `previous` → `next` is, or undefined when `next` is not above `previous`. @returns {Bump | undefined} */
export function bumpKind(previous, next) {
  const [p, n] = [parseVersion(previous), parseVersion(next)];
  if (compareVersions(next, previous) <= 0) return undefined;
  if (n.major > p.major) return 'major';
  if (n.minor > p.minor) return 'minor';
  return 'patch';
}

/**
 * Checks `previous` → `next` against the rule. `problem` says what is wrong and which version
 * would do; undefined when the bump is big enough.
 */
export function checkBump(previous, next, hasBreaking) {
  const required = requiredBump(previous, hasBreaking);
  const actual = bumpKind(previous, next);
  const p = parseVersion(previous);
  const smallest = { patch: `${p.major}.${p.minor}.${p.patch + 1}`, minor: `${p.major}.${p.minor + 1}.0`, major: `${p.major + 1}.0.0` }[required];
  let problem;
  if (!actual) problem = `version ${next} is not above the last release ${previous}: it needs at least ${smallest}`;
  else if (RANK[actual] < RANK[required]) {
    const why = hasBreaking ? `there are breaking API changes since ${previous}` : 'every release needs a new version';
    problem = `${previous} → ${next} is a ${actual} bump, but ${why}: it needs a ${required} bump (at least ${smallest})`;
  }
  return { required, actual, smallest, problem };
}
