// spec:diff as a command and as a report: what the Markdown shows a reviewer (groups of
// operations named once, annotations counted, the retry table first), the JSON for tools, the
// exit codes, and the diff of the real released spec. Which class each kind of change gets is
// test/unit/spec-diff-rules.test.ts's, against the rule table of docs/spec-diff.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { diffSpecs } from '../../scripts/release/diff.mjs';
import { renderMarkdown } from '../../scripts/release/render.mjs';
import { loadBundledSpec, root } from '../../scripts/spec/spec.mjs';

const baseFile = join(root, 'test', 'fixtures', 'spec-diff-base.yaml');
const base = YAML.parse(readFileSync(baseFile, 'utf8'));
const released = () => YAML.parse(execFileSync('git', ['show', 'e861f96:generated/openapi.yaml'], { cwd: root, encoding: 'utf8' }));

/** The fixture with one change applied. */
function changed(edit: (doc: any) => void) {
  const doc = structuredClone(base);
  edit(doc);
  return doc;
}
const schemas = (doc: any) => doc.components.schemas;

/** A document of `count` list operations sharing the schema `Item`, for the report's groups. */
function lists(count: number) {
  const doc: any = { openapi: '3.1.0', info: { title: 'lists', version: '1' }, paths: {}, components: { schemas: { Item: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, name: { type: 'string' } } } } } };
  for (let i = 1; i <= count; i++) {
    const body = { type: 'array', items: { $ref: '#/components/schemas/Item' } };
    doc.paths[`/v1/list${i}`] = { get: { operationId: `list${i}`, summary: `List ${i}`, tags: ['Lists'], responses: { '200': { description: 'ok', content: { 'application/json': { schema: body } } } } } };
  }
  return doc;
}

describe('the report', () => {
  it('says so when nothing changed: the working tree\'s spec, and the 0.1.0 release, compared with themselves', () => {
    const spec = loadBundledSpec();
    const diff = diffSpecs(spec, structuredClone(spec));
    expect(diff.counts).toEqual({ breaking: 0, 'non-breaking': 0, annotation: 0 });
    expect(renderMarkdown(diff)).toBe('## API changes\n\nNo API changes.\n');
    const old = released();
    expect(diffSpecs(old, structuredClone(old)).counts).toEqual({ breaking: 0, 'non-breaking': 0, annotation: 0 });
  });

  it('lists a change made to many operations once, under the group, naming the operations once', () => {
    const before = lists(8);
    const after = structuredClone(before);
    delete after.components.schemas.Item.properties.name;
    for (const i of [1, 2, 3]) after.paths[`/v1/list${i}`].get.parameters = [{ name: 'page', in: 'query', schema: { type: 'integer' } }];
    after.paths['/v1/list4'].get.description = 'The fourth list.';
    const markdown = renderMarkdown(diffSpecs(before, after));
    expect(markdown).toBe(
      [
        '## API changes',
        '',
        '**8 breaking**, 3 non-breaking and 1 annotation changes in 8 operations.',
        '',
        '### Breaking',
        '',
        '- In 8 operations (`list1`, `list2` and 6 more):',
        '  - response 200 `[].name`: removed',
        '',
        '### Non-breaking',
        '',
        '- In 3 operations (`list1`, `list2`, `list3`):',
        '  - query parameter `page`: added (optional)',
        '',
        '### Annotations (descriptions, examples, evidence)',
        '',
        '1 change to descriptions, examples and evidence; `npm run spec:diff -- --annotations` lists them.',
        '',
      ].join('\n'),
    );
    const listed = renderMarkdown(diffSpecs(before, after), { annotations: true });
    expect(listed).toContain('- **Lists · List 4 (`list4`, `GET /v1/list4`)**\n  - operation: `description` `"The fourth list."` added\n');
  });

  it('puts the retry behaviour changes first, as a table', () => {
    const diff = diffSpecs(base, changed((doc) => delete doc.paths['/v1/domains'].post['x-litemail-billable']));
    expect(diff.flags).toEqual([
      {
        key: 'POST /v1/domains',
        operationId: 'purchaseDomain',
        flag: 'x-litemail-billable',
        before: true,
        after: false,
        effect: 'the client may now re-send this call after a failure',
      },
    ]);
    const markdown = renderMarkdown(diff);
    expect(markdown).toContain('| `purchaseDomain` `POST /v1/domains` | `x-litemail-billable` | true → false | the client may now re-send this call after a failure |');
    expect(markdown.indexOf('Retry behaviour changes')).toBeGreaterThan(-1);
    expect(markdown.indexOf('Retry behaviour changes')).toBeLessThan(markdown.indexOf('### Breaking'));
  });

  it('a response schema repeated in several operations, then changed in one, is compared as changed (the 0.1.0 spec)', () => {
    // allof-merge writes a merged schema met again as a $ref to its first place, inside another
    // operation; compared as such, Get Mailbox Details' old response read as an unmerged allOf.
    const old = released();
    const after = structuredClone(old);
    const schema = after.paths['/v1/mailboxes/{id}'].get.responses['200'].content['application/json'].schema;
    schema.allOf[1].properties.data = { type: 'object', required: ['mailbox'], properties: { mailbox: { $ref: '#/components/schemas/Mailbox' } } };
    const [op] = diffSpecs(old, after).operations as any[];
    expect(op.operationId).toBe('getMailboxDetails');
    const lines = op.changes.map((c: any) => `${c.class}: ${c.description}`);
    expect(lines).toContain('non-breaking: response 200 `data.mailbox`: added');
    expect(lines).toContain('breaking: response 200 `data.email`: removed');
    expect(lines.filter((line: string) => line.includes('allOf'))).toEqual([]);
  });

  it('a description added beside a $ref (allowed in 3.1) is an annotation, not the referenced fields removed', () => {
    const after = changed((doc) => (doc.paths['/v1/users'].get.responses['200'].content['application/json'].schema.properties.data.description = 'The user.'));
    const diff = diffSpecs(base, after);
    expect(diff.operations.flatMap((op: any) => op.changes.map((c: any) => `${c.class} ${c.description}`))).toEqual(['annotation response 200 `data`: `description` `"The user."` added']);
  });
});

describe('npm run spec:diff', () => {
  let dir: string;
  beforeAll(() => {
    const outDir = join(root, 'test-output');
    mkdirSync(outDir, { recursive: true });
    dir = mkdtempSync(join(outDir, 'spec-diff-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, doc: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, YAML.stringify(doc));
    return file;
  };
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'scripts', 'release', 'spec-diff.mjs'), '--base-file', baseFile, ...args], { cwd: root, encoding: 'utf8' });

  it('--fail-on breaking exits 1 on a breaking change and names it in Markdown', () => {
    const head = write('removed.yaml', changed((doc) => delete doc.paths['/v1/users']));
    const result = run('--head-file', head, '--fail-on', 'breaking');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('**1 breaking**');
    expect(result.stdout).toContain('- **Users · Retrieve User Details (`retrieveUserDetails`, `GET /v1/users`)** — operation removed\n');
  });

  it('--fail-on breaking exits 0 when the changes are annotations only, and --annotations lists them', () => {
    const head = write('description.yaml', changed((doc) => (doc.paths['/v1/users'].get.description = 'Changed.')));
    const counted = run('--head-file', head, '--fail-on', 'breaking');
    expect(counted.status).toBe(0);
    expect(counted.stdout).toContain(`1 change to descriptions, examples and evidence; \`npm run spec:diff -- --base-file ${baseFile} --head-file ${head} --fail-on breaking --annotations\` lists them.`);
    const listed = run('--head-file', head, '--annotations');
    expect(listed.stdout).toContain('  - operation: `description` `"The authenticated user."` → `"Changed."`\n');
  });

  it('--json prints the classified diff for tools, every operation of a shared change included', () => {
    const head = write('enum.yaml', changed((doc) => schemas(doc).Domain.properties.status.enum.push('EXPIRED')));
    const result = run('--head-file', head, '--json');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.counts).toEqual({ breaking: 2, 'non-breaking': 0, annotation: 0 });
    expect(json.operations.map((op: any) => [op.operationId, op.changes.map((c: any) => c.rule)])).toEqual([
      ['purchaseDomain', ['response-enum-value-added']],
      ['retrieveDomains', ['response-enum-value-added']],
    ]);
  });

  it('refuses an OpenAPI 3.0 document with a clear message', () => {
    const head = write('old.yaml', { ...base, openapi: '3.0.3' });
    const result = run('--head-file', head);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`spec:diff: ${head} is OpenAPI 3.0.3: spec:diff compares OpenAPI 3.1 documents only`);
  });

  it('rejects an unknown --fail-on value with a clear message', () => {
    const result = run('--fail-on', 'anything');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--fail-on takes "breaking", not "anything"');
  });
});
