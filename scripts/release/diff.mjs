// What changed between two bundled OpenAPI 3.1 documents, per operation, each change named by a
// rule of rules.mjs and so classified breaking / non-breaking / annotation for a TypeScript user
// of the generated client (docs/spec-diff.md says why for each rule).
//
// This module matches the operations of the two documents and compares what lies around them:
// servers, components, security schemes, webhooks, the facts the client reads. An operation is
// compared by diff-operation.mjs, a schema by diff-schema.mjs; the report is render.mjs's.
// Changes inside a named schema are reported in each operation that uses it (a schema's own
// changes mean something only as a request or a response); a named schema added or removed is
// reported once, for the document.
import { listOperations } from '../spec/spec.mjs';
import { checkVersion, edits, follow, isAnnotation, mergeAllOf, same } from './diff-document.mjs';
import { compareOperation } from './diff-operation.mjs';
import { CLIENT_FACT_KEYWORDS, describeAt } from './diff-schema.mjs';
import { CLASSES, RULES } from './rules.mjs';

/** @typedef {import('./rules.mjs').ChangeClass} ChangeClass */
/** @typedef {{ rule: string, class: ChangeClass, where: string, description: string }} Change */
/** @typedef {{ key: string, method: string, path: string, operationId?: string, tag?: string, summary?: string, status: 'added' | 'removed' | 'changed', changes: Change[] }} OperationChanges */
/** @typedef {{ key: string, operationId?: string, flag: string, before: boolean, after: boolean, effect: string }} FlagChange */
/** @typedef {{ operations: OperationChanges[], flags: FlagChange[], document: Change[], counts: Record<ChangeClass, number> }} SpecDiff */

export { CLASSES };

/**
 * Compares two bundled documents (plain objects, e.g. parsed generated/openapi.yaml); `names`
 * say which is which in an error (a document that is not OpenAPI 3.1 is refused).
 * @returns {SpecDiff}
 */
export function diffSpecs(before, after, { names = ['the base document', 'the head document'] } = {}) {
  checkVersion(before, names[0]);
  checkVersion(after, names[1]);
  const [a, b] = [mergeAllOf(before), mergeAllOf(after)];
  /** @type {OperationChanges[]} */
  const operations = [];
  for (const match of operationIndex(a, b)) {
    const side = match.after ?? match.before;
    const changes = [];
    const emit = collect(changes);
    if (!match.before) emit('operation-added', '');
    else if (!match.after) emit('operation-removed', '');
    else compareOperation(match.before, match.after, emit);
    if (!changes.length) continue;
    const status = !match.before ? 'added' : !match.after ? 'removed' : 'changed';
    const { op } = side;
    operations.push({ key: match.key, method: side.method, path: side.path, operationId: op.operationId, tag: op.tags?.[0], summary: op.summary, status, changes });
  }
  operations.sort(byTagAndSummary);
  /** @type {Change[]} */
  const document = [];
  compareDocuments(a, b, collect(document));
  const counts = Object.fromEntries(CLASSES.map((c) => [c, 0]));
  for (const c of [...operations.flatMap((o) => o.changes), ...document]) counts[c.class] += 1;
  return { operations, flags: retryFlags(operations), document, counts: /** @type {Record<ChangeClass, number>} */ (counts) };
}

/** An `emit` that adds each change once to `changes`, worded by its rule. */
function collect(/** @type {Change[]} */ changes) {
  return (rule, at, data = {}) => {
    const definition = RULES[rule];
    if (!definition) throw new Error(`spec:diff has no rule "${rule}"`);
    const where = typeof at === 'string' ? at : describeAt(at);
    const text = definition.text(data);
    const description = where ? `${where}: ${text}` : text;
    if (!changes.some((c) => c.rule === rule && c.description === description)) changes.push({ rule, class: definition.class, where, description });
  };
}

/**
 * The breaking changes, one line each naming the operation (for release:check); a change made to
 * three operations or more is one line naming the first few.
 */
export function breakingChanges(/** @type {SpecDiff} */ diff) {
  const lines = [...operationsByText(diff, (op) => op.changes.filter((c) => c.class === 'breaking'))].flatMap(([text, ops]) => {
    if (ops.length < 3) return ops.map((op) => `${operationTitle(op)}: ${text}`);
    const names = ops.slice(0, 4).map((op) => `\`${op.operationId ?? op.key}\``);
    return [`${text} — in ${ops.length} operations (${names.join(', ')}${ops.length > 4 ? ', …' : ''})`];
  });
  return [...lines, ...diff.document.filter((c) => c.class === 'breaking').map((c) => c.description)];
}

/**
 * The operations each change is made to, by the change's line (a schema shared by many
 * operations gives the same line in each), for the changes `pick` takes from each operation.
 * @returns {Map<string, OperationChanges[]>}
 */
export function operationsByText(/** @type {SpecDiff} */ diff, /** @type {(op: OperationChanges) => Change[]} */ pick) {
  const map = new Map();
  for (const op of diff.operations) for (const c of pick(op)) map.set(c.description, [...(map.get(c.description) ?? []), op]);
  return map;
}

export function operationTitle(/** @type {OperationChanges} */ op) {
  const name = [op.tag, op.summary].filter(Boolean).join(' · ') || op.key;
  return `${name} (${op.operationId ? `\`${op.operationId}\`, ` : ''}\`${op.key}\`)`;
}

function byTagAndSummary(x, y) {
  return (x.tag ?? '').localeCompare(y.tag ?? '') || (x.summary ?? '').localeCompare(y.summary ?? '') || x.key.localeCompare(y.key);
}

/** The flips of the retry flags, for the report's table of retry behaviour changes. @returns {FlagChange[]} */
function retryFlags(/** @type {OperationChanges[]} */ operations) {
  const flags = { billable: 'x-litemail-billable', idempotent: 'x-litemail-idempotent' };
  return operations.flatMap((op) =>
    op.changes
      .map((c) => /^(billable|idempotent)-(set|cleared)$/.exec(c.rule))
      .filter((m) => m !== null)
      .map((m) => ({ key: op.key, operationId: op.operationId, flag: flags[m[1]], before: m[2] === 'cleared', after: m[2] === 'set', effect: RULES[m[0]].text({}).replace(/^[^:]*: /, '') })),
  );
}

/**
 * Operations of both documents, matched by method and path template with parameter names ignored
 * (`/v1/domains/{id}` and `/v1/domains/{domainId}` are the same operation; a renamed path
 * parameter is reported as one removed and one added).
 */
function operationIndex(a, b) {
  const normalise = (path) => path.replace(/\{[^}]*\}/g, '{}');
  /** @type {Map<string, { key: string, before?: import('./diff-operation.mjs').Side, after?: import('./diff-operation.mjs').Side }>} */
  const byKey = new Map();
  for (const [doc, side] of [[a, 'before'], [b, 'after']]) {
    for (const info of listOperations(doc)) {
      const id = `${info.method} ${normalise(info.path)}`;
      const match = byKey.get(id) ?? { key: '' };
      match[side] = { op: info.op, path: info.path, method: info.method, pathItem: follow(doc, doc.paths[info.path]).node, doc };
      match.key = `${info.method} ${info.path}`; // the head's path, when both have it
      byKey.set(id, match);
    }
  }
  return [...byKey.values()];
}

// ---------------------------------------------------------------------------------------------
// The document around the operations

/** Components openapi-typescript writes a type for, by the word for one of them. */
const TYPED_COMPONENTS = { schemas: 'schema', responses: 'response', parameters: 'parameter', requestBodies: 'request body', headers: 'header', pathItems: 'path item' };
const TOP_LEVEL_NOTES = new Set(['info', 'tags', 'externalDocs', 'openapi']);

function compareDocuments(a, b, emit) {
  const [s0, t0] = [a.servers?.[0]?.url, b.servers?.[0]?.url];
  if (s0 !== t0) emit('default-server-changed', '', { before: s0, after: t0 });
  const rest = (servers) => (servers ?? []).map((server, i) => (i === 0 ? { ...server, url: undefined } : server));
  if (!same(rest(a.servers), rest(b.servers))) emit('annotation', '', { keyword: 'servers', before: a.servers, after: b.servers });
  fact('x-litemail-rate-limit', a['x-litemail-rate-limit'], b['x-litemail-rate-limit'], emit);

  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (['paths', 'components', 'servers', 'security', 'webhooks', 'x-litemail-rate-limit'].includes(key) || same(a[key], b[key])) continue;
    if (key === 'info') {
      for (const field of new Set([...Object.keys(a.info ?? {}), ...Object.keys(b.info ?? {})])) {
        if (!same(a.info?.[field], b.info?.[field])) emit('annotation', '', { keyword: `info.${field}`, before: a.info?.[field], after: b.info?.[field] });
      }
    } else emit(TOP_LEVEL_NOTES.has(key) || key.startsWith('x-') ? 'annotation' : 'unknown-change', '', { keyword: key, before: a[key], after: b[key] });
  }
  compareComponents(a.components ?? {}, b.components ?? {}, emit);
  compareWebhooks(a.webhooks ?? {}, b.webhooks ?? {}, emit);
}

/** A fact the client reads at run time, changed: one line per part of it that changed. */
function fact(keyword, before, after, emit) {
  for (const e of edits(keyword, before, after)) emit('client-fact-changed', '', { keyword: e.key, before: e.before, after: e.after });
}

const names = (x, y) => [...new Set([...Object.keys(x ?? {}), ...Object.keys(y ?? {})])];

function compareComponents(x, y, emit) {
  for (const [section, kind] of Object.entries(TYPED_COMPONENTS)) {
    for (const name of names(x[section], y[section])) {
      if (!(name in (x[section] ?? {}))) emit('component-added', '', { kind, name });
      else if (!(name in (y[section] ?? {}))) emit('component-removed', '', { kind, name });
    }
  }
  // The facts the generator reads from named schemas (generated/api.ts, generated/operations.ts).
  for (const name of names(x.schemas, y.schemas)) {
    for (const keyword of CLIENT_FACT_KEYWORDS) {
      fact(`components.schemas.${name}.${keyword}`, x.schemas?.[name]?.[keyword], y.schemas?.[name]?.[keyword], emit);
    }
  }
  compareSecuritySchemes(x.securitySchemes ?? {}, y.securitySchemes ?? {}, emit);
}

/** What makes a user hand over another credential, or hand it over elsewhere. */
const CREDENTIAL_KEYS = new Set(['type', 'in', 'scheme', 'flows', 'openIdConnectUrl']);

function compareSecuritySchemes(x, y, emit) {
  for (const name of names(x, y)) {
    const [s, t] = [x[name], y[name]];
    if (!s) emit('security-scheme-added', '', { name });
    else if (!t) emit('security-scheme-removed', '', { name });
    else {
      for (const key of names(s, t)) {
        if (same(s[key], t[key])) continue;
        const data = { name, keyword: key, before: s[key], after: t[key] };
        // OAuth scopes listed in a flow describe what exists; an operation's requirements say what it needs.
        if (key === 'flows' && same(withoutScopes(s.flows), withoutScopes(t.flows))) emit('annotation', '', { ...data, keyword: `components.securitySchemes.${name}.flows` });
        else if (CREDENTIAL_KEYS.has(key)) emit('security-scheme-changed', '', data);
        // The client sends the API key in the header the spec names (generated/api.ts, generated/operations.ts).
        else if (key === 'name') emit('client-fact-changed', '', { ...data, keyword: `components.securitySchemes.${name}.name` });
        else emit(isAnnotation(key) || key === 'bearerFormat' ? 'annotation' : 'unknown-change', '', { ...data, keyword: `components.securitySchemes.${name}.${key}` });
      }
    }
  }
}

const withoutScopes = (flows) => Object.fromEntries(Object.entries(flows ?? {}).map(([kind, flow]) => [kind, { ...flow, scopes: undefined }]));

/** A copy without annotations (a property named `description` is kept). */
function withoutNotes(node, parent) {
  if (Array.isArray(node)) return node.map((item) => withoutNotes(item));
  if (!node || typeof node !== 'object') return node;
  const keep = Object.entries(node).filter(([key]) => parent === 'properties' || !isAnnotation(key));
  return Object.fromEntries(keep.map(([key, value]) => [key, withoutNotes(value, key)]));
}

/**
 * Webhooks are requests the API makes to the user's server: openapi-typescript types them in
 * `webhooks`. Any change to one other than its words is counted as breaking (what the user's
 * handler receives, or must answer, changes); their schemas are not compared keyword by keyword.
 */
function compareWebhooks(x, y, emit) {
  for (const name of names(x, y)) {
    if (!(name in x)) emit('webhook-added', '', { name });
    else if (!(name in y)) emit('webhook-removed', '', { name });
    else if (!same(withoutNotes(x[name]), withoutNotes(y[name]))) emit('webhook-changed', '', { name });
    else if (!same(x[name], y[name])) emit('annotation', '', { text: `webhook \`${name}\`: descriptions or examples changed` });
  }
}
