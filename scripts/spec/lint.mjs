#!/usr/bin/env node
// Lints spec/ with Redocly (rules in redocly.yaml) and checks that every example matches its schema.
// Unlike `redocly lint`, a warning fails too: the spec's standard is zero of both.
import { spawnSync } from 'node:child_process';
import { invalidExamples } from './examples.mjs';
import { bundleSpec, redoclyBin, redoclyEnv, redoclyOutput, root, specEntry } from './spec.mjs';

const run = spawnSync(process.execPath, [redoclyBin, 'lint', specEntry, '--format=json'], {
  cwd: root,
  env: redoclyEnv,
  encoding: 'utf8',
});
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`redocly lint did not produce a report:\n${redoclyOutput(run.stderr)}`);
  process.exit(1);
}
for (const problem of report.problems) {
  const at = problem.location?.[0];
  const where = at ? `${at.source.ref}:${at.start?.line ?? '?'} ${at.pointer}` : '';
  console.log(`${problem.severity.toUpperCase()} [${problem.ruleId}] ${problem.message}\n    ${where}`);
}
const exampleProblems = invalidExamples(bundleSpec());
for (const line of exampleProblems) console.log(`ERROR [example-matches-schema] ${line}`);

const { errors, warnings } = report.totals;
const total = errors + warnings + exampleProblems.length;
console.log(`\nspec lint: ${errors + exampleProblems.length} errors, ${warnings} warnings`);
process.exit(total === 0 ? 0 : 1);
