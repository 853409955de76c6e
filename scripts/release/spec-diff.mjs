#!/usr/bin/env node
// What changed in the API between a git ref and the working tree's spec/, per operation, each
// change classified breaking / non-breaking / annotation (scripts/release/diff.mjs says how).
//
//   npm run spec:diff                          since the last release (newest v* tag, else the
//                                              baseline in CHANGELOG.md, else the previous commit)
//   npm run spec:diff -- --base main           since a branch, tag or commit
//   npm run spec:diff -- --json                the diff as JSON, for tools (every operation of
//                                              a change shared by many is listed there)
//   npm run spec:diff -- --annotations         list the annotation changes instead of counting them
//   npm run spec:diff -- --fail-on breaking    exit 1 when there is a breaking change
//   npm run spec:diff -- --base-file a.yaml --head-file b.yaml    two bundled documents
//   npm run changelog                          the "API changes" part of the CHANGELOG section of
//                                              the package's version (since the release before it)
//
// The base is generated/openapi.yaml at that ref (committed and checked fresh, so it is exactly
// the bundle of spec/ there); the head is spec/ bundled now, so uncommitted edits count.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { describeRelease, git, lastRelease, packageVersion, specAt } from './releases.mjs';
import { breakingChanges, diffSpecs } from './diff.mjs';
import { renderMarkdown } from './render.mjs';
import { bundleSpec } from '../spec/spec.mjs';

const USAGE = 'usage: npm run spec:diff -- [--base <git-ref> | --base-file <file>] [--head-file <file>] [--json | --annotations] [--fail-on breaking]';

export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      base: { type: 'string' },
      'base-file': { type: 'string' },
      'head-file': { type: 'string' },
      json: { type: 'boolean', default: false },
      annotations: { type: 'boolean', default: false },
      changelog: { type: 'boolean', default: false },
      'fail-on': { type: 'string' },
    },
  });
  if (values['fail-on'] !== undefined && values['fail-on'] !== 'breaking') throw new Error(`--fail-on takes "breaking", not "${values['fail-on']}"`);
  if (values.base && values['base-file']) throw new Error('give --base or --base-file, not both');

  const base = resolveBase(values);
  const before = base.doc;
  const after = values['head-file'] ? readDocument(values['head-file']) : bundleSpec();
  const headName = values['head-file'] ?? 'working tree';
  const diff = diffSpecs(before, after, { names: [base.name, headName] });

  if (values.json) {
    console.log(JSON.stringify({ base: base.name, head: headName, ...diff }, null, 2));
  } else if (values.changelog) {
    const hint = `npm run spec:diff -- --base ${base.ref ?? base.name} --annotations`;
    console.log(renderMarkdown(diff, { title: `API changes (since ${base.version ?? base.name}, from \`npm run changelog\`)`, level: 3, hint }));
  } else {
    const hint = `npm run spec:diff -- ${argv.filter((a) => a !== '--annotations').join(' ')} --annotations`.replace(/\s+/g, ' ');
    console.log(renderMarkdown(diff, { title: `API changes: ${base.name} → ${headName}`, annotations: values.annotations, hint }));
  }
  return values['fail-on'] === 'breaking' && breakingChanges(diff).length > 0 ? 1 : 0;
}

/** The document to compare against, and a name for it. */
function resolveBase(values) {
  if (values['base-file']) return { doc: readDocument(values['base-file']), name: values['base-file'] };
  if (values.base) return { doc: specAt(values.base), name: values.base };
  const release = lastRelease(values.changelog ? { below: packageVersion() } : {});
  if (release) return { doc: specAt(release.ref), name: describeRelease(release), version: release.version, ref: release.source === 'baseline' ? release.ref.slice(0, 7) : release.ref };
  if (values.changelog) throw new Error(`No release below ${packageVersion()} to compare with`);
  const previous = git(['rev-parse', '--short', 'HEAD~1']);
  return { doc: specAt(previous), name: `previous commit ${previous}` };
}

function readDocument(file) {
  try {
    return YAML.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${error instanceof Error ? error.message : error}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = await main();
  } catch (error) {
    console.error(`spec:diff: ${error instanceof Error ? error.message : error}\n${USAGE}`);
    process.exitCode = 2;
  }
}
