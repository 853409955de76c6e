// The drift reporter's schema table (generated/validate.ts), compiled at `npm run generate` time from
// the response schemas of spec/. `litemail-sdk/validate` interprets it at run time (src/schema-check.ts):
// no schema compiler and no eval/new Function in the shipped code, so it runs under a strict CSP and on
// edge runtimes.
//
// Each schema becomes one node, shared by every response that reaches it through a `$ref`:
//   t  allowed JSON types, a bit mask (TYPE_BITS)        e  allowed values (enum, or [const])
//   r  required property names not in p                  p  property name -> node (~node when required)
//   i  node of array items                               x  node of additionalProperties values
//   a  allOf branches                                    k  every property name the node and its allOf branches know
//   c  1 when an unknown property is drift (the schema lists properties and does not allow others)
//   n  1 when nothing is allowed (`false`, `not: {}`)    h  home: index into `homes`, where the schema is written
// Only keywords that decide the shape are kept; value constraints (format, pattern, minimum, …) are
// not checked (the drift reporter reports shape: fields, types, enums, statuses).
import { relative } from 'node:path';
import { listOperations, root } from '../spec/spec.mjs';
import { escapeToken, follow, operationPlaces, schemaNameAt } from '../spec/spec-location.mjs';

/** The bits of `t`: a `number` schema accepts integers too. Kept in step with src/schema-check.ts. */
export const TYPE_BITS = { null: 1, boolean: 2, object: 4, array: 8, number: 16 | 64, string: 32, integer: 64 };

/** Keywords that say nothing about the shape, or value constraints the reporter leaves alone. */
const IGNORED = new Set([
  ...['description', 'title', 'examples', 'example', 'default', 'deprecated', 'readOnly', 'writeOnly', '$comment'],
  ...['format', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  ...['minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'discriminator'],
]);
const HANDLED = new Set(['type', 'enum', 'const', 'required', 'properties', 'items', 'additionalProperties', 'allOf', 'not']);

/** Compiles every JSON response of every operation into { nodes, homes, operations }. */
export function validatorTable(doc) {
  const nodes = [];
  const homes = [];
  const homeIndex = new Map();
  const byPlace = new Map();
  const problems = [];

  /** Where a schema is written: its file and, unless it is inline (in an operation), its name. */
  const home = (file, pointer) => {
    const schema = schemaNameAt(pointer);
    const rel = relative(root, file).split('\\').join('/');
    const key = `${rel}#${schema ?? ''}`;
    if (!homeIndex.has(key)) {
      homeIndex.set(key, homes.length);
      homes.push(schema ? [rel, schema] : [rel]);
    }
    return homeIndex.get(key);
  };

  /** The node of the schema at file#pointer (after $refs). */
  function compile(file, pointer) {
    const here = follow(file, pointer);
    const key = `${here.file}#${here.pointer}`;
    if (byPlace.has(key)) return byPlace.get(key);
    const index = nodes.length;
    byPlace.set(key, index);
    const node = { h: home(here.file, here.pointer) };
    nodes.push(node);
    const s = here.node;
    if (s === false) return Object.assign(node, { n: 1 }), index;
    if (s === true || s === undefined) return index;
    const at = (suffix) => `${here.pointer}${suffix}`;
    for (const keyword of Object.keys(s)) {
      if (!HANDLED.has(keyword) && !IGNORED.has(keyword) && !keyword.startsWith('x-')) {
        problems.push(`${relative(root, here.file)}#${here.pointer}: \`${keyword}\` is not supported by the drift reporter (scripts/generate/validator-table.mjs, src/schema-check.ts)`);
      }
    }
    if (s.not) {
      if (Object.keys(s.not).length) problems.push(`${key}: only \`not: {}\` is supported`);
      node.n = 1;
    }
    if (s.type !== undefined) node.t = [s.type].flat().reduce((mask, type) => mask | TYPE_BITS[type], 0);
    if (Array.isArray(s.enum)) node.e = s.enum;
    if ('const' in s) node.e = [s.const];
    if (s.required?.length) node.r = s.required;
    if (s.properties) {
      node.p = Object.fromEntries(Object.keys(s.properties).map((name) => [name, compile(here.file, at(`/properties/${escapeToken(name)}`))]));
    }
    if (s.items !== undefined) node.i = compile(here.file, at('/items'));
    if (s.additionalProperties && typeof s.additionalProperties === 'object') node.x = compile(here.file, at('/additionalProperties'));
    if (s.allOf) node.a = s.allOf.map((_, i) => compile(here.file, at(`/allOf/${i}`)));
    return index;
  }

  /** Property names a node knows, its allOf branches' included; undefined when any part allows others. */
  function known(index, seen = new Set()) {
    const node = nodes[index];
    if (seen.has(index)) return [];
    seen.add(index);
    const names = Object.keys(node.p ?? {});
    for (const branch of node.a ?? []) {
      const more = known(branch, seen);
      if (more === undefined) return undefined;
      names.push(...more);
    }
    return node.open ? undefined : names;
  }

  const operations = {};
  const places = operationPlaces();
  for (const { path, method, op } of listOperations(doc)) {
    const place = places.get(op.operationId);
    if (!place) {
      problems.push(`${method} ${path}: operation ${op.operationId} not found in spec/`);
      continue;
    }
    const statuses = {};
    const responses = follow(place.file, `${place.pointer}/responses`).node ?? {};
    for (const status of Object.keys(responses)) {
      const response = follow(place.file, `${place.pointer}/responses/${status}`);
      const schema = `${response.pointer}/content/application~1json/schema`;
      const hasJson = response.node?.content?.['application/json'];
      // -1: declared, with no JSON body to check.
      statuses[status] = hasJson && hasJson.schema !== undefined ? compile(response.file, schema) : -1;
    }
    operations[`${method} ${path}`] = [op.operationId, home(place.file, ''), statuses];
  }

  // Open objects: additionalProperties true/a schema, or a bare `type: object` without properties.
  for (const [key, index] of byPlace) {
    const [file, pointer] = [key.slice(0, key.indexOf('#')), key.slice(key.indexOf('#') + 1)];
    const s = follow(file, pointer).node;
    if (s && typeof s === 'object' && (s.additionalProperties === true || typeof s.additionalProperties === 'object')) nodes[index].open = true;
  }
  nodes.forEach((node, index) => {
    const names = node.p || node.a ? known(index) : undefined;
    if (names?.length) {
      node.c = 1;
      if (node.a) node.k = [...new Set(names)];
    }
  });
  for (const node of nodes) delete node.open;
  if (problems.length) throw new Error(`Spec problems (drift reporter):\n- ${problems.join('\n- ')}`);
  return compact(nodes, homes, operations);
}

/** The node's children, rewritten by `rename` (node index -> node index). */
function renamed(node, rename) {
  const out = { ...node };
  if (node.p) out.p = Object.fromEntries(Object.entries(node.p).map(([name, child]) => [name, rename(child)]));
  if (node.i !== undefined) out.i = rename(node.i);
  if (node.x !== undefined) out.x = rename(node.x);
  if (node.a) out.a = node.a.map(rename);
  return out;
}

/**
 * A smaller table, same meaning: identical nodes merged (the many `{type: string}` leaves of one
 * home), and a required property marked in `p` by its node's bitwise complement (`~index`, always
 * negative) instead of repeating its name in `r`.
 */
function compact(nodes, homes, operations) {
  let representative = nodes.map((_, i) => i);
  for (;;) {
    const first = new Map();
    const next = nodes.map((node, i) => {
      const key = JSON.stringify(renamed(node, (c) => representative[c]));
      if (!first.has(key)) first.set(key, i);
      return first.get(key);
    });
    if (next.every((r, i) => r === representative[i])) break;
    representative = next;
  }
  const kept = nodes.map((_, i) => i).filter((i) => representative[i] === i);
  const indexOf = new Map(kept.map((old, i) => [old, i]));
  const rename = (old) => indexOf.get(representative[old]);
  const out = kept.map((old) => {
    const node = renamed(nodes[old], rename);
    if (node.p && node.r) {
      for (const name of node.r) if (Object.hasOwn(node.p, name)) node.p[name] = ~node.p[name];
      node.r = node.r.filter((name) => !Object.hasOwn(node.p, name));
      if (!node.r.length) delete node.r;
    }
    return node;
  });
  for (const [, , statuses] of Object.values(operations)) {
    for (const [status, node] of Object.entries(statuses)) if (node >= 0) statuses[status] = rename(node);
  }
  return { nodes: out, homes, operations };
}

/** generated/validate.ts: the table as data, with the types src/schema-check.ts reads it by. */
export function validatorModule(doc, header) {
  const { nodes, homes, operations } = validatorTable(doc);
  const rows = (list) => list.map((item) => `  ${JSON.stringify(item)},`).join('\n');
  return `// ${header}
// The response schemas of the spec as a table for litemail-sdk/validate (see scripts/generate/validator-table.mjs).

/** One schema. See scripts/generate/validator-table.mjs for the meaning of each key. */
export interface SchemaNode {
  readonly t?: number;
  readonly e?: readonly unknown[];
  readonly r?: readonly string[];
  readonly p?: Readonly<Record<string, number>>;
  readonly i?: number;
  readonly x?: number;
  readonly a?: readonly number[];
  readonly k?: readonly string[];
  readonly c?: 1;
  readonly n?: 1;
  readonly h: number;
}

/** Where schemas are written: [file of spec/, named schema] (no name: inline in an operation of that file). */
export const homes: readonly (readonly [file: string, schema?: string])[] = [
${rows(homes)}
];

export const nodes: readonly SchemaNode[] = [
${rows(nodes)}
];

/** \`METHOD /path/{template}\` -> [operationId, home of the operation, status -> node (-1: no JSON body)]. */
export const responseSchemas: Readonly<Record<string, readonly [operationId: string, home: number, statuses: Readonly<Record<string, number>>]>> = {
${Object.entries(operations)
  .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`)
  .join('\n')}
};
`;
}
