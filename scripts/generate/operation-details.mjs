// What the `litemail` command and the MCP server need to know of each operation, read from the
// bundled spec at `npm run generate` time (they never parse YAML at run time): its words (summary,
// description), its money and evidence marks, and one self-contained JSON Schema of its input —
// every parameter by its spec name plus `body` — that both the CLI and the MCP tools validate against.
import { deref } from '../spec/spec.mjs';

/** The input property that holds the request body (a parameter may not take this name). */
export const BODY_KEY = 'body';

/** Keys that describe or annotate a schema in OpenAPI but are not JSON Schema validation. */
const DROPPED = new Set(['example', 'discriminator', 'xml', 'externalDocs']);

/** A copy of a schema with every local `$ref` inlined, so a tool's schema stands alone. */
function inline(doc, node, where, seen = []) {
  if (Array.isArray(node)) return node.map((item) => inline(doc, item, where, seen));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    if (seen.includes(node.$ref)) throw new Error(`${where}: ${node.$ref} refers to itself; a tool input schema cannot inline it`);
    return inline(doc, deref(doc, node), where, [...seen, node.$ref]);
  }
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !key.startsWith('x-') && !DROPPED.has(key))
      .map(([key, value]) => [key, key === 'properties' ? inlineEach(doc, value, where, seen) : inline(doc, value, where, seen)]),
  );
}

/** `properties` maps names to schemas: a property named like a keyword must not be filtered. */
function inlineEach(doc, properties, where, seen) {
  return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, inline(doc, schema, where, seen)]));
}

function parametersOf(doc, pathParameters, op) {
  const byKey = new Map();
  for (const p of [...pathParameters, ...(op.parameters ?? [])].map((p) => deref(doc, p))) byKey.set(`${p.in}:${p.name}`, p);
  return [...byKey.values()];
}

/**
 * One operation's details, or a problem string when the CLI/MCP could not represent it (two
 * parameters of one name in different places, a parameter named like the body property).
 */
function details(doc, { path, method, op, pathParameters }, row, problems) {
  const where = `${method} ${path}`;
  const parameters = parametersOf(doc, pathParameters, op);
  const properties = {};
  const required = [];
  for (const p of parameters) {
    if (p.name === BODY_KEY || p.name in properties) problems.push(`${where}: parameter "${p.name}" clashes with another input of the operation`);
    properties[p.name] = { ...inline(doc, p.schema ?? {}, where), ...(p.description ? { description: p.description } : {}) };
    if (p.required) required.push(p.name);
  }
  const requestBody = deref(doc, op.requestBody);
  const bodySchema = requestBody?.content?.['application/json']?.schema;
  if (requestBody && !bodySchema) problems.push(`${where}: only application/json request bodies are supported`);
  if (bodySchema) {
    properties[BODY_KEY] = { ...inline(doc, bodySchema, where), ...(requestBody.description ? { description: requestBody.description } : {}) };
    if (requestBody.required) required.push(BODY_KEY);
  }
  return {
    operationId: row.operationId,
    method,
    path,
    tag: row.tag,
    summary: op.summary ?? '',
    description: op.description ?? '',
    evidence: row.evidence,
    billable: row.billable,
    paginated: Boolean(row.pagination) && method === 'GET',
    parameters: parameters.map((p) => ({ name: p.name, in: p.in, required: p.required === true })),
    input: { type: 'object', properties, required, additionalProperties: false },
  };
}

/**
 * The table for generated/operation-details.json. `rows` is the generator's operation table (same
 * order), whose billable, evidence and pagination facts are already checked.
 */
export function operationDetails(doc, operations, rows, header) {
  const problems = [];
  const list = operations.map((operation, i) => details(doc, operation, rows[i], problems));
  if (problems.length) throw new Error(`Spec problems:\n- ${problems.join('\n- ')}`);
  return `${JSON.stringify({ $comment: header, operations: list }, null, 2)}\n`;
}
