// Comparing one operation in two documents: its name, flags and security, its parameters (matched
// by place and name, path-level ones included), its request body and its responses (matched by
// status and media type, headers by name). Schemas inside are compared by diff-schema.mjs; the
// document around the operations by diff.mjs.
import { compareSchemas, startAt } from './diff-schema.mjs';
import { canonical, edits, follow, isAnnotation, keywordChange, same } from './diff-document.mjs';

/**
 * @typedef {{ op: any, path: string, method: string, pathItem: any, doc: any }} Side
 * @typedef {(rule: string, at: import('./diff-schema.mjs').At | string, data?: object) => void} Emit
 */

/** The extensions that change what the client re-sends, by the rule each flip is. */
const RETRY_FLAGS = { 'x-litemail-billable': 'billable', 'x-litemail-idempotent': 'idempotent' };
/** Operation keys compared by their own rules below; the others are annotations or unknown. */
const OPERATION_KEYS = new Set(['operationId', 'parameters', 'requestBody', 'responses', 'deprecated', 'security', 'x-litemail-pagination', ...Object.keys(RETRY_FLAGS)]);
/** Operation keys that only describe (openapi-fetch ignores an operation's own `servers`). */
const OPERATION_ANNOTATIONS = new Set(['summary', 'description', 'tags', 'externalDocs', 'servers']);
/** Path item keys compared elsewhere: its parameters (with each operation's) and its operations. */
const PATH_ITEM_KEYS = new Set(['parameters', 'get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Compares the operation `a` with `b` (the same method and path template), reporting to `emit`. */
export function compareOperation(/** @type {Side} */ a, /** @type {Side} */ b, /** @type {Emit} */ emit) {
  const [x, y] = [a.op, b.op];
  if (x.operationId !== y.operationId) {
    const kind = x.operationId === undefined ? 'added' : y.operationId === undefined ? 'removed' : 'changed';
    emit(`operation-id-${kind}`, '', { before: x.operationId, after: y.operationId });
  }
  if ((x.deprecated === true) !== (y.deprecated === true)) emit(y.deprecated ? 'deprecated' : 'undeprecated', 'operation');
  for (const [flag, rule] of Object.entries(RETRY_FLAGS)) {
    if ((x[flag] === true) !== (y[flag] === true)) emit(`${rule}-${y[flag] === true ? 'set' : 'cleared'}`, '');
  }
  const [pages, nextPages] = [x['x-litemail-pagination'], y['x-litemail-pagination']];
  if (!pages !== !nextPages) emit(`pagination-${nextPages ? 'added' : 'removed'}`, '');
  else for (const e of edits('x-litemail-pagination', pages, nextPages)) emit('pagination-changed', '', { keyword: e.key, before: e.before, after: e.after });
  compareSecurity(effectiveSecurity(a), effectiveSecurity(b), emit);
  compareParameters(a, b, emit);
  compareRequestBodies(a, b, emit);
  compareResponses(a, b, emit);
  const isNote = (key) => OPERATION_ANNOTATIONS.has(key) || key.startsWith('x-');
  compareRest(x, y, OPERATION_KEYS, isNote, 'operation', emit);
  compareRest(a.pathItem, b.pathItem, PATH_ITEM_KEYS, isNote, 'path', emit); // its summary, description, servers
}

/**
 * Keys left after the rules above: an annotation when `isNote(key)`, else an unknown change
 * (`callbacks`, a keyword of a newer OpenAPI): counted as breaking, so that nothing unknown slips
 * through as a patch.
 */
function compareRest(s, t, skip, isNote, place, emit) {
  for (const key of new Set([...Object.keys(s ?? {}), ...Object.keys(t ?? {})])) {
    if (skip.has(key) || same(s?.[key], t?.[key])) continue;
    emit(isNote(key) ? 'annotation' : 'unknown-change', place, keywordChange(key, s ?? {}, t ?? {}));
  }
}

// ---------------------------------------------------------------------------------------------
// Security

/** The operation's security as alternatives, each a map of scheme → scopes; `{}` needs nothing. */
function effectiveSecurity(/** @type {Side} */ side) {
  const requirements = side.op.security ?? side.doc.security ?? [];
  if (requirements.length === 0) return [{}];
  return requirements.map((r) => Object.fromEntries(Object.entries(r).map(([name, scopes]) => [name, [...scopes].sort()])));
}

/**
 * Tightened when some credentials that satisfied an alternative before satisfy none now: a call
 * made with them may be refused. The client sends the API key on every call, so a requirement
 * dropped (or a scope) loosens.
 */
function compareSecurity(before, after, emit) {
  if (same(before.map((r) => JSON.stringify(r)).sort(), after.map((r) => JSON.stringify(r)).sort())) return;
  const satisfied = (held, alternatives) => alternatives.some((need) => Object.entries(need).every(([name, scopes]) => name in held && scopes.every((s) => held[name].includes(s))));
  const tightened = before.some((held) => !satisfied(held, after));
  emit(tightened ? 'security-tightened' : 'security-loosened', '', { before, after });
}

// ---------------------------------------------------------------------------------------------
// Parameters

const key = (p) => `${p.in}:${p.in === 'header' ? String(p.name).toLowerCase() : p.name}`;

/** An operation's parameters by place and name: its path item's, overridden by its own. */
function parametersOf(/** @type {Side} */ side) {
  const byKey = new Map();
  for (const p of [...(side.pathItem.parameters ?? []), ...(side.op.parameters ?? [])]) {
    const parameter = follow(side.doc, p).node;
    byKey.set(key(parameter), parameter);
  }
  return byKey;
}

/** style and explode as they apply when absent (OpenAPI's defaults by place). */
function serialization(p) {
  const style = p.style ?? (p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple');
  return { style, explode: p.explode ?? style === 'form', allowReserved: p.allowReserved ?? false, allowEmptyValue: p.allowEmptyValue ?? false };
}

const PARAMETER_KEYS = new Set(['name', 'in', 'required', 'deprecated', 'schema', 'content', 'style', 'explode', 'allowReserved', 'allowEmptyValue']);

function compareParameters(/** @type {Side} */ a, /** @type {Side} */ b, /** @type {Emit} */ emit) {
  const [before, after] = [parametersOf(a), parametersOf(b)];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const [p, q] = [before.get(id), after.get(id)];
    const place = `${(q ?? p).in} parameter \`${(q ?? p).name}\``;
    if (!p) emit(`parameter-added-${q.required ? 'required' : 'optional'}`, place);
    else if (!q) emit('parameter-removed', place);
    else {
      if (Boolean(p.required) !== Boolean(q.required)) emit(`parameter-became-${q.required ? 'required' : 'optional'}`, place);
      if (Boolean(p.deprecated) !== Boolean(q.deprecated)) emit(q.deprecated ? 'deprecated' : 'undeprecated', place);
      const [was, now] = [serialization(p), serialization(q)];
      for (const keyword of Object.keys(was)) {
        if (was[keyword] !== now[keyword]) emit('parameter-serialization-changed', place, { keyword, before: was[keyword], after: now[keyword] });
      }
      compareContent(a, b, p, q, 'request', place, emit);
      compareRest(p, q, PARAMETER_KEYS, isAnnotation, place, emit);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Request bodies and responses

const MEDIA_KEYS = new Set(['schema']);

/**
 * The schema of a parameter or header (`schema`, or `content` with one media type), or of each
 * media type of a body: compared under `direction`, and the media types added and removed.
 */
function compareContent(/** @type {Side} */ a, /** @type {Side} */ b, s, t, direction, place, emit, media = {}) {
  const cx = { a: a.doc, b: b.doc, direction, emit };
  if (s.schema !== undefined || t.schema !== undefined) compareSchemas(cx, s.schema, t.schema, startAt(place));
  const [was, now] = [s.content ?? {}, t.content ?? {}];
  const only = Object.keys(was).length === 1 && Object.keys(now).length === 1 && was['application/json'] && now['application/json'];
  for (const name of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (!(name in now)) media.removed?.(name);
    else if (!(name in was)) media.added?.(name, now[name]);
    else {
      const at = only ? place : `${place} (${name})`;
      compareSchemas(cx, was[name].schema, now[name].schema, startAt(at));
      compareRest(was[name], now[name], MEDIA_KEYS, (k) => k !== 'encoding', at, emit);
    }
  }
  if (!media.added && !same(Object.keys(was), Object.keys(now))) emit('parameter-serialization-changed', place, { keyword: 'content', before: Object.keys(was), after: Object.keys(now) });
}

function compareRequestBodies(/** @type {Side} */ a, /** @type {Side} */ b, /** @type {Emit} */ emit) {
  const [s, t] = [follow(a.doc, a.op.requestBody).node, follow(b.doc, b.op.requestBody).node];
  const place = 'request body';
  if (!s && !t) return;
  if (!s) return emit(`request-body-added-${t.required ? 'required' : 'optional'}`, place);
  if (!t) return emit('request-body-removed', place);
  if (Boolean(s.required) !== Boolean(t.required)) emit(`request-body-became-${t.required ? 'required' : 'optional'}`, place);
  compareContent(a, b, s, t, 'request', place, emit, {
    added: (name) => emit('request-media-type-added', place, { name }),
    removed: (name) => emit('request-media-type-removed', place, { name }),
  });
  compareRest(s, t, new Set(['content', 'required']), isAnnotation, place, emit);
}

/** Which union of openapi-fetch's result a status's body goes to: `data`, `error`, or neither (1xx, 3xx). */
const unionOf = (status) => (/^2/.test(status) ? 'data' : /^[45]/.test(status) || status === 'default' ? 'error' : undefined);

/** The body types of a response, canonical: one per media type, `none` without content. */
function bodyTypes(doc, response) {
  const content = Object.values(response?.content ?? {});
  return content.length ? content.map((media) => JSON.stringify(canonical(doc, media.schema ?? true))) : ['none'];
}

function compareResponses(/** @type {Side} */ a, /** @type {Side} */ b, /** @type {Emit} */ emit) {
  const [was, now] = [a.op.responses ?? {}, b.op.responses ?? {}];
  const resolve = (side, response) => follow(side.doc, response).node;
  // The body types each union had: a response added is breaking when it brings a type the union
  // did not have, to a union that had one (`data` becomes `A | B`, or `A | undefined`).
  const unions = { data: new Set(), error: new Set() };
  for (const [status, response] of Object.entries(was)) if (unionOf(status)) for (const type of bodyTypes(a.doc, resolve(a, response))) unions[unionOf(status)].add(type);
  const added = (status, types, place, name) => {
    const union = unionOf(status);
    const had = union ? unions[union] : new Set();
    const isNew = [...had].some((t) => t !== 'none') && types.some((t) => !had.has(t));
    emit(isNew ? 'response-added-new-type' : 'response-added-same-type', place, { name, union });
  };
  // `error` left with no body type is `never` (or `undefined`): code inside `if (error)` no longer compiles.
  const errorBodies = (responses, side) => Object.entries(responses).some(([s, r]) => unionOf(s) === 'error' && bodyTypes(side.doc, resolve(side, r)).some((t) => t !== 'none'));
  const lastError = errorBodies(was, a) && !errorBodies(now, b);
  const removed = (status, place, name) => {
    const union = unionOf(status);
    emit(union === 'data' ? 'success-response-removed' : union === 'error' && lastError ? 'last-error-response-removed' : 'error-response-removed', place, { name });
  };

  for (const status of new Set([...Object.keys(was), ...Object.keys(now)])) {
    const place = `response ${status}`;
    const [r, s] = [resolve(a, was[status]), resolve(b, now[status])];
    if (!r) added(status, bodyTypes(b.doc, s), place);
    else if (!s) removed(status, place);
    else {
      compareHeaders(a, b, r.headers ?? {}, s.headers ?? {}, place, emit);
      compareContent(a, b, r, s, 'response', place, emit, {
        added: (name, media) => added(status, [JSON.stringify(canonical(b.doc, media.schema ?? true))], place, name),
        removed: (name) => removed(status, place, name),
      });
      compareRest(r, s, new Set(['headers', 'content']), (k) => isAnnotation(k) || k === 'links', place, emit);
    }
  }
}

const HEADER_KEYS = new Set(['required', 'deprecated', 'schema', 'content']);

function compareHeaders(/** @type {Side} */ a, /** @type {Side} */ b, was, now, status, /** @type {Emit} */ emit) {
  const byName = (side, headers) => new Map(Object.entries(headers).map(([name, h]) => [name.toLowerCase(), { name, header: follow(side.doc, h).node }]));
  const [before, after] = [byName(a, was), byName(b, now)];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const [p, q] = [before.get(id), after.get(id)];
    const place = `${status} header \`${(q ?? p).name}\``;
    if (!p) emit('response-header-added', place, { required: q.header.required === true });
    else if (!q) emit('response-header-removed', place);
    else {
      const [h, k] = [p.header, q.header];
      if (Boolean(h.required) !== Boolean(k.required)) emit(`response-header-became-${k.required ? 'required' : 'optional'}`, place);
      if (Boolean(h.deprecated) !== Boolean(k.deprecated)) emit(k.deprecated ? 'deprecated' : 'undeprecated', place);
      compareContent(a, b, h, k, 'response', place, emit);
      compareRest(h, k, HEADER_KEYS, isAnnotation, place, emit);
    }
  }
}

