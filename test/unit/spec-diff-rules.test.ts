// The rule table of docs/spec-diff.md and spec:diff's rules are one list: each row names a rule
// of scripts/release/rules.mjs with its class, and has fixture pairs in test/fixtures/spec-diff/
// whose expected changes (class, rule and wording) are written by hand. Also the invariants: a
// fixture compared with itself has no change; compared the other way round it gives the rule the
// table names as the reverse, so a pure widening/narrowing never breaks both ways; and every
// check oasdiff publishes is covered by a rule or said not to apply.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { diffSpecs } from '../../scripts/release/diff.mjs';
import { RULES } from '../../scripts/release/rules.mjs';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'spec-diff');
const guide = readFileSync(join(root, 'docs', 'spec-diff.md'), 'utf8');

const between = (text: string, name: string) => {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(text);
  if (!match) throw new Error(`docs/spec-diff.md has no ${name} markers`);
  return match[1]!;
};
const ids = (text: string) => [...text.matchAll(/`([\w-]+)`/g)].map((m) => m[1]!);

type Row = { rule: string; class: string; reverse: string[] };
const rows: Row[] = [...between(guide, 'spec-diff-rules').matchAll(/^\| `([\w-]+)` \| (breaking|non-breaking|annotation) \|.*\| ([^|]*) \|$/gm)].map((m) => ({
  rule: m[1]!,
  class: m[2]!,
  reverse: ids(m[3]!),
}));
const row = new Map(rows.map((r) => [r.rule, r]));

type Case = { note?: string; at: string; before: unknown; after: unknown; expect: string[]; 'both-ways'?: string };
const cases = new Map<string, Case[]>();
for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.yaml'))) {
  for (const [rule, list] of Object.entries(YAML.parse(readFileSync(join(fixtures, file), 'utf8')) as Record<string, Case[]>)) {
    if (cases.has(rule)) throw new Error(`${rule} has fixtures in two files`);
    cases.set(rule, list);
  }
}

// The frames: how a fixture's `before` and `after` are placed in a small document with one
// operation, `POST /things` (operationId `thing`) answering 200 with a JSON object.
const merge = (target: any, patch: any) => {
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete target[key];
    else target[key] = value;
  }
};
function frame(at: string, fragment: any): any {
  const op: any = { operationId: 'thing', summary: 'Thing', tags: ['Things'], responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } } };
  const doc: any = { openapi: '3.1.0', info: { title: 'fixture', version: '1' }, paths: { '/things': { post: op } } };
  const json = (schema: unknown) => ({ 'application/json': { schema } });
  const absent = fragment === null;
  const ok = op.responses['200'];
  if (at === 'document') merge(doc, fragment);
  else if (at === 'operation') merge(op, fragment);
  else if (at === 'query-parameter') op.parameters = absent ? [] : [{ name: 'q', in: 'query', schema: fragment }];
  else if (at === 'request-body') op.requestBody = absent ? undefined : { required: true, content: json(fragment) };
  else if (at === 'request-property') op.requestBody = { required: true, content: json({ type: 'object', properties: absent ? {} : { value: fragment } }) };
  else if (at === 'response-body') ok.content = json(fragment);
  else if (at === 'response-property') ok.content = json({ type: 'object', required: absent ? [] : ['value'], properties: absent ? {} : { value: fragment } });
  else if (at === 'response-header') ok.headers = absent ? {} : { 'X-Thing': fragment };
  else if (at === 'schemas') {
    doc.components = { schemas: fragment };
    if (fragment.Body) op.requestBody = { required: true, content: json({ $ref: '#/components/schemas/Body' }) };
    if (fragment.Result) ok.content = json({ $ref: '#/components/schemas/Result' });
  } else throw new Error(`no frame "${at}"`);
  return JSON.parse(JSON.stringify(doc));
}

/** Every change as `<class> <rule> <operation>: <line>`, sorted. */
function lines(before: unknown, after: unknown) {
  const diff = diffSpecs(before, after);
  return [
    ...diff.operations.flatMap((op: any) => op.changes.map((c: any) => `${c.class} ${c.rule} ${op.operationId ?? op.key}: ${c.description}`)),
    ...diff.document.map((c: any) => `${c.class} ${c.rule} document: ${c.description}`),
  ].sort();
}
const rulesOf = (found: string[]) => new Set(found.map((line) => line.split(' ')[1]!));
const classesOf = (found: string[]) => new Set(found.map((line) => line.split(' ')[0]!));
const allCases = [...cases].flatMap(([rule, list]) => list.map((c, i) => ({ rule, c, name: `${rule} #${i + 1}${c.note ? ` (${c.note})` : ''}` })));

describe('docs/spec-diff.md: the rule table', () => {
  it('lists every rule of spec:diff once, with the class the tool gives it', () => {
    expect(rows.length).toBeGreaterThanOrEqual(90);
    expect(new Set(rows.map((r) => r.rule)).size).toBe(rows.length);
    expect(rows.map((r) => `${r.rule} ${r.class}`).sort()).toEqual(Object.entries(RULES).map(([id, r]) => `${id} ${r.class}`).sort());
  });

  it('names reverses that are rules, and each row has fixture pairs (and no fixture has no row)', () => {
    for (const r of rows) for (const reverse of r.reverse) expect(row.has(reverse), `${r.rule} → ${reverse}`).toBe(true);
    expect([...cases.keys()].sort()).toEqual(rows.map((r) => r.rule).sort());
    for (const [rule, list] of cases) expect(list.length, rule).toBeGreaterThan(0);
  });

  it('covers every check oasdiff publishes, by a rule or a reason it does not apply', () => {
    const published = readFileSync(join(fixtures, 'oasdiff-checks.txt'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    expect(published.length).toBeGreaterThanOrEqual(500);
    const coverage = between(guide, 'oasdiff-coverage').split('\n').filter((line) => line.startsWith('- '));
    const covered = new Set<string>();
    for (const line of coverage) {
      const [head, list] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)];
      const ours = /^- `([\w-]+)`$/.exec(head)?.[1];
      if (ours !== undefined) expect(row.has(ours), ours).toBe(true);
      else expect(head).toMatch(/^- not applicable \(/);
      for (const id of ids(list)) covered.add(id);
    }
    expect([...covered].sort()).toEqual([...published].sort());
  });
});

describe('spec:diff on the fixture pairs', () => {
  it.each(allCases)('$name', ({ rule, c }) => {
    const found = lines(frame(c.at, c.before), frame(c.at, c.after));
    expect(found).toEqual([...c.expect].sort());
    expect(c.expect.some((line) => line.startsWith(`${row.get(rule)!.class} ${rule} `)), 'the case shows its row, with the row\'s class').toBe(true);
  });
});

describe('spec:diff invariants', () => {
  it('every fixture compared with itself gives no change', () => {
    for (const { c, name } of allCases) {
      for (const side of [c.before, c.after]) expect(lines(frame(c.at, side), frame(c.at, side)), name).toEqual([]);
    }
  });

  it('the other way round, every fixture gives the reverse rules of the table', () => {
    for (const { c, name } of allCases) {
      const forward = rulesOf(c.expect);
      const expected = new Set([...forward].flatMap((rule) => row.get(rule)!.reverse));
      const found = rulesOf(lines(frame(c.at, c.after), frame(c.at, c.before)));
      expect(found.size, name).toBeGreaterThan(0);
      for (const rule of found) expect(expected.has(rule), `${name}: ${rule} not among ${[...expected]}`).toBe(true);
    }
  });

  it('a pure widening or narrowing breaks in one direction only', () => {
    // Pure: every rule of the case is undone by rules of the other class (integer → number in a
    // request, a response that may now be null, a bound raised…). A case that replaces one thing
    // by another (a pattern, a security scheme) says so in its `both-ways`.
    const pure = (rule: string) => {
      const others = row.get(rule)!.reverse.filter((r) => r !== rule);
      return others.length > 0 && others.every((r) => row.get(r)!.class !== row.get(rule)!.class);
    };
    let checked = 0;
    for (const { c, name } of allCases.filter(({ c }) => !c['both-ways'] && [...rulesOf(c.expect)].every(pure))) {
      const there = classesOf(c.expect).has('breaking');
      const back = classesOf(lines(frame(c.at, c.after), frame(c.at, c.before))).has('breaking');
      expect(there && back, `${name} breaks both ways`).toBe(false);
      expect(there || back, `${name} breaks neither way`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(40);
  });

  it.each([
    ['`{ not: {} }` and `false` (0.2.0\'s Cloudflare change, issue 16)', 'request-property', { not: {} }, false],
    ['`{}` and `true`', 'response-property', {}, true],
    ['`type: string` and `type: [string]`', 'request-property', { type: 'string' }, { type: ['string'] }],
    ['a `const` and a one-value `enum`', 'response-property', { const: 'A' }, { type: 'string', enum: ['A'] }],
    ['`additionalProperties: true` and none', 'request-body', { type: 'object', additionalProperties: true }, { type: 'object' }],
    ['an `allOf` and the schema it merges to', 'response-body', { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { required: ['a'] }] }, { type: 'object', required: ['a'], properties: { a: { type: 'string' } } }],
    ['a query parameter\'s default style, spelled out', 'operation', { parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }] }, { parameters: [{ name: 'q', in: 'query', style: 'form', explode: true, schema: { type: 'string' } }] }],
  ])('%s mean the same: no change', (_, at, before, after) => {
    expect(lines(frame(at as string, before), frame(at as string, after))).toEqual([]);
  });

  it('an operation that declares its path-level parameter again is compared with itself as no change (issue 16)', () => {
    const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
    const doc = frame('document', { paths: { '/things/{id}': { parameters: [id], get: { operationId: 'thing', parameters: [id, { name: 'q', in: 'query', schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } } } } });
    expect(lines(doc, structuredClone(doc))).toEqual([]);
  });

  it('refuses an OpenAPI 3.0 document, whose `nullable` would be misread', () => {
    const old = { ...frame('response-property', { type: 'string', nullable: true }), openapi: '3.0.3' };
    expect(() => diffSpecs(old, frame('response-property', { type: ['string', 'null'] }), { names: ['old.yaml', 'new.yaml'] })).toThrow(
      'old.yaml is OpenAPI 3.0.3: spec:diff compares OpenAPI 3.1 documents only',
    );
    expect(() => diffSpecs(frame('document', {}), { swagger: '2.0' }, { names: ['a', 'b.yaml'] })).toThrow('b.yaml is Swagger 2.0');
  });
});
