// spec:diff on fixture pairs: a small bundled document, and the same with one change. Every
// expected classification below is written by hand from what the change does to a user of the
// generated client — none is read back from the differ.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { diffSpecs, renderMarkdown } from '../scripts/release/diff.mjs';
import { root } from '../scripts/spec/spec.mjs';

const baseFile = join(root, 'test', 'fixtures', 'spec-diff-base.yaml');
const base = YAML.parse(readFileSync(baseFile, 'utf8'));

/** The fixture with one change applied. */
function changed(edit: (doc: any) => void) {
  const doc = structuredClone(base);
  edit(doc);
  return doc;
}

/** Every change as `class operationId: description`, sorted, for exact comparison. */
function changes(after: unknown) {
  const diff = diffSpecs(base, after);
  const lines = [
    ...diff.operations.flatMap((op: any) => op.changes.map((c: any) => `${c.class} ${op.operationId}: ${c.description}`)),
    ...diff.document.map((c: any) => `${c.class} document: ${c.description}`),
  ];
  return lines.sort();
}

const schemas = (doc: any) => doc.components.schemas;
const purchase = (doc: any) => doc.paths['/v1/domains'].post;

describe('spec:diff classification', () => {
  it('no change: nothing to report', () => {
    const diff = diffSpecs(base, structuredClone(base));
    expect(diff.counts).toEqual({ breaking: 0, 'non-breaking': 0, annotation: 0 });
    expect(renderMarkdown(diff)).toContain('No API changes.');
  });

  it('removing an operation is breaking', () => {
    const diff = diffSpecs(base, changed((doc) => delete doc.paths['/v1/users']));
    expect(diff.operations.map((op: any) => [op.key, op.operationId, op.status])).toEqual([['GET /v1/users', 'retrieveUserDetails', 'removed']]);
    expect(diff.counts).toEqual({ breaking: 1, 'non-breaking': 0, annotation: 0 });
  });

  it('adding an operation is non-breaking', () => {
    const after = changed((doc) => (doc.paths['/v1/tags'] = { get: { operationId: 'listTags', summary: 'List Tags', tags: ['Tags'], responses: { '200': { description: 'ok' } } } }));
    expect(changes(after)).toEqual(['non-breaking listTags: operation added']);
  });

  it('making an optional request field required is breaking', () => {
    expect(changes(changed((doc) => purchase(doc).requestBody.content['application/json'].schema.required.push('years')))).toEqual([
      'breaking purchaseDomain: request body: `years` now required',
    ]);
  });

  it('renaming a response field is breaking (the old name is gone) and non-breaking (the new one is added)', () => {
    const after = changed((doc) => {
      const user = schemas(doc).User;
      user.properties.userCreatedAt = user.properties.createdAt;
      delete user.properties.createdAt;
      user.required = ['id', 'email', 'userCreatedAt'];
    });
    expect(changes(after)).toEqual([
      'breaking retrieveUserDetails: response 200 `data.createdAt`: field removed',
      'breaking retrieveUserDetails: response 200 `data`: `createdAt` no longer required',
      'non-breaking retrieveUserDetails: response 200 `data.userCreatedAt`: field added',
      'non-breaking retrieveUserDetails: response 200 `data`: `userCreatedAt` now required',
    ]);
  });

  it('removing an optional field is breaking for a typed client, in a response and in a request', () => {
    const after = changed((doc) => {
      delete schemas(doc).User.properties.activePlan;
      delete purchase(doc).requestBody.content['application/json'].schema.properties.years;
    });
    expect(changes(after)).toEqual([
      'breaking purchaseDomain: request body `years`: field removed',
      'breaking retrieveUserDetails: response 200 `data.activePlan`: field removed',
    ]);
  });

  it('widening an enum a request sends is non-breaking', () => {
    expect(changes(changed((doc) => schemas(doc).DomainStatus.enum.push('EXPIRED')))).toEqual([
      'non-breaking retrieveDomains: query parameter `status`: enum value `"EXPIRED"` added',
    ]);
  });

  it('widening an enum a response returns is breaking (a switch over it is no longer exhaustive)', () => {
    expect(changes(changed((doc) => schemas(doc).Domain.properties.status.enum.push('EXPIRED')))).toEqual([
      'breaking purchaseDomain: response 201 `data.status`: enum value `"EXPIRED"` added',
      'breaking retrieveDomains: response 200 `data[].status`: enum value `"EXPIRED"` added',
    ]);
  });

  it('changing only a description is an annotation', () => {
    const diff = diffSpecs(base, changed((doc) => (doc.paths['/v1/users'].get.description = 'The user behind the API key.')));
    expect(diff.counts).toEqual({ breaking: 0, 'non-breaking': 0, annotation: 1 });
  });

  it('changing only an example (one line however many values) or the evidence level is an annotation', () => {
    const after = changed((doc) => {
      const example = doc.paths['/v1/users'].get.responses['200'].content['application/json'].example;
      example.data.email = 'ops@example.com';
      example.data.id = 'u2';
      doc.paths['/v1/users'].get['x-litemail-evidence'] = 'inferred';
    });
    expect(changes(after)).toEqual([
      'annotation retrieveUserDetails: operation: `x-litemail-evidence` `"documented"` → `"inferred"`',
      'annotation retrieveUserDetails: response 200: example changed',
    ]);
  });

  it('fields added through a nested allOf are seen as added, not the allOf as a new keyword', () => {
    const after = changed((doc) => {
      purchase(doc).responses['201'].content['application/json'].schema.properties.data = {
        allOf: [{ $ref: '#/components/schemas/Domain' }, { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } }],
      };
    });
    expect(changes(after)).toEqual([
      'non-breaking purchaseDomain: response 201 `data.orderId`: field added',
      'non-breaking purchaseDomain: response 201 `data`: `orderId` now required',
    ]);
  });

  it('a flip of x-litemail-billable is breaking and listed first, as a retry behaviour change', () => {
    const diff = diffSpecs(base, changed((doc) => delete purchase(doc)['x-litemail-billable']));
    expect(diff.flags).toEqual([
      {
        key: 'POST /v1/domains',
        operationId: 'purchaseDomain',
        flag: 'x-litemail-billable',
        before: true,
        after: false,
        effect: 'the client no longer treats this call as billable: it may re-send it after a failure',
      },
    ]);
    expect(diff.counts).toEqual({ breaking: 1, 'non-breaking': 0, annotation: 0 });
    const markdown = renderMarkdown(diff);
    expect(markdown.indexOf('Retry behaviour changes')).toBeGreaterThan(-1);
    expect(markdown.indexOf('Retry behaviour changes')).toBeLessThan(markdown.indexOf('### Breaking'));
  });

  it('marking an operation billable, or idempotent no more, is breaking too', () => {
    const after = changed((doc) => {
      doc.paths['/v1/users'].get['x-litemail-billable'] = true;
      delete doc.paths['/v1/domains/{id}/dmarc'].post['x-litemail-idempotent'];
    });
    expect(changes(after)).toEqual([
      'breaking addDmarcRecords: `x-litemail-idempotent`: true → false: the client no longer re-sends this call after a failure',
      'breaking retrieveUserDetails: `x-litemail-billable`: false → true: the client now never re-sends this call on its own, whatever the error',
    ]);
  });

  it('OpenAPI 3.1 type arrays: a response that may now be null is breaking; one that no longer is, is not', () => {
    const nullable = changed((doc) => (schemas(doc).User.properties.email.type = ['string', 'null']));
    expect(changes(nullable)).toEqual(['breaking retrieveUserDetails: response 200 `data.email`: `type` `"string"` → `["string","null"]`']);
    const notNull = changed((doc) => (schemas(doc).User.properties.activePlan.type = 'string'));
    expect(diffSpecs(base, notNull).counts).toEqual({ breaking: 0, 'non-breaking': 1, annotation: 0 });
  });

  it('a response schema repeated in several operations, then changed in one, is compared as changed (the 0.1.0 spec)', () => {
    // allof-merge writes a merged schema met again as a $ref to its first place; api-smart-diff
    // then read Get Mailbox Details' old response as an unmerged allOf.
    const released = YAML.parse(execFileSync('git', ['show', 'e861f96:generated/openapi.yaml'], { cwd: root, encoding: 'utf8' }));
    const after = structuredClone(released);
    const schema = after.paths['/v1/mailboxes/{id}'].get.responses['200'].content['application/json'].schema;
    schema.allOf[1].properties.data = { type: 'object', required: ['mailbox'], properties: { mailbox: { $ref: '#/components/schemas/Mailbox' } } };
    const op: any = diffSpecs(released, after).operations[0];
    expect(op.operationId).toBe('getMailboxDetails');
    const lines = op.changes.map((c: any) => `${c.class}: ${c.description}`);
    expect(lines).toContain('non-breaking: response 200 `data.mailbox`: field added');
    expect(lines).toContain('breaking: response 200 `data.email`: field removed');
    expect(lines.filter((line: string) => line.includes('allOf'))).toEqual([]);
  });

  it('a description added beside a $ref (allowed in 3.1) is an annotation, not the referenced fields removed', () => {
    const after = changed((doc) => {
      doc.paths['/v1/users'].get.responses['200'].content['application/json'].schema.properties.data.description = 'The user.';
    });
    expect(changes(after)).toEqual(['annotation retrieveUserDetails: response 200 `data`: `description` added (`"The user."`)']);
  });

  it('a named schema removed is breaking (its components type goes away); changes inside it are reported per operation', () => {
    const after = changed((doc) => {
      schemas(doc).Account = schemas(doc).User;
      delete schemas(doc).User;
      doc.paths['/v1/users'].get.responses['200'].content['application/json'].schema.properties.data.$ref = '#/components/schemas/Account';
    });
    expect(changes(after)).toEqual(['breaking document: schema `User` removed', 'non-breaking document: schema `Account` added']);
  });

  it('renaming an operationId is breaking (types and calls are named by it)', () => {
    expect(changes(changed((doc) => (doc.paths['/v1/users'].get.operationId = 'getMe')))).toEqual([
      'breaking getMe: operation: `operationId` `"retrieveUserDetails"` → `"getMe"`',
    ]);
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
    expect(result.stdout).toContain('Retrieve User Details (`retrieveUserDetails`, `GET /v1/users`)** — operation removed');
  });

  it('--fail-on breaking exits 0 when the changes are annotations only', () => {
    const head = write('description.yaml', changed((doc) => (doc.paths['/v1/users'].get.description = 'Changed.')));
    expect(run('--head-file', head, '--fail-on', 'breaking').status).toBe(0);
  });

  it('--json prints the classified diff for tools', () => {
    const head = write('enum.yaml', changed((doc) => schemas(doc).DomainStatus.enum.push('EXPIRED')));
    const result = run('--head-file', head, '--json');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.counts).toEqual({ breaking: 0, 'non-breaking': 1, annotation: 0 });
    expect(json.operations[0].operationId).toBe('retrieveDomains');
  });

  it('rejects an unknown --fail-on value with a clear message', () => {
    const result = run('--fail-on', 'anything');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--fail-on takes "breaking", not "anything"');
  });
});
