// The drift reporter's interpreter (src/schema-check.ts) on schemas today's spec does not use but the
// generator accepts: object/array const and enum, closed empty objects, status ranges, allOf with a
// closed branch, formats (not checked), huge integers, recursion, and the bounds of one walk. Each table is compiled
// from a small hand-written OpenAPI document by scripts/generate/validator-table.mjs, as
// `npm run generate` would compile it from spec/.
import { describe, expect, it } from 'vitest';
import { documentTable } from '../../scripts/generate/validator-table.mjs';
import { checkResponse, type Drift } from '../../src/schema-check.js';

/** A document with one operation, GET /thing, answering `responses` (status -> schema). */
function tableOf(responses: Record<string, unknown>, schemas: Record<string, unknown> = {}) {
  const content = (schema: unknown) => ({ description: 'x', content: { 'application/json': { schema } } });
  return documentTable({
    openapi: '3.1.0',
    paths: { '/thing': { get: { operationId: 'getThing', responses: Object.fromEntries(Object.entries(responses).map(([status, schema]) => [status, content(schema)])) } } },
    components: { schemas },
  });
}

/** [pointer, problem, expected, received] of each drift of `body` answered with `status`. */
function drifts(table: ReturnType<typeof tableOf>, body: unknown, status = 200) {
  return checkResponse('GET', '/thing', status, body, [], table).map((d: Drift) => [d.pointer, d.problem, d.expected, d.received]);
}

describe('const and enum hold any JSON value', () => {
  const table = tableOf({
    '200': {
      type: 'object',
      properties: {
        point: { const: { x: 1, y: [2, 3] } },
        pair: { enum: [[1, 2], ['a', null], 'none'] },
      },
    },
  });

  it('an equal object or array matches, whatever its key order', () => {
    expect(drifts(table, { point: { y: [2, 3], x: 1 }, pair: ['a', null] })).toEqual([]);
    expect(drifts(table, { point: { x: 1, y: [2, 3] }, pair: 'none' })).toEqual([]);
  });

  it('a different one does not, and the drift lists the members as JSON', () => {
    expect(drifts(table, { point: { x: 1, y: [3, 2] }, pair: [1, 2, 3] })).toEqual([
      ['/point', 'not-in-enum', '{"x":1,"y":[2,3]}', 'object'],
      ['/pair', 'not-in-enum', '[1,2] | ["a",null] | none', 'array'],
    ]);
    expect(drifts(table, { point: { x: 1, y: [2, 3], z: 0 } })).toEqual([['/point', 'not-in-enum', '{"x":1,"y":[2,3]}', 'object']]);
  });
});

describe('objects', () => {
  it('`additionalProperties: false` with no properties allows only {}', () => {
    const table = tableOf({ '200': { type: 'object', properties: { empty: { type: 'object', additionalProperties: false } } } });
    expect(drifts(table, { empty: {} })).toEqual([]);
    expect(drifts(table, { empty: { surprise: 1 } })).toEqual([['/empty/surprise', 'unknown-field', 'no such field', 'integer']]);
  });

  it('a bare `type: object` stays open', () => {
    const table = tableOf({ '200': { type: 'object', properties: { bag: { type: 'object' } } } });
    expect(drifts(table, { bag: { anything: 1 } })).toEqual([]);
  });

  it('allOf is closed over its branches: a closed branch accepts its siblings’ fields (not JSON Schema’s reading), and nothing else', () => {
    const table = tableOf(
      { '200': { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { data: { type: 'string' } } }] } },
      { Base: { type: 'object', required: ['id'], properties: { id: { type: 'string' } }, additionalProperties: false } },
    );
    expect(drifts(table, { id: 'a', data: 'b' })).toEqual([]);
    expect(drifts(table, { id: 'a', data: 'b', other: true })).toEqual([['/other', 'unknown-field', 'no such field', 'boolean']]);
  });
});

describe('statuses', () => {
  const table = tableOf({ '200': { type: 'string' }, '4XX': { type: 'object', required: ['message'], properties: { message: { type: 'string' } } } });

  it('a status within a declared range (4XX) is checked against that range’s schema', () => {
    expect(drifts(table, { message: 'gone' }, 404)).toEqual([]);
    expect(drifts(table, {}, 429)).toEqual([['/message', 'missing-required', 'string', 'absent']]);
  });

  it('a status in no declared range, with no default, is undeclared', () => {
    expect(drifts(table, 'x', 503)).toEqual([['', 'undeclared-status', '200 | 4XX', '503']]);
  });

  it('an exact status wins over its range, and default catches the rest', () => {
    const ranged = tableOf({ '404': { type: 'string' }, '4XX': { type: 'integer' }, default: { type: 'boolean' } });
    expect(drifts(ranged, 'not found', 404)).toEqual([]);
    expect(drifts(ranged, 7, 400)).toEqual([]);
    expect(drifts(ranged, true, 500)).toEqual([]);
    expect(drifts(ranged, 'x', 500)).toEqual([['', 'wrong-type', 'boolean', 'string']]);
  });
});

describe('formats', () => {
  it('are not checked (a decision: see src/schema-check.ts): a date where a date-time is declared passes', () => {
    const table = tableOf({ '200': { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, email: { type: 'string', format: 'email' } } } });
    expect(drifts(table, { at: '2026-01-31', email: 'not an email' })).toEqual([]);
    expect(drifts(table, { at: 20260131 })).toEqual([['/at', 'wrong-type', 'string', 'integer']]);
  });
});

describe('numbers', () => {
  const table = tableOf({ '200': { type: 'object', properties: { count: { type: 'integer' }, ratio: { type: 'number' } } } });

  it('a number without a fractional part is an integer, even past the range of a double (1e400 parses as Infinity)', () => {
    expect(drifts(table, JSON.parse('{"count": 1e400, "ratio": -1e400}'))).toEqual([]);
    expect(drifts(table, JSON.parse('{"count": 2.0, "ratio": 3}'))).toEqual([]);
    expect(drifts(table, { count: 2.5 })).toEqual([['/count', 'wrong-type', 'integer', 'number']]);
  });
});

describe('one walk is bounded', () => {
  const nested = tableOf(
    { '200': { $ref: '#/components/schemas/Node' } },
    { Node: { type: 'object', properties: { child: { $ref: '#/components/schemas/Node' }, label: { type: 'string' } } } },
  );

  it('data nested 3,000 deep in a recursive schema: no exception, one not-checked drift where the walk stopped', () => {
    let body: Record<string, unknown> = { label: 7 };
    for (let i = 0; i < 3000; i++) body = { child: body };
    expect(drifts(nested, body)).toEqual([['/child'.repeat(128), 'not-checked', 'at most 128 levels of nesting', 'deeper']]);
  });

  it('an allOf that includes itself ends the same way', () => {
    const loop = tableOf({ '200': { $ref: '#/components/schemas/Loop' } }, { Loop: { allOf: [{ $ref: '#/components/schemas/Loop' }], type: 'object' } });
    expect(drifts(loop, {})).toEqual([['', 'not-checked', 'at most 128 levels of nesting', 'deeper']]);
  });

  const list = tableOf({ '200': { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, tag: { enum: ['a'] } } } } });

  it('the same problems in every item of a 5,000-item list: each found once, at the first item', () => {
    const items = Array.from({ length: 5000 }, () => ({ tag: 'b', extra: 1 }));
    expect(drifts(list, items)).toEqual([
      ['/0/id', 'missing-required', 'string', 'absent'],
      ['/0/tag', 'not-in-enum', 'a', 'string'],
      ['/0/extra', 'unknown-field', 'no such field', 'integer'],
    ]);
  });

  it('a body with more than 1,000 distinct drifts: the first 1,000, then too-many-drifts, and the walk stops', () => {
    const item = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`field${'abcdefghijklmnopqrstuvwxyz'[i % 26]}${'abcdefghijklmnopqrstuvwxyz'[Math.floor(i / 26) % 26]}${'abcdefghijklmnopqrstuvwxyz'[Math.floor(i / 676)]}`, 1]));
    const found = drifts(list, [{ id: 'x', ...item }]);
    expect(found).toHaveLength(1001);
    expect(found[999]).toEqual(['/0/fieldlmb', 'unknown-field', 'no such field', 'integer']);
    expect(found[1000]).toEqual(['', 'too-many-drifts', 'at most 1000 drifts in a body', 'more']);
  });
});

describe('the generator', () => {
  it('refuses a keyword the interpreter does not know, naming it and where it is', () => {
    expect(() => tableOf({ '200': { $ref: '#/components/schemas/Either' } }, { Either: { oneOf: [{ type: 'string' }, { type: 'integer' }] } })).toThrow(
      /#\/components\/schemas\/Either: `oneOf` is not supported by the drift reporter/,
    );
  });
});
