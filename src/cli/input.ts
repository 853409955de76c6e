// An operation's input (its parameters by spec name, and `body`), checked against the JSON Schema
// generated from the spec before anything is sent, and turned into openapi-fetch's init. Shared by
// the `litemail` command and the MCP server, so both refuse the same inputs with the same words.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { BODY_KEY, type OperationDetails } from './spec-operations.js';

export type Input = Record<string, unknown>;

// ajv-formats is CommonJS whose function is both module.exports and its `default`.
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (ajv: Ajv2020) => void;

/** OpenAPI 3.1 schemas are JSON Schema 2020-12; annotations such as `examples` are allowed. */
function createAjv(options: { coerceTypes?: 'array' } = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, ...options });
  addFormats(ajv);
  return ajv;
}

const strictAjv = createAjv();
const coercingAjv = createAjv({ coerceTypes: 'array' });
const validators = new Map<string, ValidateFunction>();

function validatorFor(ajv: Ajv2020, key: string, schema: object): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = ajv.compile(schema)));
  return validate;
}

/** How a surface names an input: `--id` on the command line, `id` for an MCP tool. */
export type NameStyle = (name: string) => string;

function describeError(op: OperationDetails, error: ErrorObject, style: NameStyle): string {
  const [name, ...rest] = error.instancePath.split('/').slice(1);
  if (error.keyword === 'additionalProperties' && !name) {
    const unknown = (error.params as { additionalProperty: string }).additionalProperty;
    const known = Object.keys(op.input.properties).map(style).join(', ') || 'none';
    return `unknown parameter ${style(unknown)} (${op.operationId} takes: ${known})`;
  }
  if (error.keyword === 'required' && !name) {
    return `missing required ${(error.params as { missingProperty: string }).missingProperty === BODY_KEY ? 'body' : `parameter ${style((error.params as { missingProperty: string }).missingProperty)}`}`;
  }
  const where = name === BODY_KEY ? `body${rest.length ? ` at /${rest.join('/')}` : ''}` : `parameter ${style(name ?? '')}${rest.length ? ` at /${rest.join('/')}` : ''}`;
  const detail = error.keyword === 'enum' ? `${error.message}: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : error.message;
  return `${where}: ${detail}`;
}

/** The problems with an input, one line each (empty when it is valid). */
export function checkInput(op: OperationDetails, input: Input, style: NameStyle): string[] {
  const validate = validatorFor(strictAjv, op.operationId, op.input);
  if (validate(input)) return [];
  // oneOf failures repeat each branch's errors; one line per distinct message is enough.
  return [...new Set((validate.errors ?? []).map((error) => describeError(op, error, style)))];
}

/**
 * Command-line values are strings: turns them into the types the spec's parameters have (numbers,
 * booleans, arrays), in place. Values that cannot be converted are left for `checkInput` to name.
 */
export function coerceParameters(op: OperationDetails, input: Input): void {
  const properties = Object.fromEntries(Object.entries(op.input.properties).filter(([name]) => name !== BODY_KEY));
  const schema = { type: 'object', properties };
  validatorFor(coercingAjv, `coerce:${op.operationId}`, schema)(input);
}

/** openapi-fetch's init for a valid input: each parameter in its place, the body as `body`. */
export function requestInit(op: OperationDetails, input: Input): { params: Record<string, Record<string, unknown>>; body?: unknown } {
  const params: Record<string, Record<string, unknown>> = {};
  for (const p of op.parameters) {
    if (input[p.name] !== undefined) (params[p.in] ??= {})[p.name] = input[p.name];
  }
  return input[BODY_KEY] === undefined ? { params } : { params, body: input[BODY_KEY] };
}
