// What the `litemail` command and the MCP server need to know of each operation, read from spec/ at
// `npm run generate` time (they never parse YAML at run time): its words (summary, description), its
// money, retry and evidence marks, one self-contained JSON Schema of its input — every parameter by
// its spec name plus `body` — that both validate against, and which of that schema's constraints are
// designed rather than observed (`designed`: they warn instead of blocking, see below).
//
// The schemas are read from the source files of spec/ (following `$ref`s between them, as
// scripts/spec/spec-location.mjs does), not from the bundle, so that each designed constraint can
// name the file and schema a user would change.
import { relative } from 'node:path';
import { root } from '../spec/spec.mjs';
import { escapeToken, follow, operationPlaces, schemaNameAt } from '../spec/spec-location.mjs';

/** The input property that holds the request body (a parameter may not take this name). */
export const BODY_KEY = 'body';

/** Keys that describe or annotate a schema in OpenAPI but are not JSON Schema validation. */
const DROPPED = new Set(['example', 'discriminator', 'xml', 'externalDocs']);

/**
 * Value constraints: what a schema says about a value beyond its type, required fields and enums.
 * The library's types check none of them, and in this spec most are designed (guessed from Zapmail
 * or chosen here), so the CLI and the MCP server only warn about them unless the schema's
 * `x-litemail-observed.constraints` lists them (seen in LiteMail's docs or answers) or the user
 * asks for `--strict`. `additionalProperties: false` is one too (described in spec/openapi.yaml).
 */
export const VALUE_CONSTRAINTS = [
  ...['pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  ...['minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties'],
];

/** Keywords whose value is a map of names to schemas, one schema, or a list of schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);
const SCHEMA_ONE = new Set(['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedProperties']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

/** The value constraints of one schema object that are designed: present, and not listed as observed. */
export function designedConstraints(schema) {
  const observed = schema['x-litemail-observed']?.constraints ?? [];
  const present = VALUE_CONSTRAINTS.filter((keyword) => keyword in schema);
  if (schema.additionalProperties === false) present.push('additionalProperties');
  const absent = observed.filter((keyword) => !present.includes(keyword));
  if (absent.length) throw new Error(`x-litemail-observed.constraints lists ${absent.join(', ')}, which the schema does not constrain`);
  return present.filter((keyword) => !observed.includes(keyword));
}

/** Where a schema is written, as a user reads it: `spec/openapi.yaml, schema MailboxId`. */
function home(file, pointer, operationId) {
  const schema = schemaNameAt(pointer);
  const parameter = /^\/components\/parameters\/([^/]+)/.exec(pointer)?.[1];
  const what = schema ? `schema ${schema}` : parameter ? `parameter ${parameter}` : `operation ${operationId}`;
  return `${relative(root, file).split('\\').join('/')}, ${what}`;
}

/**
 * Copies the schema at file#pointer with every `$ref` inlined, so a tool's schema stands alone.
 * `at` is the copy's place in the operation's input schema, as a validator names it
 * (`#/properties/body/properties/name`); each designed constraint met is recorded in `designed`
 * under `${at}/${keyword}`, with the place in spec/ it comes from.
 */
function inline(file, pointer, at, context, seen = []) {
  const here = follow(file, pointer);
  const schema = here.node;
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const key = `${here.file}#${here.pointer}`;
  if (seen.includes(key)) throw new Error(`${context.where}: ${key} refers to itself; a tool input schema cannot inline it`);
  const inner = (suffix, place) => inline(here.file, `${here.pointer}${suffix}`, place, context, [...seen, key]);
  const copy = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword.startsWith('x-') || DROPPED.has(keyword)) continue;
    const token = `/${escapeToken(keyword)}`;
    if (SCHEMA_MAPS.has(keyword)) {
      copy[keyword] = Object.fromEntries(Object.keys(value).map((name) => [name, inner(`${token}/${escapeToken(name)}`, `${at}${token}/${escapeToken(name)}`)]));
    } else if (SCHEMA_LISTS.has(keyword)) {
      copy[keyword] = value.map((_, i) => inner(`${token}/${i}`, `${at}${token}/${i}`));
    } else if (SCHEMA_ONE.has(keyword) && value && typeof value === 'object') {
      copy[keyword] = inner(token, `${at}${token}`);
    } else {
      copy[keyword] = value;
    }
  }
  for (const keyword of designedConstraints(schema)) context.designed[`${at}/${keyword}`] = home(here.file, here.pointer, context.operationId);
  return copy;
}

/** The parameters of an operation in spec/ (the path item's, then the operation's, the latter winning). */
function parametersOf(place) {
  const item = place.pointer.slice(0, place.pointer.lastIndexOf('/'));
  const byKey = new Map();
  for (const list of [`${item}/parameters`, `${place.pointer}/parameters`]) {
    const { node } = follow(place.file, list);
    (node ?? []).forEach((_, i) => {
      const p = follow(place.file, `${list}/${i}`);
      byKey.set(`${p.node.in}:${p.node.name}`, p);
    });
  }
  return [...byKey.values()];
}

/**
 * One operation's details; a problem is recorded when the CLI/MCP could not represent it (two
 * parameters of one name in different places, a parameter named like the body property).
 */
function details({ path, method, op }, place, problems) {
  const context = { where: `${method} ${path}`, operationId: op.operationId, designed: {} };
  const properties = {};
  const required = [];
  const parameters = parametersOf(place);
  for (const { file, pointer, node: p } of parameters) {
    if (p.name === BODY_KEY || p.name in properties) problems.push(`${context.where}: parameter "${p.name}" clashes with another input of the operation`);
    const schema = inline(file, `${pointer}/schema`, `#/properties/${escapeToken(p.name)}`, context) ?? {};
    properties[p.name] = { ...schema, ...(p.description ? { description: p.description } : {}) };
    if (p.required) required.push(p.name);
  }
  const requestBody = follow(place.file, `${place.pointer}/requestBody`);
  const json = requestBody.node?.content?.['application/json'];
  if (requestBody.node && !json?.schema) problems.push(`${context.where}: only application/json request bodies are supported`);
  if (json?.schema) {
    const schema = inline(requestBody.file, `${requestBody.pointer}/content/application~1json/schema`, `#/properties/${BODY_KEY}`, context);
    properties[BODY_KEY] = { ...schema, ...(requestBody.node.description ? { description: requestBody.node.description } : {}) };
    if (requestBody.node.required) required.push(BODY_KEY);
  }
  // The operation's name, route, tag, evidence and flags are the table of operations' (operations.ts):
  // this row extends it, by the same route key, with what only the CLI and the MCP server need.
  return {
    summary: op.summary ?? '',
    description: op.description ?? '',
    parameters: parameters.map(({ node: p }) => ({ name: p.name, in: p.in, required: p.required === true })),
    input: { type: 'object', properties, required, additionalProperties: false },
    designed: context.designed,
  };
}

/**
 * generated/operation-details.json: each operation's details keyed by its route (`METHOD /path`),
 * the key of the table of operations they extend. `operations` are the bundle's (listOperations).
 */
export function operationDetails(operations, header) {
  const problems = [];
  const places = operationPlaces();
  const byRoute = Object.fromEntries(
    operations.map((operation) => {
      const place = places.get(operation.op.operationId);
      if (!place) throw new Error(`Spec problems:\n- ${operation.method} ${operation.path}: operation ${operation.op.operationId} not found in spec/`);
      return [`${operation.method} ${operation.path}`, details(operation, place, problems)];
    }),
  );
  if (problems.length) throw new Error(`Spec problems:\n- ${problems.join('\n- ')}`);
  return `${JSON.stringify({ $comment: header, details: byRoute }, null, 2)}\n`;
}
