#!/usr/bin/env node
// generated/openapi.yaml → docs/index.html: the API reference as ONE self-contained HTML file.
//   npm run docs                    writes docs/index.html
//   npm run docs -- --out <file>    writes <file> instead (the docs test builds into a temp dir)
//
// Redocly CLI `build-docs` (Redoc 3 in @redocly/cli v2) renders the page. By default that page
// imports Redoc from cdn.redocly.com; here it is made to need no other host:
//   - `--inlineBundle` embeds the Redoc script that @redocly/cli ships (lib/chunks/redoc.standalone.js)
//     instead of importing it from the CDN (Redoc 3 no longer loads Google Fonts at all);
//   - scripts/docs/docs-template.hbs adds a Content-Security-Policy that lets the page load nothing but
//     itself (inline script and styles, data: images) and a data: favicon;
//   - the one remote image Redoc's script still shows (the "API docs by Redocly" logo in the side
//     menu, from cdn.redoc.ly) is swapped for an inline SVG;
//   - the result is checked for anything that would still load from elsewhere.
// The document is decorated before rendering (spec/ is untouched): each operation gets a coloured
// badge with its `x-litemail-evidence` level, a line saying what that level means, and its
// `x-litemail-docs` page as an external-docs link (a link is only followed when clicked).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LEVELS } from '../spec/evidence.mjs';
import { bundledSpecPath, listOperations, loadBundledSpec, redoclyBin, redoclyEnv, redoclyOutput, root } from '../spec/spec.mjs';

export const defaultOut = join(root, 'docs', 'index.html');
export const templatePath = join(root, 'scripts', 'docs', 'docs-template.hbs');

/** Badge per evidence level. The colour must be one of Redoc's tag colours (green, orange, purple,
 * red, blue, grey, …: a `tag-<colour>` class, tinted in the menu and the page) and a CSS colour name
 * (the search overlay paints it as is). scripts/docs/docs-template.hbs stops these badges being truncated. */
export const EVIDENCE_BADGES = {
  documented: { name: 'documented', color: 'green' },
  'method-documented': { name: 'method-documented', color: 'orange' },
  inferred: { name: 'inferred', color: 'purple' },
};

/** Remote images inside Redoc's own script, and the inline stand-ins the page uses instead. */
const REDOCLY_LOGO = svgDataUri(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16">' +
    '<text x="0" y="12" font-family="sans-serif" font-size="12" font-weight="600" fill="#227a88">Redocly</text></svg>',
);
const REDOCLY_LOGO_MINI = svgDataUri(
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">' +
    '<text x="3" y="12" font-family="sans-serif" font-size="12" font-weight="700" fill="#227a88">R</text></svg>',
);
const REMOTE_ASSETS = new Map([
  ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', REDOCLY_LOGO],
  ['https://cdn.redoc.ly/redoc/logo-mini.svg', REDOCLY_LOGO_MINI],
]);

/** Patterns that would make a browser fetch something from another host when the page opens. */
const EXTERNAL_LOADS = [
  { what: '<script src>', re: /<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//gi },
  { what: '<link href>', re: /<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?\/\//gi },
  { what: '<img src>', re: /<img\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//gi },
  { what: '<iframe src>', re: /<iframe\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//gi },
  { what: 'CSS url()', re: /url\(\s*["']?(?:https?:)?\/\//gi },
  { what: 'CSS @import', re: /@import\s+(?:url\()?\s*["']?(?:https?:)?\/\//gi },
  { what: 'ES module import', re: /\b(?:import|from)\s*\(?\s*["'`]https?:\/\//g },
  { what: 'Redocly CDN', re: /cdn\.redocly\.com\/redoc\//g },
  { what: 'Redocly CDN', re: /cdn\.redoc\.ly\//g },
  { what: 'Google Fonts', re: /fonts\.(?:googleapis|gstatic)\.com/g },
];

function svgDataUri(svg) {
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Redoc's URL slug for a tag name (`Payment & Wallet` → `payment-and-wallet`). */
function tagSlug(name) {
  return String(name)
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Redoc routes each tag by a slug of its name, so two tags that differ only in case or punctuation
 * (the spec keeps LiteMail's "Mailboxes" and "MailBoxes" groups) would share one page and the second
 * group could not be opened. In the docs copy, a clashing tag gets a unique name and keeps its
 * visible name as `x-displayName`.
 */
function uniqueTagSlugs(doc) {
  const renamed = new Map();
  const used = new Set();
  for (const tag of doc.tags ?? []) {
    let name = tag.name;
    for (let n = 2; used.has(tagSlug(name)); n++) name = `${tag.name} ${n}`;
    used.add(tagSlug(name));
    if (name !== tag.name) {
      renamed.set(tag.name, name);
      tag['x-displayName'] ??= tag.name;
      tag.name = name;
    }
  }
  if (renamed.size === 0) return;
  for (const { op } of listOperations(doc)) {
    if (Array.isArray(op.tags)) op.tags = op.tags.map((t) => renamed.get(t) ?? t);
  }
  for (const group of doc['x-tagGroups'] ?? []) {
    if (Array.isArray(group.tags)) group.tags = group.tags.map((t) => renamed.get(t) ?? t);
  }
}

/** A copy of the bundled document with the evidence badges and docs links Redoc shows. */
export function decorateForDocs(doc) {
  const out = structuredClone(doc);
  uniqueTagSlugs(out);
  for (const { op } of listOperations(out)) {
    const level = op['x-litemail-evidence'];
    const badge = EVIDENCE_BADGES[level];
    if (badge) {
      const others = (op['x-badges'] ?? []).filter((b) => !Object.values(EVIDENCE_BADGES).some((e) => e.name === b.name));
      op['x-badges'] = [{ ...badge, position: 'after' }, ...others];
    }
    const docsUrl = op['x-litemail-docs'];
    const lines = [];
    if (level) {
      const meaning = LEVELS[level] ?? 'unknown evidence level';
      lines.push(`**Evidence: \`${level}\`** — ${meaning}.`);
    }
    if (docsUrl) {
      lines.push(`LiteMail docs page: [${docsUrl}](${docsUrl})`);
      op.externalDocs ??= { description: 'LiteMail docs page', url: docsUrl };
    } else if (level) {
      lines.push('LiteMail publishes no docs page for it.');
    }
    if (lines.length) op.description = [op.description?.trimEnd(), lines.map((l) => `> ${l}`).join('\n>\n')].filter(Boolean).join('\n\n');
  }
  return out;
}

/** Swaps Redoc's remote images for inline ones and fails if anything else would load from elsewhere. */
export function makeSelfContained(html) {
  let out = html;
  for (const [url, replacement] of REMOTE_ASSETS) out = out.split(url).join(replacement);
  const problems = [];
  for (const { what, re } of EXTERNAL_LOADS) {
    for (const match of out.matchAll(re)) {
      problems.push(`${what}: …${out.slice(Math.max(0, match.index - 60), match.index + 100).replace(/\s+/g, ' ')}…`);
    }
  }
  if (problems.length) {
    throw new Error(`The docs page would load something from another host:\n  ${problems.slice(0, 10).join('\n  ')}`);
  }
  return out;
}

/** Builds the docs page into `out` and returns its path. */
export function buildDocs({ out = defaultOut } = {}) {
  if (!existsSync(bundledSpecPath)) {
    throw new Error(`${relative(root, bundledSpecPath)} is missing: run \`npm run generate\` first.`);
  }
  const doc = decorateForDocs(loadBundledSpec());
  const dir = mkdtempSync(join(tmpdir(), 'litemail-docs-'));
  try {
    const specFile = join(dir, 'openapi.json');
    const htmlFile = join(dir, 'index.html');
    writeFileSync(specFile, JSON.stringify(doc));
    try {
      execFileSync(
        process.execPath,
        [
          redoclyBin,
          'build-docs',
          specFile,
          '--inlineBundle',
          '--template',
          templatePath,
          '--title',
          `${doc.info?.title ?? 'LiteMail API'} ${doc.info?.version ?? ''} — litemail-sdk reference`.trim(),
          '-o',
          htmlFile,
        ],
        { cwd: root, env: redoclyEnv, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      const detail = [error.stdout, error.stderr].filter(Boolean).map(redoclyOutput).join('\n');
      throw new Error(`redocly build-docs failed:\n${detail || error}`);
    }
    const html = makeSelfContained(readFileSync(htmlFile, 'utf8'));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, html);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseArgs(argv) {
  const args = { out: defaultOut };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out' || arg === '-o') {
      const value = argv[++i];
      if (!value) throw new Error(`${arg} needs a file path`);
      args.out = resolve(value);
    } else if (arg.startsWith('--out=')) {
      args.out = resolve(arg.slice('--out='.length));
    } else if (arg === '--help' || arg === '-h') {
      args.help = true;
    } else {
      throw new Error(`Unknown argument: ${arg} (usage: node scripts/docs/docs.mjs [--out <file>])`);
    }
  }
  return args;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args.help) {
      console.log('usage: node scripts/docs/docs.mjs [--out <file>]   (default docs/index.html)');
    } else {
      const out = buildDocs(args);
      const kib = Math.ceil(readFileSync(out).length / 1024);
      console.log(`docs: wrote ${relative(process.cwd(), out) || out} (${kib} KiB, self-contained)`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
