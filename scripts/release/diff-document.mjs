// Reading the two documents spec:diff compares: the check that both are OpenAPI 3.1, `allOf`
// merged away, `$ref`s followed (with the name of the schema they lead to), and the canonical
// form in which two schemas that mean the same are equal. Comparing is diff.mjs's and
// diff-schema.mjs's job, not this module's.
import { merge } from 'allof-merge';
import { unescapeToken } from '../lib/json-pointer.mjs';
import { resolvePointer } from '../spec/spec.mjs';

/**
 * Refuses anything but OpenAPI 3.1: in 3.0, `nullable`, `exclusiveMinimum` and `example` mean
 * other things, and comparing a 3.0 document by 3.1's rules would misclassify them.
 */
export function checkVersion(doc, name) {
  const version = doc?.openapi ?? (doc?.swagger ? `Swagger ${doc.swagger}` : undefined);
  if (typeof version === 'string' && /^3\.1\.\d+$/.test(version)) return;
  const what = version === undefined ? 'not an OpenAPI document (no `openapi` field)' : String(version).startsWith('Swagger') ? version : `OpenAPI ${version}`;
  throw new Error(`${name} is ${what}: spec:diff compares OpenAPI 3.1 documents only (convert a 3.0 document first, e.g. \`nullable: true\` becomes a \`null\` in \`type\`)`);
}

/**
 * The document with every `allOf` merged into one schema, and every `$ref` with sibling keywords
 * (allowed in 3.1) merged with its target, by allof-merge. A merge conflict is an error: the spec
 * would describe no valid value.
 */
export function mergeAllOf(doc) {
  const conflicts = [];
  const merged = merge(doc, { mergeRefSibling: true, onMergeError: (message, path) => conflicts.push(`${path.join('/')}: ${message}`) });
  if (conflicts.length) throw new Error(`Cannot merge allOf schemas:\n- ${conflicts.join('\n- ')}`);
  return inlinePathRefs(merged);
}

/**
 * allof-merge writes a schema it has merged before as a `$ref` to that first place, which may be
 * inside another operation (`#/paths/...`). Such references are replaced by a copy of what they
 * point to, so that each operation's schemas stand for themselves.
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

/**
 * A node with its local `$ref`s followed: `{ node, ref }`, `ref` being the last reference
 * followed (e.g. `#/components/schemas/Domain`), or undefined for an inline node. Keywords beside
 * a `$ref` win over the target's. A reference to nothing is an error: the spec is broken.
 */
export function follow(doc, node) {
  let current = node;
  let ref;
  for (let hops = 0; current && typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`$ref loop at ${current.$ref}`);
    ref = current.$ref;
    const { $ref, ...siblings } = current;
    const target = ref.startsWith('#') ? resolvePointer(doc, decodeURIComponent(ref.slice(1))) : undefined;
    if (target === undefined) throw new Error(`$ref ${ref} points to nothing`);
    current = Object.keys(siblings).length && target && typeof target === 'object' ? { ...target, ...siblings } : target;
  }
  return { node: current, ref };
}

/** The last part of a reference: `#/components/schemas/Domain` → `Domain`. */
export const refName = (ref) => (ref ? unescapeToken(decodeURIComponent(ref.split('/').at(-1))) : undefined);

/** Keywords that only describe: they change no type and no accepted value. */
export const ANNOTATIONS = new Set(['description', 'summary', 'title', 'example', 'examples', '$comment', 'externalDocs', 'xml']);

/**
 * What a line says of a keyword changed between the objects `s` and `t`: its values, or for an
 * example only that it changed (one line per example, however many of its values changed).
 */
export function keywordChange(keyword, s, t) {
  if (keyword !== 'example' && keyword !== 'examples') return { keyword, before: s[keyword], after: t[keyword] };
  return { text: `${keyword} ${keyword in s ? (keyword in t ? 'changed' : 'removed') : 'added'}` };
}

/** Is `key` an annotation of a schema (our vendor keys inside schemas included)? */
export const isAnnotation = (key) => ANNOTATIONS.has(key) || key.startsWith('x-');

/**
 * A schema as a plain value where two schemas meaning the same are equal: references inlined (a
 * loop becomes `{ $loop: ref }`), annotations dropped, `{}` as `true`, `{ not: {} }` as `false`,
 * `const` as a one-value `enum`, `type` as a sorted list, object keys sorted.
 */
export function canonical(doc, node, seen = []) {
  const { node: schema, ref } = follow(doc, node);
  if (ref && seen.includes(ref)) return { $loop: ref };
  const inner = ref ? [...seen, ref] : seen;
  if (schema === true || schema === false) return schema;
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out = {};
  for (const key of Object.keys(schema).sort()) {
    if (isAnnotation(key) || key === 'deprecated') continue;
    const value = schema[key];
    if (key === 'const') out.enum = [value];
    else if (key === 'type') out.type = [value].flat().sort();
    else if (key === 'properties' || key === 'patternProperties' || key === 'dependentSchemas' || key === '$defs') {
      out[key] = Object.fromEntries(Object.keys(value ?? {}).sort().map((name) => [name, canonical(doc, value[name], inner)]));
    } else if (SUBSCHEMA_LISTS.has(key) && Array.isArray(value)) out[key] = value.map((item) => canonical(doc, item, inner));
    else if (SUBSCHEMAS.has(key)) out[key] = canonical(doc, value, inner);
    else out[key] = sortKeys(value);
  }
  if (out.not === true) return false;
  if (Object.keys(out).length === 0) return true;
  return out;
}

const SUBSCHEMAS = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema']);
const SUBSCHEMA_LISTS = new Set(['oneOf', 'anyOf', 'allOf', 'prefixItems']);

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

/** Deep equality of plain JSON values (key order ignored). */
export const same = (a, b) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

/** Do two schemas, each in its document, mean the same? */
export const sameSchema = (docA, a, docB, b) => same(canonical(docA, a), canonical(docB, b));

/**
 * The edits from one value to another, one per top-level key when both are plain objects (so
 * that `{items, pageInfo}` → `{items, pageInfo'}` reads as `pageInfo` changed), else one.
 * @returns {{ key: string, before: unknown, after: unknown }[]}
 */
export function edits(key, before, after) {
  const plain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!plain(before) || !plain(after)) return same(before, after) ? [] : [{ key, before, after }];
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !same(before[k], after[k])).map((k) => ({ key: `${key}.${k}`, before: before[k], after: after[k] }));
}
