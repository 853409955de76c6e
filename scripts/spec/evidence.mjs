#!/usr/bin/env node
// Prints how many operations the spec holds at each evidence level, as the Markdown table the
// CONTRIBUTING.md shows (a test keeps the two equal). `--list` also lists the operations of each level.
import { pathToFileURL } from 'node:url';
import { listOperations, loadBundledSpec } from './spec.mjs';

export const LEVELS = {
  documented: 'method and path seen on a LiteMail docs page',
  'method-documented': 'method seen on a LiteMail docs page, path designed here',
  inferred: 'designed here from the title, guided by Zapmail',
};

export function evidenceTable(doc) {
  const ops = listOperations(doc);
  const lines = ['| evidence | meaning | operations |', '|---|---|---:|'];
  for (const [level, meaning] of Object.entries(LEVELS)) {
    const count = ops.filter(({ op }) => op['x-litemail-evidence'] === level).length;
    lines.push(`| \`${level}\` | ${meaning} | ${count} |`);
  }
  lines.push(`| **total** | | **${ops.length}** |`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const doc = loadBundledSpec();
  console.log(evidenceTable(doc));
  if (process.argv.includes('--list')) {
    for (const level of Object.keys(LEVELS)) {
      console.log(`\n${level}:`);
      for (const { method, path, op } of listOperations(doc)) {
        if (op['x-litemail-evidence'] === level) console.log(`  ${method} ${path}  ${op.summary}`);
      }
    }
  }
}
