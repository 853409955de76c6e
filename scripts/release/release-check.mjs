#!/usr/bin/env node
// The version rule: package.json's version against the API changes since the last release.
//   while 0.x, a breaking API change since the last release needs a minor bump, anything else at
//   least a patch; from 1.0 on, a breaking change needs a major bump.
// Also: CHANGELOG.md has a section for the version, and the version is not one already released
// with a different spec.
//
//   npm run release:check                                   CI: on every push
//   npm run release:check -- --tag v0.2.0 --notes-out notes.md
//       the release workflow: the tag must name package.json's version, the changelog section must
//       have no placeholder left, and the section is written to notes.md for the GitHub release.
//
// The last release is the newest `v*` tag below the version, else the baseline recorded in
// CHANGELOG.md (scripts/release/releases.mjs).
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { changelogSection, describeRelease, git, lastRelease, packageVersion, readChangelog, specAt } from './releases.mjs';
import { breakingChanges, diffSpecs } from './diff.mjs';
import { bundleSpec } from '../spec/spec.mjs';
import { checkBump, parseVersion } from './versioning.mjs';

/** Text that marks a part of a changelog section still to be written. */
export const PLACEHOLDER = 'PLACEHOLDER';
const SHOWN_BREAKING = 25;

export function main(argv = process.argv.slice(2), log = console.log) {
  const { values } = parseArgs({ args: argv, options: { tag: { type: 'string' }, 'notes-out': { type: 'string' } } });
  const version = packageVersion();
  parseVersion(version);
  const changelog = readChangelog();
  const problems = [];

  const section = changelogSection(changelog, version);
  if (!section) problems.push(`CHANGELOG.md has no "## ${version}" section`);
  if (values.tag !== undefined) {
    if (values.tag !== `v${version}`) problems.push(`tag ${values.tag} does not name package.json's version ${version} (expected v${version})`);
    if (section?.includes(PLACEHOLDER)) problems.push(`CHANGELOG.md's ${version} section still has a ${PLACEHOLDER}`);
  } else if (section?.includes(PLACEHOLDER)) {
    log(`note: CHANGELOG.md's ${version} section still has a ${PLACEHOLDER} (a release refuses it)`);
  }

  const head = bundleSpec();
  const sameVersionTag = git(['tag', '--list', `v${version}`]);
  if (sameVersionTag && git(['rev-parse', `${sameVersionTag}^{commit}`]) !== git(['rev-parse', 'HEAD'])) {
    const since = diffSpecs(specAt(sameVersionTag), head, { names: [`the spec at ${sameVersionTag}`, 'spec/'] });
    const changed = since.operations.length + since.document.length;
    if (changed > 0) problems.push(`${version} is already released (tag ${sameVersionTag}) and the API changed since: bump the version`);
  }

  const release = lastRelease({ below: version, changelog });
  if (!release) {
    problems.push(`no release below ${version} to compare with: tag one (v*) or record a baseline in CHANGELOG.md`);
  } else {
    const diff = diffSpecs(specAt(release.ref), head, { names: [`the spec at ${release.ref}`, 'spec/'] });
    const breaking = breakingChanges(diff);
    const { counts } = diff;
    log(`release:check: ${version} against the last release ${describeRelease(release)}`);
    log(`API changes since then: ${counts.breaking} breaking, ${counts['non-breaking']} non-breaking, ${counts.annotation} annotation`);
    const bump = checkBump(release.version, version, breaking.length > 0);
    if (bump.problem) {
      problems.push(bump.problem);
      if (breaking.length) {
        log(`\nBreaking changes since ${release.version}:`);
        for (const line of breaking.slice(0, SHOWN_BREAKING)) log(`  - ${line}`);
        if (breaking.length > SHOWN_BREAKING) log(`  … and ${breaking.length - SHOWN_BREAKING} more (npm run spec:diff -- --base ${release.ref})`);
      }
    } else {
      log(`${release.version} → ${version} is a ${bump.actual} bump; the rule asks for at least a ${bump.required} bump: ok`);
    }
  }

  if (values['notes-out'] && section) writeFileSync(values['notes-out'], `${section}\n`);
  for (const problem of problems) log(`ERROR: ${problem}`);
  return problems.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main();
  } catch (error) {
    console.error(`release:check: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 2;
  }
}
