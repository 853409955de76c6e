// The drift reporter's schema table (generated/validate.ts), compiled at `npm run generate` time from
// the response schemas of spec/. `litemail-sdk/validate` interprets it at run time (src/schema-check.ts):
// no schema compiler and no eval/new Function in the shipped code, so it runs under a strict CSP and on
// edge runtimes. documentTable() compiles an OpenAPI document held in memory the same way, for tests
// of the interpreter on schemas spec/ does not have (yet).
//
// Each schema becomes one node, shared by every response that reaches it through a `$ref`:
//   t  allowed JSON types, a bit mask (TYPE_BITS)        e  allowed values (enum, or [const]), any JSON
//   r  required property names not in p                  p  property name -> node (~node when required)
//   i  node of array items                               x  node of additionalProperties values
//   a  allOf branches                                    k  every property name the node and its allOf branches know
//   c  1 when an unknown property is drift: the schema (with its allOf branches) lists properties or
//      says `additionalProperties: false`, and no part of it allows others
//   n  1 when nothing is allowed (`false`, `not: {}`)    h  home: index into `homes`, where the schema is written
// A status key is as the spec writes it: `200`, a range `4XX` (upper-cased here), or `default`.
// Only keywords that decide the shape are kept; value constraints (format, pattern, minimum, …) are
// not checked (the drift reporter reports shape: fields, types, enums, statuses).
import { relative } from 'node:path';
import { listOperations, root } from '../spec/spec.mjs';
import { escapeToken, follow, operationPlaces, schemaNameAt, valueAt } from '../spec/spec-location.mjs';

/** The bits of `t`: a `number` schema accepts integers too. Kept in step with src/schema-check.ts. */
export const TYPE_BITS = { null: 1, boolean: 2, object: 4, array: 8, number: 16 | 64, string: 32, integer: 64 };

/** Keywords that say nothing about the shape, or value constraints the reporter leaves alone. */
const IGNORED = new Set([
  ...['description', 'title', 'examples', 'example', 'default', 'deprecated', 'readOnly', 'writeOnly', '$comment'],
  ...['format', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  ...['minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'discriminator'],
]);
const HANDLED = new Set(['type', 'enum', 'const', 'required', 'properties', 'items', 'additionalProperties', 'allOf', 'not']);

/**
 * A table under construction over one source of schemas. `follow(file, pointer)` resolves `$ref`s
 * to `{ file, pointer, node }`; `place(file, pointer)` says where a schema is written, as
 * `[file, schema?]` (no schema: inline in an operation).
 */
function tableBuilder({ follow, place }) {
  const nodes = [];
  const homes = [];
  const homeIndex = new Map();
  const byPlace = new Map();
  const problems = [];
  const operations = {};

  const home = (file, pointer) => {
    const at = place(file, pointer);
    const key = at.join('#');
    if (!homeIndex.has(key)) {
      homeIndex.set(key, homes.length);
      homes.push(at);
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
    const where = `${place(here.file, '').join('')}#${here.pointer}`;
    for (const keyword of Object.keys(s)) {
      if (!HANDLED.has(keyword) && !IGNORED.has(keyword) && !keyword.startsWith('x-')) {
        problems.push(`${where}: \`${keyword}\` is not supported by the drift reporter (scripts/generate/validator-table.mjs, src/schema-check.ts)`);
      }
    }
    if (s.not) {
      if (Object.keys(s.not).length) problems.push(`${where}: only \`not: {}\` is supported`);
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
    // Open: others allowed (true or a schema). Closed: none allowed, even with no properties listed.
    if (s.additionalProperties !== undefined) node.extra = s.additionalProperties === false ? 'closed' : 'open';
    if (s.allOf) node.a = s.allOf.map((_, i) => compile(here.file, at(`/allOf/${i}`)));
    return index;
  }

  /** The node and its allOf branches, each once. */
  function parts(index, seen = new Set()) {
    if (seen.has(index)) return [];
    seen.add(index);
    return [nodes[index], ...(nodes[index].a ?? []).flatMap((branch) => parts(branch, seen))];
  }

  /** An operation's responses, from the place of the operation object. */
  function addOperation(key, operationId, file, pointer) {
    const statuses = {};
    const responses = follow(file, `${pointer}/responses`).node ?? {};
    for (const status of Object.keys(responses)) {
      const response = follow(file, `${pointer}/responses/${status}`);
      const json = response.node?.content?.['application/json'];
      // -1: declared, with no JSON body to check.
      statuses[/^[1-5]xx$/i.test(status) ? status.toUpperCase() : status] = json && json.schema !== undefined ? compile(response.file, `${response.pointer}/content/application~1json/schema`) : -1;
    }
    operations[key] = [operationId, home(file, ''), statuses];
  }

  function finish() {
    nodes.forEach((node, index) => {
      if (!node.p && !node.a && !node.extra) return;
      const all = parts(index);
      if (all.some((part) => part.extra === 'open')) return;
      const names = all.flatMap((part) => Object.keys(part.p ?? {}));
      if (names.length || all.some((part) => part.extra === 'closed')) {
        node.c = 1;
        if (node.a) node.k = [...new Set(names)];
      }
    });
    for (const node of nodes) delete node.extra;
    if (problems.length) throw new Error(`Spec problems (drift reporter):\n- ${problems.join('\n- ')}`);
    return compact(nodes, homes, operations);
  }

  return { addOperation, problems, finish };
}

/** Compiles every JSON response of every operation of spec/ into { nodes, homes, responseSchemas }: generated/validate.ts's exports. */
export function validatorTable(doc) {
  const builder = tableBuilder({
    follow,
    place: (file, pointer) => {
      const rel = relative(root, file).split('\\').join('/');
      const schema = schemaNameAt(pointer);
      return schema ? [rel, schema] : [rel];
    },
  });
  const places = operationPlaces();
  for (const { path, method, op } of listOperations(doc)) {
    const place = places.get(op.operationId);
    if (place) builder.addOperation(`${method} ${path}`, op.operationId, place.file, place.pointer);
    else builder.problems.push(`${method} ${path}: operation ${op.operationId} not found in spec/`);
  }
  return builder.finish();
}

/**
 * The table of an OpenAPI document held in memory, whose `$ref`s are local (`#/components/…`):
 * what `npm run generate` would compile from it, its homes named `[file, schema?]`.
 */
export function documentTable(doc, file = 'spec/openapi.yaml') {
  const builder = tableBuilder({
    follow: (_, pointer) => {
      for (let hops = 0; hops < 20; hops++) {
        const node = valueAt(doc, pointer);
        if (!node || typeof node !== 'object' || typeof node.$ref !== 'string') return { file, pointer, node };
        pointer = node.$ref.replace(/^#/, '');
      }
      throw new Error(`too many $ref hops at #${pointer}`);
    },
    place: (_, pointer) => {
      const schema = schemaNameAt(pointer);
      return schema ? [file, schema] : [file];
    },
  });
  for (const { path, method, op } of listOperations(doc)) {
    builder.addOperation(`${method} ${path}`, op.operationId, file, `/paths/${escapeToken(path)}/${method.toLowerCase()}`);
  }
  return builder.finish();
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
  return { nodes: out, homes, responseSchemas: operations };
}

/** generated/validate.ts: the table as data, with the types src/schema-check.ts reads it by. */
export function validatorModule(doc, header) {
  const { nodes, homes, responseSchemas } = validatorTable(doc);
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

/** \`METHOD /path/{template}\` -> [operationId, home of the operation, status (\`200\`, \`4XX\`, \`default\`) -> node (-1: no JSON body)]. */
export const responseSchemas: Readonly<Record<string, readonly [operationId: string, home: number, statuses: Readonly<Record<string, number>>]>> = {
${Object.entries(responseSchemas)
  .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`)
  .join('\n')}
};
`;
}
