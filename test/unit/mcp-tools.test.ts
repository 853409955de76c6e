// How `litemail mcp` presents an operation as a tool (src/cli/tools.ts), on hand-written operations
// and schemas: schemas rewritten into the portable subset without changing what they accept,
// descriptions cut to 1,024 characters at a sentence while keeping the money warning and the
// evidence level, annotations by method and money.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { annotationsOf, describeTool, portable } from '../../src/cli/tools.js';
import type { OperationDetails } from '../../src/cli/spec-operations.js';

function operation(changes: Partial<OperationDetails>): OperationDetails {
  return {
    operationId: 'doThing',
    method: 'POST',
    path: '/v1/things',
    tag: 'Things',
    summary: 'Do Thing',
    description: 'Does the thing.',
    evidence: 'inferred',
    billable: false,
    idempotent: false,
    paginated: false,
    parameters: [],
    input: { type: 'object', properties: {}, required: [], additionalProperties: false },
    designed: {},
    ...changes,
  };
}

describe('portable', () => {
  it('turns a bare false into {"not": {}} and a type array into an anyOf of single types', () => {
    const schema = {
      type: 'object',
      properties: { gone: false, picture: { type: ['string', 'null'], format: 'uri', description: 'null removes it' } },
      oneOf: [{ properties: { a: false } }, { type: 'object', properties: { b: { type: 'string' } } }],
      required: ['picture'],
    };
    expect(portable(schema)).toEqual({
      type: 'object',
      properties: { gone: { not: {} }, picture: { format: 'uri', description: 'null removes it', anyOf: [{ type: 'string' }, { type: 'null' }] } },
      oneOf: [{ properties: { a: { not: {} } } }, { type: 'object', properties: { b: { type: 'string' } } }],
      required: ['picture'],
    });
  });

  it('keeps values that are not schemas (enum, examples, const) and nests a type array beside an existing anyOf', () => {
    expect(portable({ type: ['string', 'null'], enum: ['A', null], examples: [false], anyOf: [{ minLength: 1 }, { type: 'null' }] })).toEqual({
      enum: ['A', null],
      examples: [false],
      anyOf: [{ minLength: 1 }, { type: 'null' }],
      allOf: [{ anyOf: [{ type: 'string' }, { type: 'null' }] }],
    });
  });

  it('accepts and refuses the same values as the schema it came from', () => {
    const schema = {
      type: 'object',
      properties: { name: { type: ['string', 'null'] }, mode: false, items: { type: 'array', items: { type: ['integer', 'null'] } } },
    };
    const ajv = new Ajv2020({ strict: false });
    const before = ajv.compile(schema);
    const after = ajv.compile(portable(schema) as object);
    for (const value of [{ name: null }, { name: 'x' }, { name: 1 }, { mode: 1 }, { items: [1, null] }, { items: ['x'] }, {}]) {
      expect(after(value), JSON.stringify(value)).toBe(before(value));
    }
  });
});

describe('describeTool', () => {
  const long = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} says something long enough to matter.`).join(' ');

  it('keeps a short description whole: summary, method and path, description, evidence', () => {
    expect(describeTool(operation({}))).toBe(
      "Do Thing (POST /v1/things).\n\nDoes the thing.\n\nEvidence: inferred, only the title is LiteMail's; method, path and shapes are guesses and may be wrong.",
    );
  });

  it('cuts a long one at a sentence, within 1,024 characters, keeping the money warning and the evidence level', () => {
    const text = describeTool(operation({ description: long, billable: true }));
    expect(text.length).toBeLessThanOrEqual(1024);
    expect(text.length).toBeGreaterThan(900);
    expect(text).toContain('\n\nCOSTS MONEY: it spends money or authorises spending.');
    expect(text).toMatch(/matter\. …\n\nEvidence: inferred, /);
  });
});

describe('annotationsOf', () => {
  it.each([
    // method, billable, idempotent flag -> readOnly, destructive, idempotent
    ['GET', false, false, true, false, true],
    ['POST', false, false, false, false, false],
    ['POST', false, true, false, false, true],
    ['POST', true, false, false, true, false],
    ['PUT', false, false, false, true, true],
    ['PUT', true, false, false, true, false],
    ['DELETE', false, false, false, true, true],
    ['PATCH', false, false, false, true, false],
  ] as const)('%s billable=%s idempotent=%s', (method, billable, idempotent, readOnlyHint, destructiveHint, idempotentHint) => {
    expect(annotationsOf(operation({ method, billable, idempotent }))).toEqual({ readOnlyHint, destructiveHint, idempotentHint, openWorldHint: true });
  });
});
