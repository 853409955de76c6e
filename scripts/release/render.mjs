// The spec:diff report as Markdown, for a reviewer and for CHANGELOG.md: counts, the retry
// behaviour changes, then one section per class. A change made to several operations is listed
// once under the group of operations it is made to (the operations themselves are in the JSON
// report when there are many); annotations are a count unless asked for. Finding and classifying
// the changes is diff.mjs's job.
import { CLASSES, operationTitle, operationsByText } from './diff.mjs';

/** A change made to this many operations or more is listed once, for the group. */
const SHARED = 3;
/** A group of up to this many operations is named in full; a bigger one by its first two (all are in the JSON). */
const NAMED = 6;

const SECTION_TITLES = { breaking: 'Breaking', 'non-breaking': 'Non-breaking', annotation: 'Annotations (descriptions, examples, evidence)' };

/**
 * The diff as Markdown. `level` is the heading level of the title (2 for a report, 3 for a
 * CHANGELOG version section); `annotations` lists the annotation changes instead of counting
 * them, and `hint` is the command that lists them.
 */
export function renderMarkdown(
  /** @type {import('./diff.mjs').SpecDiff} */ diff,
  { title = 'API changes', level = 2, annotations = false, hint = 'npm run spec:diff -- --annotations' } = {},
) {
  const h = (extra) => '#'.repeat(level + extra);
  const { counts } = diff;
  const lines = [`${h(0)} ${title}`, ''];
  if (counts.breaking + counts['non-breaking'] + counts.annotation === 0) return [...lines, 'No API changes.', ''].join('\n');
  const touched = diff.operations.length;
  lines.push(
    `**${counts.breaking} breaking**, ${counts['non-breaking']} non-breaking and ${counts.annotation} annotation changes in ${touched} operation${touched === 1 ? '' : 's'}${diff.document.length ? ' and the document' : ''}.`,
    '',
  );
  if (diff.flags.length) {
    lines.push(`${h(1)} ⚠️ Retry behaviour changes`, '', '| operation | flag | change | effect |', '|---|---|---|---|');
    for (const f of diff.flags) lines.push(`| ${f.operationId ? `\`${f.operationId}\` ` : ''}\`${f.key}\` | \`${f.flag}\` | ${f.before} → ${f.after} | ${f.effect} |`);
    lines.push('');
  }
  for (const cls of CLASSES) {
    if (counts[cls] === 0) continue;
    lines.push(`${h(1)} ${SECTION_TITLES[cls]}`, '');
    if (cls === 'annotation' && !annotations) lines.push(`${counts[cls]} change${counts[cls] === 1 ? '' : 's'} to descriptions, examples and evidence; \`${hint}\` lists them.`);
    else lines.push(...renderClass(diff, cls));
    lines.push('');
  }
  return lines.join('\n');
}

/** The lines of one class: groups of operations sharing changes, then each operation's own, then the document's. */
function renderClass(/** @type {import('./diff.mjs').SpecDiff} */ diff, cls) {
  const own = (op) => op.changes.filter((c) => c.class === cls && !(op.status !== 'changed' && /^operation-(added|removed)$/.test(c.rule)));
  const groups = new Map();
  for (const [text, ops] of operationsByText(diff, own)) {
    if (ops.length < SHARED) continue;
    const id = ops.map((op) => op.key).join('\n');
    groups.set(id, { ops, texts: [...(groups.get(id)?.texts ?? []), text] });
  }
  const shared = new Set([...groups.values()].flatMap((g) => g.texts));
  const lines = [];
  for (const { ops, texts } of [...groups.values()].sort((x, y) => y.ops.length - x.ops.length)) {
    const name = (op) => `\`${op.operationId ?? op.key}\``;
    const names = ops.length <= NAMED ? ops.map(name).join(', ') : `${ops.slice(0, 2).map(name).join(', ')} and ${ops.length - 2} more`;
    lines.push(`- In ${ops.length} operations (${names}):`, ...texts.map((text) => `  - ${text}`));
  }
  for (const op of diff.operations) {
    const changes = own(op).filter((c) => !shared.has(c.description));
    const status = op.status === 'changed' ? '' : ` — operation ${op.status}`;
    if (!changes.length && !(status && op.changes.some((c) => c.class === cls))) continue;
    lines.push(`- **${operationTitle(op)}**${status}`, ...changes.map((c) => `  - ${c.description}`));
  }
  const document = diff.document.filter((c) => c.class === cls);
  if (document.length) lines.push('- The document:', ...document.map((c) => `  - ${c.description}`));
  return lines;
}
