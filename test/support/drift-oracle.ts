// The oracle of the drift reporter's differential test (test/spec/validate-differential.test.ts): ajv,
// outside the project, given each response schema rewritten to the reporter's stated semantics
// (README, "When the real API differs"; src/schema-check.ts's header), written here from that
// statement and not from the reporter's code or table:
//   - formats and value constraints (pattern, minimum, lengths, …) are not checked;
//   - an object schema is closed when it or one of its allOf branches lists properties or says
//     `additionalProperties: false`, and none of them allows others (true or a schema): expressed
//     as `unevaluatedProperties: false`, which sees through allOf; inside a branch,
//     `additionalProperties: false` gives way to that (the author's intent, not JSON Schema's reading);
//   - a value of the wrong type is not checked further (no enum finding beside it);
//   - a place reached through additionalProperties (a map's key) is shown as `*`.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { deref } from '../../scripts/spec/spec.mjs';

/** [JSON pointer, problem] as the reporter names them. */
export type Finding = [pointer: string, problem: string];

/** Annotations and value constraints: not part of the reporter's semantics. Any other keyword is kept. */
const DROPPED = new Set([
  ...['description', 'title', 'examples', 'example', 'default', 'deprecated', 'readOnly', 'writeOnly', '$comment', 'discriminator'],
  ...['format', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  ...['minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties'],
]);

const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** The schema and its allOf branches, each once, after $refs. */
function parts(doc: unknown, schema: unknown, seen = new Set<object>()): any[] {
  const s = deref(doc, schema);
  if (!s || typeof s !== 'object' || seen.has(s)) return [];
  seen.add(s);
  return [s, ...(s.allOf ?? []).flatMap((branch: unknown) => parts(doc, branch, seen))];
}

function closed(doc: unknown, schema: unknown): boolean {
  const all = parts(doc, schema);
  if (all.some((part) => part.additionalProperties !== undefined && part.additionalProperties !== false)) return false;
  return all.some((part) => Object.keys(part.properties ?? {}).length > 0 || part.additionalProperties === false);
}

/** The schema inlined (no $ref) and rewritten to the reporter's semantics. `branch`: an allOf branch. */
function rewrite(doc: unknown, schema: unknown, branch: boolean, path: object[] = []): unknown {
  const s = deref(doc, schema);
  if (!s || typeof s !== 'object') return s;
  if (path.includes(s)) throw new Error('the oracle inlines schemas: a recursive schema needs another oracle');
  const inner = [...path, s];
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries<any>(s)) {
    if (DROPPED.has(keyword) || keyword.startsWith('x-')) continue;
    if (keyword === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, rewrite(doc, child, false, inner)]));
    } else if (keyword === 'items' || keyword === 'not') {
      out[keyword] = rewrite(doc, value, false, inner);
    } else if (keyword === 'additionalProperties') {
      if (value !== false) out.additionalProperties = rewrite(doc, value, false, inner);
    } else if (keyword === 'allOf') {
      out.allOf = value.map((part: unknown) => rewrite(doc, part, true, inner));
    } else {
      out[keyword] = value;
    }
  }
  if (!branch && closed(doc, s)) out.unevaluatedProperties = false;
  return out;
}

/** The instance path of an error as the reporter shows it: a map's keys (additionalProperties) as `*`. */
function shownPointer(error: ErrorObject): string {
  const tokens = error.instancePath.split('/').slice(1);
  const keywords = error.schemaPath.replace(/^#/, '').split('/').slice(1);
  const shown: string[] = [];
  for (let k = 0; k < keywords.length && shown.length < tokens.length; k++) {
    const keyword = keywords[k];
    if (keyword === 'properties' || keyword === 'allOf') k++; // the next keyword is a property name or a branch index
    if (keyword === 'properties' || keyword === 'items') shown.push(tokens[shown.length]!);
    else if (keyword === 'additionalProperties') shown.push('*');
  }
  return shown.map((token) => `/${token}`).join('');
}

function findings(errors: ErrorObject[]): Finding[] {
  const found = new Map<string, Finding>();
  const add = (pointer: string, problem: string) => found.set(`${problem} ${pointer}`, [pointer, problem]);
  for (const error of errors) {
    const at = shownPointer(error);
    if (error.keyword === 'required') add(`${at}/${escapeToken(error.params.missingProperty)}`, 'missing-required');
    else if (error.keyword === 'unevaluatedProperties') add(`${at}/${escapeToken(error.params.unevaluatedProperty)}`, 'unknown-field');
    else if (error.keyword === 'type') add(at, 'wrong-type');
    else if (error.keyword === 'enum' || error.keyword === 'const') add(at, 'not-in-enum');
    else if (error.keyword === 'not' || error.keyword === 'false schema') add(at, 'unknown-field');
    else add(at, `ajv ${error.keyword}`);
  }
  const wrongType = new Set([...found.values()].filter(([, problem]) => problem === 'wrong-type').map(([pointer]) => pointer));
  return [...found.values()].filter(([pointer, problem]) => !(wrongType.has(pointer) && problem === 'not-in-enum'));
}

/** `(schema, body) => findings` for the schemas of `doc` (a bundled OpenAPI document, local $refs). */
export function oracle(doc: unknown): (schema: object, body: unknown) => Finding[] {
  // validateFormats off: `format` is dropped anyway; this keeps an unknown format from mattering.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const compiled = new Map<object, ValidateFunction>();
  return (schema, body) => {
    const validate = compiled.get(schema) ?? ajv.compile(rewrite(doc, schema, false) as object);
    compiled.set(schema, validate);
    return validate(body) ? [] : findings(validate.errors ?? []);
  };
}
