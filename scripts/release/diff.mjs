// What changed between two bundled OpenAPI documents, per operation, classified breaking /
// non-breaking / annotation for a user of the generated client.
//
// api-smart-diff does the comparison and most of the classification (it knows OpenAPI 3.0 and
// JSON Schema 2020-12, resolves $refs, and knows that a response and a request differ: a field
// removed from a response breaks, one removed from a request does not). On top of it, this module:
//   - classifies our own extensions, which the library sees as mere annotations:
//     `x-litemail-billable` and `x-litemail-idempotent` decide what the client re-sends, so every
//     flip is breaking and listed apart; `x-litemail-pagination` decides what `lm.paginate` accepts;
//   - corrects what it gets wrong for OpenAPI 3.1 and for a generated client (see `reclassify`);
//   - groups changes by operation (tag, summary, operationId) and drops changes inside
//     `components`, which the library already reports inside every operation that uses the
//     component (a named schema added or removed is still reported: its type comes or goes).
import { merge } from 'allof-merge';
import { apiCompare } from 'api-smart-diff';
import { HTTP_METHODS, deref, listOperations, resolvePointer } from '../spec/spec.mjs';

/** @typedef {'breaking' | 'non-breaking' | 'annotation'} ChangeClass */
/** @typedef {{ class: ChangeClass, action: string, where: string, description: string, note?: string }} Change */
/** @typedef {{ key: string, method: string, path: string, operationId?: string, tag?: string, summary?: string, status: 'added' | 'removed' | 'changed', changes: Change[] }} OperationChanges */
/** @typedef {{ key: string, operationId?: string, flag: string, before: boolean, after: boolean, effect: string }} FlagChange */
/** @typedef {{ operations: OperationChanges[], flags: FlagChange[], document: Change[], counts: Record<ChangeClass, number> }} SpecDiff */

export const CLASSES = /** @type {const} */ (['breaking', 'non-breaking', 'annotation']);

/** A change made to this many operations or more is listed once, with the operations it touches. */
const SHARED = 3;

/** The extensions that change what the client re-sends, and what each flip does. */
const RETRY_FLAGS = {
  'x-litemail-billable': {
    on: 'the client now never re-sends this call on its own, whatever the error',
    off: 'the client no longer treats this call as billable: it may re-send it after a failure',
  },
  'x-litemail-idempotent': {
    on: 'the client may now re-send this call after a failure',
    off: 'the client no longer re-sends this call after a failure',
  },
};

/**
 * Compares two bundled documents (plain objects, e.g. parsed generated/openapi.yaml).
 * @returns {SpecDiff}
 */
export function diffSpecs(before, after) {
  const [a, b] = [mergeAllOf(before), mergeAllOf(after)];
  const index = operationIndex(a, b);
  /** @type {Map<string, OperationChanges>} */
  const operations = new Map();
  /** @type {Change[]} */
  const document = [];
  const entry = (match, status = 'changed') => {
    const key = match.key;
    if (!operations.has(key)) {
      const info = match.after ?? match.before;
      operations.set(key, { key, method: info.method, path: info.path, operationId: info.op.operationId, tag: info.op.tags?.[0], summary: info.op.summary, status, changes: [] });
    }
    return operations.get(key);
  };

  for (const diff of apiCompare(a, b).diffs) {
    const [section, pathKey, method, field] = diff.path;
    if (section === 'components' && pathKey === 'schemas' && diff.path.length === 3) {
      // A named schema added or removed: `components['schemas'][name]` types appear or go away.
      document.push({ ...change(diff.action === 'add' ? 'non-breaking' : 'breaking', diff, diff.path, [], 'document'), description: `schema \`${diff.path[2]}\` ${diff.action === 'add' ? 'added' : diff.action === 'remove' ? 'removed' : 'renamed'}` });
      continue;
    }
    if (section === 'components' && pathKey !== 'securitySchemes') continue;
    if (section !== 'paths') {
      document.push(change(reclassify(diff), diff, diff.path, [], 'document'));
      continue;
    }
    if (method === undefined) {
      // A whole path item added or removed: one entry per operation in it.
      const item = diff.action === 'add' ? diff.after : diff.before;
      for (const m of HTTP_METHODS.filter((name) => item?.[name])) {
        const match = index.find(m, String(pathKey));
        if (match) entry(match, diff.action === 'add' ? 'added' : 'removed').changes.push(operationChange(diff));
      }
      continue;
    }
    const match = index.find(String(method), String(pathKey));
    if (!match) {
      document.push(change(reclassify(diff), diff, diff.path, [], 'document'));
      continue;
    }
    if (diff.path.length === 3) {
      entry(match, diff.action === 'add' ? 'added' : 'removed').changes.push(operationChange(diff));
      continue;
    }
    if (typeof field === 'string' && field in RETRY_FLAGS) continue; // reported from `flagChanges`
    const side = diff.action === 'add' ? match.after ?? match.before : match.before ?? match.after;
    const found = change(operationFieldClass(diff, field), diff, diff.path.slice(3), mergedParameters(side));
    const { changes } = entry(match);
    if (!changes.some((c) => c.class === found.class && c.description === found.description)) changes.push(found);
  }

  const flags = flagChanges(index);
  for (const flag of flags) {
    const match = index.byKey.get(flag.key);
    entry(match).changes.push({ class: 'breaking', action: 'replace', where: flag.flag, description: `\`${flag.flag}\`: ${flag.before} → ${flag.after}: ${flag.effect}` });
  }

  const ops = [...operations.values()].sort(byTagAndSummary);
  const counts = Object.fromEntries(CLASSES.map((c) => [c, 0]));
  for (const c of [...ops.flatMap((o) => o.changes), ...document]) counts[c.class] += 1;
  return { operations: ops, flags, document, counts: /** @type {Record<ChangeClass, number>} */ (counts) };
}

/**
 * The breaking changes, one line each, naming the operation; a change made to several operations
 * is one line naming the first few.
 */
export function breakingChanges(/** @type {SpecDiff} */ diff) {
  const lines = [...byText(diff, 'breaking', (c) => c.description)].map(([text, ops]) => {
    if (ops.length < SHARED) return ops.map((op) => `${operationTitle(op)}: ${text}`);
    const names = ops.slice(0, 4).map((op) => `\`${op.operationId ?? op.key}\``);
    return [`${text} — in ${ops.length} operations (${names.join(', ')}${ops.length > 4 ? ', …' : ''})`];
  });
  return [...lines.flat(), ...diff.document.filter((c) => c.class === 'breaking').map((c) => c.description)];
}

/**
 * The changes of one class by their text, each with the operations it is made to (a schema shared
 * by many operations gives the same change in each).
 * @returns {Map<string, OperationChanges[]>}
 */
function byText(/** @type {SpecDiff} */ diff, cls, text) {
  const map = new Map();
  for (const op of diff.operations) {
    for (const c of op.changes.filter((x) => x.class === cls)) map.set(text(c), [...(map.get(text(c)) ?? []), op]);
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// Classification

/** An operation added (non-breaking: new API) or removed (breaking: calls stop compiling). */
function operationChange(diff) {
  const added = diff.action === 'add';
  return { class: added ? 'non-breaking' : 'breaking', action: diff.action, where: '', description: added ? 'operation added' : 'operation removed' };
}

/** Fields of an operation the library treats as annotations but the generated client depends on. */
function operationFieldClass(diff, field) {
  if (field === 'x-litemail-pagination') {
    // Adding it makes `lm.paginate(path)` accept the operation; removing or changing it does not.
    return diff.action === 'add' ? 'non-breaking' : 'breaking';
  }
  // `operations['<operationId>']` types (and calls by operationId) are named by it.
  if (field === 'operationId') return 'breaking';
  return reclassify(diff);
}

/**
 * The library's class, corrected where it is wrong for OpenAPI 3.1 or for a typed client:
 *   - examples (`example`, `examples`, also the 3.1 schema keyword) are annotations; the library
 *     leaves media-type examples unclassified;
 *   - a `const` change is a change of the only allowed value (the library calls it non-breaking);
 *   - 3.1 type arrays (`type: [integer, "null"]`): the library compares them as opaque values and
 *     calls every change non-breaking; here a response that may now carry a new type (e.g. `null`)
 *     breaks readers, and a request that accepts fewer types breaks senders;
 *   - a property removed is breaking, optional or not, in a request or a response: TypeScript code
 *     naming it stops compiling;
 *   - `deprecated` is reported as non-breaking; anything the library leaves unclassified (3.1
 *     keywords it does not know, `true`/`false` schemas, `webhooks`, `x-` keys inside schemas)
 *     counts as breaking, so that an unknown change never slips through as a patch.
 * @returns {ChangeClass}
 */
function reclassify(diff) {
  const keys = diff.path.map(String);
  const keyword = (name) => keys.some((k, i) => k === name && keys[i - 1] !== 'properties');
  if (keyword('example') || keyword('examples')) return 'annotation';
  if (['description', 'summary', 'title'].some(keyword)) return 'annotation';
  // Our own keywords inside schemas (`x-litemail-paging`, …) are read by the generator; what they
  // change for the client shows up as an operation's `x-litemail-pagination` or in the types.
  if (keys.some((k, i) => k.startsWith('x-') && keys[i - 1] !== 'properties')) return 'annotation';
  if (keyword('const')) return 'breaking';
  const typeAt = keys.findLastIndex((k, i) => k === 'type' && keys[i - 1] !== 'properties');
  if (typeAt >= 0 && typeAt >= keys.length - 2) return typeChangeClass(diff, keys, typeAt);
  // In TypeScript a property that goes away breaks the code that names it, optional or not: reading
  // it from a response, or setting it in a request body (an object literal with an unknown key does
  // not compile). The library calls removing an optional response property non-breaking.
  if (diff.action === 'remove' && keys.at(-2) === 'properties') return 'breaking';
  if (diff.type === 'deprecated') return 'non-breaking';
  if (diff.type === 'unclassified') return 'breaking';
  return diff.type;
}

function typeChangeClass(diff, keys, typeAt) {
  const inResponse = keys.includes('responses');
  const asSet = (value) => new Set(value === undefined ? [] : Array.isArray(value) ? value : [value]);
  let added;
  let removed;
  if (typeAt === keys.length - 1) {
    const [was, now] = [asSet(diff.before), asSet(diff.after)];
    added = [...now].some((t) => !was.has(t));
    removed = [...was].some((t) => !now.has(t));
  } else {
    added = diff.action === 'add';
    removed = diff.action === 'remove';
    if (diff.action === 'replace') added = removed = true;
  }
  return (inResponse ? added : removed) ? 'breaking' : 'non-breaking';
}

/** @returns {Change} */
function change(cls, diff, where, parameters = [], scope = 'operation') {
  /** @type {Change} */
  const result = { class: cls, action: diff.action, where: where.map(String).join('/'), description: describeDiff(diff, where, parameters, scope) };
  if (cls !== mapLibraryClass(diff.type)) result.note = `api-smart-diff: ${diff.type}`;
  return result;
}

/**
 * One line a reader understands, from the location of a change inside an operation (or the
 * document): `response 200 \`data.domains[].status\`: enum value \`SUSPENDED\` added`. The library's
 * own descriptions are filled in only for the first operation sharing a schema, so they are not used.
 */
function describeDiff(diff, where, parameters, scope) {
  const keys = where.map(String);
  let place = '';
  let field = null; // a dotted path inside a schema, once a schema is entered
  let i = 0;
  for (; i < keys.length; i++) {
    const key = keys[i];
    if (field === null) {
      if (key === 'responses') place = `response ${keys[++i]}`;
      else if (key === 'requestBody') place = 'request body';
      else if (key === 'parameters') {
        const parameter = parameters[Number(keys[++i])];
        place = parameter ? `${parameter.in} parameter \`${parameter.name}\`` : 'a parameter';
      } else if (key === 'content') i++; // the media type
      else if (key === 'schema') field = '';
      else break;
    } else if (key === 'properties' && i + 1 < keys.length) field += `.${keys[++i]}`;
    else if (key === 'items') field += '[]';
    else if (['allOf', 'anyOf', 'oneOf'].includes(key) && /^\d+$/.test(keys[i + 1] ?? '')) i++;
    else break;
  }
  const rest = keys.slice(i);
  const target = field ? `${place} \`${field.replace(/^\./, '')}\`` : place || scope;
  return `${target}: ${describeEdit(diff, rest, field !== null && rest.length === 0)}`;
}

function describeEdit(diff, rest, wholeField) {
  const verb = { add: 'added', remove: 'removed', replace: 'changed', rename: 'renamed' }[diff.action] ?? diff.action;
  const value = diff.action === 'add' ? diff.after : diff.before;
  if (wholeField) return `field ${verb}`;
  const [keyword, element] = rest;
  // One line per example, however many of its values changed.
  if (keyword === 'example') return 'example changed';
  if (keyword === 'examples' && element !== undefined) return `example \`${element}\` ${rest.length === 2 ? verb : 'changed'}`;
  if (keyword !== undefined && /^\d+$/.test(element ?? '') && rest.length === 2) {
    if (keyword === 'required') return `\`${value}\` ${diff.action === 'add' ? 'now required' : 'no longer required'}`;
    if (diff.action === 'replace') return `${keyword} value ${show(diff.before)} → ${show(diff.after)}`;
    return `${keyword} value ${show(value)} ${verb}`;
  }
  const name = rest.length ? `\`${rest.join('.')}\`` : 'definition';
  if (diff.action === 'replace') return `${name} ${show(diff.before)} → ${show(diff.after)}`;
  return `${name} ${verb}${diff.action === 'add' && typeof value !== 'object' ? ` (${show(value)})` : ''}`;
}

const show = (value) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return `\`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``;
};

const mapLibraryClass = (type) => (type === 'unclassified' ? 'unclassified' : type === 'deprecated' ? 'non-breaking' : type);

// ---------------------------------------------------------------------------------------------
// Operations

/**
 * Operations of both documents, matched by method and path template with parameter names ignored
 * (`/v1/domains/{id}` and `/v1/domains/{domainId}` are the same operation), as the library does.
 */
function operationIndex(before, after) {
  const normalise = (path) => path.replace(/\{[^}]*\}/g, '{}');
  /** @type {Map<string, { key: string, before?: any, after?: any }>} */
  const byKey = new Map();
  const add = (doc, side) => {
    for (const info of listOperations(doc)) {
      const key = `${info.method} ${normalise(info.path)}`;
      const match = byKey.get(key) ?? { key: `${info.method} ${info.path}` };
      match[side] = { ...info, doc };
      if (side === 'after') match.key = `${info.method} ${info.path}`;
      byKey.set(key, match);
    }
  };
  add(before, 'before');
  add(after, 'after');
  const find = (method, path) => byKey.get(`${method.toUpperCase()} ${normalise(path)}`);
  return { find, byKey: new Map([...byKey.values()].map((m) => [m.key, m])), all: [...byKey.values()] };
}

/** Flips of the retry flags on operations present on both sides. @returns {FlagChange[]} */
function flagChanges(index) {
  const flips = [];
  for (const match of index.all) {
    if (!match.before || !match.after) continue;
    for (const [flag, effect] of Object.entries(RETRY_FLAGS)) {
      const was = match.before.op[flag] === true;
      const now = match.after.op[flag] === true;
      if (was !== now) flips.push({ key: match.key, operationId: match.after.op.operationId, flag, before: was, after: now, effect: now ? effect.on : effect.off });
    }
  }
  return flips;
}

/** An operation's parameters in the order the library compares them: its own, then its path item's. */
function mergedParameters(side) {
  if (!side) return [];
  return [...(side.op.parameters ?? []), ...side.pathParameters].map((p) => deref(side.doc, p));
}

function byTagAndSummary(x, y) {
  return (x.tag ?? '').localeCompare(y.tag ?? '') || (x.summary ?? '').localeCompare(y.summary ?? '') || x.key.localeCompare(y.key);
}

export function operationTitle(/** @type {OperationChanges} */ op) {
  const name = [op.tag, op.summary].filter(Boolean).join(' · ') || op.key;
  return `${name} (${op.operationId ? `\`${op.operationId}\`, ` : ''}\`${op.key}\`)`;
}

/**
 * The document with every `allOf` merged into one schema, and every `$ref` with sibling keywords
 * (allowed in 3.1) merged with its target, by allof-merge (the library api-smart-diff is built on).
 * api-smart-diff merges an `allOf` only where the whole schema is one; nested deeper (our list
 * responses put `data: allOf [Pagination, {items}]` inside the envelope's `allOf`) it compares the
 * raw `allOf` and reports the fields inside as removed, and a `$ref` gaining a description as its
 * target's fields removed. A merge conflict is an error: the spec would describe no valid value.
 */
export function mergeAllOf(doc) {
  const conflicts = [];
  const merged = merge(doc, { mergeRefSibling: true, onMergeError: (message, path) => conflicts.push(`${path.join('/')}: ${message}`) });
  if (conflicts.length) throw new Error(`Cannot merge allOf schemas:\n- ${conflicts.join('\n- ')}`);
  return inlinePathRefs(merged);
}

/**
 * allof-merge writes a schema it has merged before as a `$ref` to that first place, which may be
 * inside another operation (`#/paths/...`); api-smart-diff then compares the wrong thing. Such
 * references are replaced by a copy of what they point to.
 */
function inlinePathRefs(doc) {
  const walk = (node, depth) => {
    if (Array.isArray(node)) return node.map((item) => walk(item, depth));
    if (!node || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/paths/') && depth < 16) {
      return walk(resolvePointer(doc, decodeURIComponent(node.$ref.slice(1))), depth + 1);
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value, depth)]));
  };
  return walk(doc, 0);
}

// ---------------------------------------------------------------------------------------------
// Markdown

const SECTION_TITLES = { breaking: 'Breaking', 'non-breaking': 'Non-breaking', annotation: 'Annotations (descriptions, examples, evidence)' };

/**
 * The diff as Markdown: counts, then the retry-flag flips, then one section per class with the
 * changes grouped by operation. `level` is the heading level of the title (2 for a report, 3 for
 * a CHANGELOG version section).
 */
export function renderMarkdown(/** @type {SpecDiff} */ diff, { title = 'API changes', level = 2 } = {}) {
  const h = (extra) => '#'.repeat(level + extra);
  const { counts } = diff;
  const lines = [`${h(0)} ${title}`, ''];
  if (counts.breaking + counts['non-breaking'] + counts.annotation === 0) return [...lines, 'No API changes.', ''].join('\n');
  lines.push(
    `**${counts.breaking} breaking**, ${counts['non-breaking']} non-breaking and ${counts.annotation} annotation changes in ${diff.operations.length} operations.`,
    '',
  );
  if (diff.flags.length) {
    lines.push(`${h(1)} ⚠️ Retry behaviour changes`, '', '| operation | flag | change | effect |', '|---|---|---|---|');
    for (const f of diff.flags) lines.push(`| ${f.operationId ? `\`${f.operationId}\` ` : ''}\`${f.key}\` | \`${f.flag}\` | ${f.before} → ${f.after} | ${f.effect} |`);
    lines.push('');
  }
  for (const cls of CLASSES) {
    const section = renderClass(diff, cls);
    if (section.length) lines.push(`${h(1)} ${SECTION_TITLES[cls]}`, '', ...section, '');
  }
  return lines.join('\n');
}

/** The lines of one class: changes shared by several operations first, then each operation's own. */
function renderClass(/** @type {SpecDiff} */ diff, /** @type {ChangeClass} */ cls) {
  const shared = [...byText(diff, cls, describe)].filter(([, ops]) => ops.length >= SHARED);
  const lines = shared.map(([text, ops]) => `- ${text} — in ${ops.length} operations: ${ops.map((op) => `\`${op.operationId ?? op.key}\``).join(', ')}`);
  const sharedTexts = new Set(shared.map(([text]) => text));
  for (const op of diff.operations) {
    const own = op.changes.filter((c) => c.class === cls && !sharedTexts.has(describe(c)));
    if (!own.length) continue;
    lines.push(`- **${operationTitle(op)}**${op.status === 'changed' ? '' : ` — operation ${op.status}`}`);
    for (const c of own.filter((x) => x.where !== '')) lines.push(`  - ${describe(c)}`);
  }
  for (const c of diff.document.filter((x) => x.class === cls)) lines.push(`- ${describe(c)}`);
  return lines;
}

const describe = (/** @type {Change} */ c) => `${c.description}${c.note ? ` _(${c.note})_` : ''}`;
