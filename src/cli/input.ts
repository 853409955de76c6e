// An operation's input (its parameters by spec name, and `body`), checked against the JSON Schema
// generated from the spec before anything is sent, and turned into openapi-fetch's init. Shared by
// the `litemail` command and the MCP server, so both refuse the same inputs with the same words.
//
// What blocks is what the library's types check too — types, required fields, enums, the modes of a
// body — and the constraints the spec marks observed: those catch typos. The spec's designed
// constraints (its table's `designed`: guessed patterns, lengths, formats, closed bodies) only warn,
// since the real API may well accept what they refuse; `strict` makes them block as well.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { BODY_KEY, type JsonSchema, type OperationDetails } from './spec-operations.js';

export type Input = Record<string, unknown>;

// ajv-formats is CommonJS whose function is both module.exports and its `default`.
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (ajv: Ajv2020) => void;

/** OpenAPI 3.1 schemas are JSON Schema 2020-12; annotations such as `examples` are allowed. */
function createAjv(options: { coerceTypes?: 'array' } = {}): Ajv2020 {
  // verbose: errors carry their schema, so a message can list the properties a body takes.
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, ...options });
  addFormats(ajv);
  return ajv;
}

const checkingAjv = createAjv();
const coercingAjv = createAjv({ coerceTypes: 'array' });
const validators = new Map<string, ValidateFunction>();

function validatorFor(ajv: Ajv2020, key: string, schema: () => object): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = ajv.compile(schema())));
  return validate;
}

/** `schema` without the keywords at `places` (`#/properties/id/pattern`, …). */
function without(schema: JsonSchema, places: string[]): JsonSchema {
  const copy = structuredClone(schema);
  for (const place of places) {
    const tokens = place.slice(2).split('/').map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'));
    const keyword = tokens.pop()!;
    const parent = tokens.reduce<JsonSchema | undefined>((node, token) => node?.[token] as JsonSchema | undefined, copy);
    if (parent) delete parent[keyword];
  }
  return copy;
}

/** The schema that blocks: the input schema without its designed constraints, or all of it with `strict`. */
export function blockingSchema(op: OperationDetails, strict: boolean): JsonSchema {
  return strict ? op.input : without(op.input, Object.keys(op.designed));
}

/** How a surface names an input: `--id` on the command line, `id` for an MCP tool. */
export type NameStyle = (name: string) => string;

function describeError(op: OperationDetails, error: ErrorObject, style: NameStyle): string {
  const [name, ...rest] = error.instancePath.split('/').slice(1);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties' && !name) {
    const known = Object.keys(op.input.properties).map(style).join(', ') || 'none';
    return `unknown parameter ${style(String(params.additionalProperty))} (${op.operationId} takes: ${known})`;
  }
  if (error.keyword === 'required' && !name) {
    return `missing required ${params.missingProperty === BODY_KEY ? 'body' : `parameter ${style(String(params.missingProperty))}`}`;
  }
  const at = rest.length ? ` at /${rest.join('/')}` : '';
  const where = name === BODY_KEY ? `body${at}` : `parameter ${style(name ?? '')}${at}`;
  switch (error.keyword) {
    case 'additionalProperties': {
      const known = Object.keys(((error.parentSchema as JsonSchema | undefined)?.properties as object | undefined) ?? {});
      return `${where}: unknown property "${String(params.additionalProperty)}" (${name === BODY_KEY && !rest.length ? 'the body' : 'it'} takes: ${known.join(', ') || 'none'})`;
    }
    case 'enum':
      return `${where}: ${error.message}: ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'false schema':
    case 'not':
      return `${where}: not allowed here`;
    default:
      return `${where}: ${error.message}`;
  }
}


export interface Checked {
  /** Why the input cannot be sent: empty when it may be. */
  problems: string[];
  /** Designed constraints the input breaks (when it may be sent): one line each. */
  warnings: string[];
}

/** Checks an input: problems block the call; warnings name designed constraints it breaks, with their place in spec/. */
export function checkInput(op: OperationDetails, input: Input, style: NameStyle, strict: boolean): Checked {
  const designed = (error: ErrorObject) => op.designed[error.schemaPath];
  // One line per distinct problem: a oneOf's failure repeats each branch's errors.
  const lines = (errors: ErrorObject[]) => [
    ...new Set(errors.map((error) => `${describeError(op, error, style)}${designed(error) ? ` (designed, not observed: ${designed(error)})` : ''}`)),
  ];
  const blocking = validatorFor(checkingAjv, `${strict ? 'full' : 'blocking'}:${op.operationId}`, () => blockingSchema(op, strict));
  if (!blocking(input)) return { problems: lines(blocking.errors ?? []), warnings: [] };
  const full = validatorFor(checkingAjv, `full:${op.operationId}`, () => op.input);
  if (strict || full(input)) return { problems: [], warnings: [] };
  // Only the designed constraints themselves: a oneOf that fails because of one adds nothing.
  return { problems: [], warnings: lines((full.errors ?? []).filter(designed)) };
}

/**
 * Command-line values are strings: turns them into the types the spec's parameters have (numbers,
 * booleans, arrays), in place. Values that cannot be converted are left for `checkInput` to name.
 */
export function coerceParameters(op: OperationDetails, input: Input): void {
  const properties = Object.fromEntries(Object.entries(op.input.properties).filter(([name]) => name !== BODY_KEY));
  validatorFor(coercingAjv, `coerce:${op.operationId}`, () => ({ type: 'object', properties }))(input);
}

/** openapi-fetch's init for a valid input: each parameter in its place, the body as `body`. */
export function requestInit(op: OperationDetails, input: Input): { params: Record<string, Record<string, unknown>>; body?: unknown } {
  const params: Record<string, Record<string, unknown>> = {};
  for (const p of op.parameters) {
    if (input[p.name] !== undefined) (params[p.in] ??= {})[p.name] = input[p.name];
  }
  return input[BODY_KEY] === undefined ? { params } : { params, body: input[BODY_KEY] };
}
