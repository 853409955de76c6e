// Checks a response body against the spec's schema for its operation and status: a small interpreter
// of the table `npm run generate` compiles into generated/validate.ts (no schema compiler, no eval).
// It reports drift, never values: a Drift names types, enum members of the spec and field names that
// pass src/redact.ts. Reading the response and deciding what to do with a drift is
// src/validate.ts's job. Semantics, where JSON Schema leaves a choice or the reporter departs from it:
//   - an object schema listing properties (or saying `additionalProperties: false`) is closed, and
//     closed over all its allOf branches: a field any branch knows is known, even where a branch says
//     `additionalProperties: false` (JSON Schema would reject the other branches' fields there);
//   - a JSON number with no fractional part is an integer, as in JSON Schema: `1.0`, and `1e400`
//     (which JSON.parse makes Infinity); precision lost above 2^53 is not a drift either;
//   - `format` and value constraints (pattern, minimum, lengths…) are not checked: they leave the
//     TypeScript types unchanged (a date-time is a `string`), checking the four common formats made
//     the check 20-30 % slower, and `npm run contract` (Prism, through ajv-formats) checks them.
import { homes, nodes, responseSchemas } from './facts.js';
import type { SchemaNode } from '../generated/validate.js';
import { escapeToken } from './pointer.js';
import { fieldNames } from './redact.js';

export type DriftProblem =
  | 'missing-required'
  | 'wrong-type'
  | 'not-in-enum'
  | 'unknown-field'
  | 'undeclared-status'
  | 'not-json'
  | 'not-checked'
  | 'too-many-drifts';

/** One way a response differs from the spec. Holds no value of the response. */
export interface Drift {
  operationId: string;
  method: string;
  /** The spec's path template, e.g. `/v1/mailboxes/{id}`. */
  path: string;
  status: number;
  /** JSON pointer into the body (the first place the problem was seen; `''` is the whole body). */
  pointer: string;
  problem: DriftProblem;
  /** What the spec says: a type (`string | null`), the enum's members, the declared statuses, a content type… */
  expected: string;
  /** What came: a type (`integer`, `absent`, …), a content type or the status, never the value. */
  received: string;
  /** Where to change the spec: its file, and the named schema (absent when the schema is inline in the operation). */
  spec: { file: string; schema?: string };
}

/** A schema table: generated/validate.ts, or one compiled by scripts/generate/validator-table.mjs for a test. */
export interface SchemaTable {
  readonly nodes: typeof nodes;
  readonly homes: typeof homes;
  readonly responseSchemas: typeof responseSchemas;
}

/** generated/validate.ts as a plain object (a bundle's namespace object would read each table through a getter). */
const generated: SchemaTable = { nodes, homes, responseSchemas };

/** What the spec declares for one response of an operation. */
export interface Expected {
  readonly table: SchemaTable;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The operation's home in `table.homes`. */
  readonly home: number;
  /** The body's schema node; -1 when the status is declared without a JSON body; undefined when it is not declared. */
  readonly node: number | undefined;
}

/** Findings of one body past this many end the walk (with a `too-many-drifts` finding). */
export const MAX_FINDINGS = 1000;
/** Levels of nesting (and allOf branches) the walk descends; deeper is reported as `not-checked`. */
export const MAX_DEPTH = 128;

// Bits of a node's `t` (scripts/generate/validator-table.mjs TYPE_BITS); a `number` schema also sets INTEGER.
const TYPE_NAMES = ['null', 'boolean', 'object', 'array', 'number', 'string', 'integer'] as const;
const [NULL, BOOLEAN, OBJECT, ARRAY, NUMBER, STRING, INTEGER] = TYPE_NAMES.map((_, i) => 1 << i) as number[] as [number, number, number, number, number, number, number];

function typeOf(value: unknown): number {
  if (value === null) return NULL;
  if (Array.isArray(value)) return ARRAY;
  switch (typeof value) {
    case 'boolean':
      return BOOLEAN;
    case 'number':
      // No fractional part, as ajv tests it: Infinity too, which JSON.parse makes of `1e400`.
      return (value as number) % 1 ? NUMBER : INTEGER;
    case 'string':
      return STRING;
    default:
      return OBJECT;
  }
}

/** `string | null` for a mask; `number` stands for the integer bit it includes. */
function typeNames(mask: number): string {
  const names = TYPE_NAMES.filter((_, i) => mask & (1 << i));
  return (mask & NUMBER ? names.filter((n) => n !== 'integer') : names).join(' | ');
}

const typeName = (value: unknown) => TYPE_NAMES[Math.log2(typeOf(value))]!;

/** Whether `value` is one of `members` (JSON equality). Not a closure in check(): that would cost every call a context. */
function isMember(members: readonly unknown[], value: unknown): boolean {
  if (members.includes(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  for (const member of members) if (sameJson(member, value)) return true;
  return false;
}

/** JSON equality: same type, and the same members for arrays and objects (key order aside). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}


/** Where in the body, as a chain built while walking; strings only when something drifts. `item`: an array index. */
type At = { up: At; token: string; item?: true } | null;

/** The JSON pointer of a place; `general`: with array indices as `*` (the same place in every item of a list). */
function pointerOf(at: At, general: boolean): string {
  let pointer = '';
  for (let step = at; step; step = step.up) pointer = `/${general && step.item ? '*' : escapeToken(step.token)}${pointer}`;
  return pointer;
}

type Found = Pick<Drift, 'pointer' | 'problem' | 'expected' | 'received' | 'spec'>;
const STOP = Symbol('too many findings');

/**
 * The findings of one body, from schema node `root`: each (problem, general pointer) once, at most
 * MAX_FINDINGS (then too-many-drifts), at most MAX_DEPTH levels down (then not-checked).
 */
function walk(table: SchemaTable, root: number, body: unknown, secrets: readonly string[]): Found[] {
  const { nodes, homes } = table;
  const found: Found[] = [];
  let seen: Set<string> | undefined;
  let names: ((name: string) => string) | undefined;

  function report(problem: DriftProblem, at: At, expected: string, received: string, home: number): void {
    // The same problem at the same place of every item of a list is one finding, at the first item.
    const key = `${problem} ${pointerOf(at, true)}`;
    if (seen?.has(key)) return;
    (seen ??= new Set()).add(key);
    const [file, schema] = homes[home]!;
    const spec = schema ? { file, schema } : { file };
    if (found.length === MAX_FINDINGS) {
      found.push({ pointer: '', problem: 'too-many-drifts', expected: `at most ${MAX_FINDINGS} drifts in a body`, received: 'more', spec });
      throw STOP;
    }
    found.push({ pointer: pointerOf(at, false), problem, expected, received, spec });
  }

  /** `depth`: levels above `value` (containers and allOf branches). */
  function check(value: unknown, index: number, at: At, open: boolean, depth: number): void {
    const node = nodes[index]!;
    const type = typeOf(value);
    if (node.n) return report('unknown-field', at, 'no such field', typeName(value), node.h);
    if (node.t !== undefined && !(node.t & type)) return report('wrong-type', at, typeNames(node.t), typeName(value), node.h);
    if (node.e && !isMember(node.e, value)) {
      const members = node.e.map((member) => (typeof member === 'string' ? member : JSON.stringify(member)));
      report('not-in-enum', at, members.join(' | '), typeName(value), node.h);
    }
    if (!node.a && !(type & (OBJECT | ARRAY))) return; // nothing below a leaf
    // Levels are counted where the walk goes down (containers, allOf branches), not at every leaf.
    if (depth === MAX_DEPTH) return report('not-checked', at, `at most ${MAX_DEPTH} levels of nesting`, 'deeper', node.h);
    if (node.a) for (const branch of node.a) check(value, branch, at, true, depth + 1);
    if (type === OBJECT) checkObject(value as Record<string, unknown>, node, at, open, depth + 1);
    else if (type === ARRAY && node.i !== undefined) {
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) check(items[i], node.i, { up: at, token: String(i), item: true }, false, depth + 1);
    }
  }

  function missing(node: SchemaNode, at: At, name: string, child: number | undefined): void {
    const declared = child === undefined ? undefined : nodes[child]!.t;
    report('missing-required', { up: at, token: name }, declared === undefined ? 'a value' : typeNames(declared), 'absent', node.h);
  }

  function checkObject(object: Record<string, unknown>, node: SchemaNode, at: At, open: boolean, depth: number): void {
    // A required property is marked in `p` by its node's complement (~index < 0).
    for (const name in node.p) if (node.p[name]! < 0 && !Object.hasOwn(object, name)) missing(node, at, name, ~node.p[name]!);
    if (node.r) for (const name of node.r) if (!Object.hasOwn(object, name)) missing(node, at, name, undefined);
    for (const key in object) {
      const child = node.p && Object.hasOwn(node.p, key) ? node.p[key] : undefined;
      if (child !== undefined) check(object[key], child < 0 ? ~child : child, { up: at, token: key }, false, depth);
      else if (node.x !== undefined) check(object[key], node.x, { up: at, token: '*' }, false, depth);
      else if (node.c && !open && !node.k?.includes(key)) {
        // An unknown field's name, as a pointer may show it (fieldNames in src/redact.ts).
        report('unknown-field', { up: at, token: (names ??= fieldNames(secrets))(key) }, 'no such field', typeName(object[key]), node.h);
      }
    }
  }

  try {
    check(body, root, null, false, 0);
  } catch (error) {
    if (error !== STOP) throw error;
  }
  return found;
}

/**
 * What the spec declares for `status` of the operation at `method path` (the spec's template): the
 * status itself, else its range (`4XX`), else `default`. Undefined when the path is not an operation.
 */
export function expectedResponse(method: string, path: string, status: number, table: SchemaTable = generated): Expected | undefined {
  const operation = table.responseSchemas[`${method} ${path}`];
  if (!operation) return undefined;
  const [operationId, home, statuses] = operation;
  const node = statuses[String(status)] ?? statuses[`${Math.floor(status / 100)}XX`] ?? statuses.default;
  return { table, operationId, method, path, status, home, node };
}

/** A drift about the response as a whole (its status, its content type…), placed at the operation. */
export function responseDrift(expected: Expected, problem: DriftProblem, expectedText: string, received: string): Drift {
  const { operationId, method, path, status, table, home } = expected;
  const [file] = table.homes[home]!;
  return { operationId, method, path, status, pointer: '', problem, expected: expectedText, received, spec: { file } };
}

/**
 * Drifts of a parsed body against what the spec declares for it (an undeclared status is one drift,
 * whatever the body). `secrets` are the request's credentials: see fieldNames in src/redact.ts.
 */
export function checkBody(expected: Expected, body: unknown, secrets: readonly string[] = []): Drift[] {
  const { node, table, operationId, method, path, status } = expected;
  if (node === undefined) {
    const declared = Object.keys(table.responseSchemas[`${method} ${path}`]![2]).join(' | ');
    return [responseDrift(expected, 'undeclared-status', declared, String(status))];
  }
  if (node < 0) return [];
  return walk(table, node, body, secrets).map((f) => ({ operationId, method, path, status, ...f }));
}

/** Drifts of a parsed response body: expectedResponse() then checkBody(); none for a path that is not an operation. */
export function checkResponse(method: string, path: string, status: number, body: unknown, secrets: readonly string[] = [], table: SchemaTable = generated): Drift[] {
  const expected = expectedResponse(method, path, status, table);
  return expected ? checkBody(expected, body, secrets) : [];
}

/** A pointer with array indices replaced by `*`: the same place in every item of a list. */
export function generalPointer(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '/*');
}
