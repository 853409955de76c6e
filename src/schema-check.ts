// Checks a response body against the spec's schema for its operation and status: a small interpreter
// of the table `npm run generate` compiles into generated/validate.ts (no schema compiler, no eval).
// It reports drift, never values: a Drift names types, enum members of the spec and field names.
import { homes, nodes, responseSchemas } from './facts.js';
import type { SchemaNode } from '../generated/validate.js';

export type DriftProblem = 'missing-required' | 'wrong-type' | 'not-in-enum' | 'undeclared-status' | 'unknown-field';

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
  /** What the spec says: a type (`string | null`), the enum's members, a field name, the declared statuses. */
  expected: string;
  /** What came: a type (`integer`, `absent`, …) or the status, never the value. */
  received: string;
  /** Where to change the spec: its file, and the named schema (absent when the schema is inline in the operation). */
  spec: { file: string; schema?: string };
}

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
      return Number.isInteger(value) ? INTEGER : NUMBER;
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

const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');
/** A field name safe to show: it looks like a name, and is not one of the request's credentials. */
const FIELD_NAME = /^[A-Za-z_$][\w$.-]{0,63}$/;

type Found = Pick<Drift, 'pointer' | 'problem' | 'expected' | 'received' | 'spec'>;

/**
 * Drifts of one response. `secrets` are the request's credentials: a field named after one (servers
 * do echo keys) is reported as `*`, like any field name that does not look like a name.
 */
export function checkResponse(method: string, path: string, status: number, body: unknown, secrets: readonly string[] = []): Drift[] {
  const operation = responseSchemas[`${method} ${path}`];
  if (!operation) return [];
  const [operationId, opHome, statuses] = operation;
  const found: Found[] = [];
  const place = (home: number): Drift['spec'] => {
    const [file, schema] = homes[home]!;
    return schema ? { file, schema } : { file };
  };
  // Where in the body, as a chain built while walking; the pointer string only when something drifts.
  type At = { up: At; token: string } | null;
  const pointerOf = (at: At): string => (at ? `${pointerOf(at.up)}/${escapeToken(at.token)}` : '');
  const report = (problem: Drift['problem'], at: At, expected: string, received: string, home: number) =>
    found.push({ pointer: pointerOf(at), problem, expected, received, spec: place(home) });
  const nameOf = (key: string) => (FIELD_NAME.test(key) && !secrets.some((s) => key.includes(s)) ? key : '*');
  const typeName = (value: unknown) => TYPE_NAMES[Math.log2(typeOf(value))]!;

  function check(value: unknown, index: number, at: At, open: boolean): void {
    const node = nodes[index]!;
    const type = typeOf(value);
    if (node.n) return void report('unknown-field', at, 'no such field', typeName(value), node.h);
    if (node.t !== undefined && !(node.t & type)) return void report('wrong-type', at, typeNames(node.t), typeName(value), node.h);
    if (node.e && !node.e.includes(value)) report('not-in-enum', at, node.e.map(String).join(' | '), typeName(value), node.h);
    if (node.a) for (const branch of node.a) check(value, branch, at, true);
    if (type === OBJECT) checkObject(value as Record<string, unknown>, node, at, open);
    else if (type === ARRAY && node.i !== undefined) {
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) check(items[i], node.i, { up: at, token: String(i) }, false);
    }
  }

  function checkObject(object: Record<string, unknown>, node: SchemaNode, at: At, open: boolean): void {
    const missing = (name: string, child: number | undefined) => {
      const declared = child === undefined ? undefined : nodes[child]!.t;
      report('missing-required', { up: at, token: name }, declared === undefined ? 'a value' : typeNames(declared), 'absent', node.h);
    };
    // A required property is marked in `p` by its node's complement (~index < 0).
    for (const name in node.p) if (node.p[name]! < 0 && !Object.hasOwn(object, name)) missing(name, ~node.p[name]!);
    if (node.r) for (const name of node.r) if (!Object.hasOwn(object, name)) missing(name, undefined);
    for (const key in object) {
      const child = node.p && Object.hasOwn(node.p, key) ? node.p[key] : undefined;
      if (child !== undefined) check(object[key], child < 0 ? ~child : child, { up: at, token: key }, false);
      else if (node.x !== undefined) check(object[key], node.x, { up: at, token: '*' }, false);
      else if (node.c && !open && !(node.k ?? []).includes(key)) {
        report('unknown-field', { up: at, token: nameOf(key) }, 'no such field', typeName(object[key]), node.h);
      }
    }
  }

  const node = statuses[String(status)] ?? statuses.default;
  if (node === undefined) {
    const declared = Object.keys(statuses).join(' | ');
    report('undeclared-status', null, declared, String(status), opHome);
  } else if (node >= 0) {
    check(body, node, null, false);
  }
  // The same problem at the same place of every item of a list is one drift.
  const seen = new Set<string>();
  return found
    .filter((f) => {
      const key = `${f.problem} ${generalPointer(f.pointer)}`;
      return !seen.has(key) && seen.add(key);
    })
    .map((f) => ({ operationId, method, path, status, ...f }));
}

/** A pointer with array indices replaced by `*`: the same place in every item of a list. */
export function generalPointer(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '/*');
}
