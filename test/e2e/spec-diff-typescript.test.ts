// The rule table's reasons, checked with the compiler: for the classes that are a call of ours
// (stricter or looser than oasdiff, or decided in issue 16), user code written against the types
// openapi-typescript generates before the change, called through openapi-fetch, is compiled
// against the types of before and after. A breaking change must stop it compiling with the error
// the table's reason names; a non-breaking one must not. One tsc run for all the cases.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSpecs } from '../../scripts/release/diff.mjs';

const root = join(import.meta.dirname, '..', '..');

/** A document of one operation, `POST /things`, answering 200 with `{ status: 'ACTIVE' | 'FAILED' }`, edited by `edit`. */
function doc(edit: (op: any, d: any) => void = () => {}) {
  const op: any = {
    operationId: 'thing',
    responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ACTIVE', 'FAILED'] } } } } } } },
  };
  const d: any = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/things': { post: op } } };
  edit(op, d);
  return d;
}
const status = (op: any) => op.responses['200'].content['application/json'].schema.properties.status;
const namedBody = (defaults: boolean) => (op: any, d: any) => {
  op.requestBody = { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } };
  d.components = { schemas: { Body: { type: 'object', properties: { size: { type: 'integer', ...(defaults ? { default: 10 } : {}) } } } } };
};
const read = "const r = await client.POST('/things', { body: undefined as never });";

// rule, before, after, user code (written for `before`), the errors `after` gives (null: it compiles)
const CASES: [string, any, any, string, string | null][] = [
  ['response-enum-value-removed', doc(), doc((op) => (status(op).enum = ['ACTIVE'])), `${read} if (r.data) switch (r.data.status) { case 'ACTIVE': break; case 'FAILED': break; }`, 'TS2678'],
  ['response-enum-added', doc((op) => delete status(op).enum), doc(), `${read} if (r.data?.status === 'PENDING') return;`, 'TS2367'],
  [
    'response-enum-value-added',
    doc(),
    doc((op) => (status(op).enum = ['ACTIVE', 'EXPIRED'])),
    `${read} if (r.data) switch (r.data.status) { case 'ACTIVE': break; case 'FAILED': break; default: { const unknown: never = r.data.status; void unknown; } }`,
    'TS2678 TS2322',
  ],
  ['response-type-widened', doc(), doc((op) => (status(op).type = ['string', 'null'])), `${read} if (r.data) console.log(r.data.status.toLowerCase());`, 'TS18047'],
  ['response-default-removed', doc((op) => (status(op).default = 'ACTIVE') && delete op.responses['200'].content['application/json'].schema.required), doc((op) => delete op.responses['200'].content['application/json'].schema.required), `${read} if (r.data) console.log(r.data.status.toLowerCase());`, 'TS18048'],
  ['request-enum-added', doc((op) => (op.parameters = [{ name: 'q', in: 'query', schema: { type: 'string' } }])), doc((op) => (op.parameters = [{ name: 'q', in: 'query', schema: { type: 'string', enum: ['A'] } }])), "const q: string = 'A'; await client.POST('/things', { params: { query: { q } } });", 'TS2322'],
  ['request-body-added-required', doc(), doc((op) => (op.requestBody = { required: true, content: { 'application/json': { schema: { type: 'object' } } } })), "await client.POST('/things', {});", 'TS2345'],
  ['response-added-new-type', doc(), doc((op) => (op.responses['204'] = { description: 'none' })), `${read} if (!r.error) { const s: string = r.data.status; }`, 'TS18048'],
  ['response-added-same-type', doc(), doc((op) => (op.responses['201'] = op.responses['200'])), `${read} if (!r.error) { const s: string = r.data.status; }`, null],
  ['parameter-removed', doc((op) => (op.parameters = [{ name: 'q', in: 'query', schema: { type: 'string' } }])), doc(), "await client.POST('/things', { params: { query: { q: 'x' } } });", 'TS2322'],
  ['request-body-removed', doc((op) => (op.requestBody = { content: { 'application/json': { schema: { type: 'object' } } } })), doc(), "await client.POST('/things', { body: {} });", 'TS2322'],
  ['request-default-made-required', doc(namedBody(false)), doc(namedBody(true)), "await client.POST('/things', { body: {} });", 'TS2322'],
  [
    'response-header-became-optional',
    doc((op) => (op.responses['200'].headers = { 'X-Total': { required: true, schema: { type: 'integer' } } })),
    doc((op) => (op.responses['200'].headers = { 'X-Total': { schema: { type: 'integer' } } })),
    "type Headers = paths['/things']['post']['responses'][200]['headers']; const total: number = ({} as Headers)['X-Total']; void total;",
    'TS2322',
  ],
  ['request-type-widened', doc((op) => (op.parameters = [{ name: 'n', in: 'query', schema: { type: 'integer' } }])), doc((op) => (op.parameters = [{ name: 'n', in: 'query', schema: { type: 'number' } }])), "await client.POST('/things', { params: { query: { n: 2 } } });", null],
  ['error-response-removed', doc((op) => (op.responses['404'] = op.responses['409'] = op.responses['200'])), doc((op) => (op.responses['409'] = op.responses['200'])), `${read} if (r.error) console.log(r.response.status);`, null],
  ['last-error-response-removed', doc((op) => (op.responses['404'] = op.responses['200'])), doc(), `${read} if (r.error) console.log(r.response.status);`, 'TS2339'],
];

let dir: string;
const errors = new Map<string, string[]>();

beforeAll(async () => {
  const outDir = join(root, 'test-output');
  mkdirSync(outDir, { recursive: true });
  dir = mkdtempSync(join(outDir, 'spec-diff-ts-'));
  for (const [i, [, before, after, code]] of CASES.entries()) {
    for (const [side, spec] of [['before', before], ['after', after]] as const) {
      writeFileSync(join(dir, `c${i}-${side}.schema.ts`), astToString(await openapiTS(spec)));
      const body = `import createClient from 'openapi-fetch';\nimport type { paths } from './c${i}-${side}.schema.js';\nconst client = createClient<paths>();\nexport async function use() { ${code} }\n`;
      writeFileSync(join(dir, `c${i}-${side}.ts`), body);
    }
  }
  const options = { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: true, types: [] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, include: ['*.ts'] }));
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  for (const line of tsc.stdout.split('\n')) {
    const match = /(c\d+-(?:before|after))\.ts\(\d+,\d+\): error (TS\d+)/.exec(line);
    if (match) errors.set(match[1]!, [...(errors.get(match[1]!) ?? []), match[2]!]);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the rule table against the TypeScript compiler', () => {
  it.each(CASES.map((c, i) => [c[0], i, c[4]] as const))('%s', (rule, i, error) => {
    const [, before, after] = CASES[i]!;
    const rules = [...diffSpecs(before, after).operations.flatMap((op: any) => op.changes.map((c: any) => c.rule))];
    expect(rules).toContain(rule);
    expect(errors.get(`c${i}-before`), 'the code compiles against the types before the change').toBeUndefined();
    expect(errors.get(`c${i}-after`)).toEqual(error === null ? undefined : error.split(' '));
  });
});
