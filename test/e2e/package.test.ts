// The package as users get it: `npm run build`, `npm pack`, the tarball installed into an empty
// project that has nothing but typescript, a consumer file type-checked there (wrong calls must be
// type errors) and run with node against the Prism mock, in both module formats.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { consumerCompilerOptions } from '../../scripts/lib/consumer-tsconfig.mjs';
import { loadBundledSpec, root } from '../../scripts/spec/spec.mjs';
import { responseExample } from '../support/spec-examples.js';

const exec = promisify(execFile);
const TYPESCRIPT = 'typescript@5.9.3';

// npm sets these for the script it runs (`npm test`); the nested npm calls must not inherit them.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^npm_(package_|lifecycle_|config_(local_)?prefix$)/i.test(name)),
);
const run = (file: string, args: string[], cwd: string, timeout = 60_000) =>
  exec(file, args, { cwd, env, timeout, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });

/** The ESM consumer: what a user writes, checked with `strict` and run against Prism. */
const consumerTs = `
import {
  BadRequestError,
  createLiteMailClient,
  LiteMailApiError,
  LiteMailError,
  operationTable,
  unwrap,
  type LiteMailClient,
  type PageItems,
} from 'litemail-sdk';
import { LiteMailDriftError, validateResponses, type Drift } from 'litemail-sdk/validate';
import { withOperations } from 'litemail-sdk/operations';

declare const process: { argv: string[] };
const baseUrl = process.argv[2];

const client: LiteMailClient = createLiteMailClient({ apiKey: 'lm_test_pack_key', baseUrl, maxRetries: 1 });
// No paging middleware: the mock's front server answers ?page=N with the list's example pageN.

// The drift reporter: the mock serves the spec's examples, so nothing drifts.
const drifts: Drift[] = [];
client.use(validateResponses({ onDrift: (d) => drifts.push(d) }));

// A typed GET in the { data, error } style.
const { data, error, response } = await client.GET('/v1/users');
if (error !== undefined) throw new Error(\`GET /v1/users failed with \${response.status}\`);
const email: string = data.data.email;

// Pagination: items typed from the spec.
const emails: string[] = [];
for await (const mailbox of client.paginate('/v1/mailboxes', { params: { query: { limit: 2 } } })) {
  const item: PageItems['/v1/mailboxes'] = mailbox;
  emails.push(item.email);
}

// Calls the types must accept, and calls they must refuse (never run).
export const modeA = () =>
  client.POST('/v1/cloudflare-credentials', { body: { email: 'admin@company.com', apiKey: 'abc123globalApiKey', accountId: 'acc_xyz789' } });
export const modeB = () => client.POST('/v1/cloudflare-credentials', { body: { domainName: 'northwind-outreach.com' } });
// @ts-expect-error: a path the spec does not have
export const unknownPath = () => client.GET('/v1/no-such-path');

// The error branch: the API refuses a body that mixes both modes with 400.
let caught: unknown;
try {
  await unwrap(
    client.POST('/v1/cloudflare-credentials', {
      // @ts-expect-error: Mode A (email, apiKey, accountId) and Mode B (domainName) cannot be mixed
      body: { email: 'admin@company.com', apiKey: 'abc123globalApiKey', accountId: 'acc_xyz789', domainName: 'northwind-outreach.com' },
    }),
  );
} catch (thrown) {
  caught = thrown;
}
if (!(caught instanceof BadRequestError)) throw new Error(\`expected a BadRequestError, got \${String(caught)}\`);
const status: 400 = caught.status;

// Calling by operationId (litemail-sdk/operations): typed, and the same error classes as the main entry.
const lm = withOperations(client);
const byName = await lm.call('retrieveUserDetails');
const byNameEmail: string | undefined = byName.data?.data.email;
// @ts-expect-error: an operationId the spec does not have
export const unknownOperation = () => lm.call('getMailbox');
// @ts-expect-error: getMailboxDetails needs its path parameter
export const missingId = () => lm.call('getMailboxDetails', {});
let unknownCaught: unknown;
try {
  (lm.call as (id: string) => unknown)('getMailbox');
} catch (thrown) {
  unknownCaught = thrown;
}

console.log(
  JSON.stringify({
    format: 'esm',
    email,
    mailboxes: emails.length,
    error: \`\${caught.name} \${status} \${caught.method} \${caught.path}\`,
    isApiError: caught instanceof LiteMailApiError,
    operations: operationTable.length,
    drifts: drifts.map((d) => \`\${d.operationId} \${d.pointer} \${d.problem}\`),
    driftErrorIsLiteMailError: LiteMailDriftError.prototype instanceof LiteMailError,
    byNameEmail,
    unknownIsLiteMailError: unknownCaught instanceof LiteMailError,
  }),
);
`;

/** The CommonJS consumer: \`require\` through the package's CommonJS types and entry. */
const consumerCts = `
import sdk = require('litemail-sdk');
import validate = require('litemail-sdk/validate');

declare const process: { argv: string[] };

async function main(): Promise<void> {
  const client: sdk.LiteMailClient = sdk.createLiteMailClient({ apiKey: 'lm_test_pack_key', baseUrl: process.argv[2] });
  const user = await sdk.unwrap(client.GET('/v1/users'));
  const email: string = user.data.email;
  const driftError = validate.LiteMailDriftError.prototype instanceof sdk.LiteMailError;
  console.log(JSON.stringify({ format: 'cjs', email, exports: Object.keys(sdk).sort(), notFound: typeof sdk.NotFoundError, driftError }));
}
void main();
`;

const tsconfig = {
  compilerOptions: {
    ...consumerCompilerOptions,
    // The package's declarations and its dependencies' are checked; TypeScript's own lib files
    // (lib.dom.d.ts, a third of the work) are not ours to check.
    skipLibCheck: false,
    skipDefaultLibCheck: true,
    outDir: 'out',
  },
  files: ['consumer.ts', 'consumer-cjs.cts'],
};

const lastJsonLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null');

let work: string;
let project: string;
let packedFiles: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'litemail-pack-'));
  project = join(work, 'consumer');
  mkdirSync(project);
  await run(process.execPath, ['scripts/build/build.mjs'], root, 120_000); // `npm run build`
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], root);
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed!.files.map((f) => f.path).sort();

  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeFileSync(join(project, 'consumer.ts'), consumerTs);
  writeFileSync(join(project, 'consumer-cjs.cts'), consumerCts);
  await run(
    'npm',
    ['install', join(work, packed!.filename), TYPESCRIPT, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    project,
    120_000,
  );
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships dist/, the spec and the bundled spec, and nothing from src/, test/ or scripts/', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/index.js',
        'dist/index.cjs',
        'dist/validate.js',
        'dist/validate.cjs',
        'dist/types/src/index.d.ts',
        'dist/types/src/validate.d.ts',
        'dist/types-cjs/src/validate.d.cts',
        'dist/types-cjs/src/index.d.cts',
        'dist/operations.js',
        'dist/operations.cjs',
        'dist/cli.cjs',
        'generated/openapi.yaml',
        'CHANGELOG.md',
        'spec/openapi.yaml',
      ]),
    );
    expect(packedFiles.filter((f) => /^(src|test|scripts|\.ci|node_modules)\//.test(f) || f === 'generated/schema.ts')).toEqual([]);
  });

  it('type-checks a strict consumer (each @ts-expect-error must fire)', async () => {
    const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], project, 120_000).catch((error) => error);
    expect(`${result.stdout ?? ''}${result.stderr ?? ''}`).toBe('');
    // Not a timing claim: tsc on the whole declaration tree (skipLibCheck off) is slow on a busy machine.
  }, 120_000);

  it('runs the ESM consumer against Prism: typed call, pagination, typed error', async () => {
    const mailboxes = loadBundledSpec().paths['/v1/mailboxes'].get.responses['200'].content['application/json'].examples;
    const pages = Object.keys(mailboxes).filter((name) => /^page\d+$/.test(name));
    const itemCount = pages.reduce((sum, name) => sum + mailboxes[name].value.data.mailboxes.length, 0);

    const { stdout } = await run(process.execPath, [join(project, 'out', 'consumer.js'), inject('prismUrl')], project);
    expect(lastJsonLine(stdout)).toEqual({
      format: 'esm',
      email: expect.stringContaining('@'),
      mailboxes: itemCount,
      error: 'BadRequestError 400 POST /v1/cloudflare-credentials',
      isApiError: true,
      operations: expect.any(Number),
      drifts: [],
      driftErrorIsLiteMailError: true,
      byNameEmail: responseExample('retrieveUserDetails').data.email,
      unknownIsLiteMailError: true,
    });
    expect(pages.length).toBeGreaterThan(1);
  });

  it('runs the CommonJS consumer (require) against Prism', async () => {
    const { stdout } = await run(process.execPath, [join(project, 'out', 'consumer-cjs.cjs'), inject('prismUrl')], project);
    const result = lastJsonLine(stdout);
    expect(result).toMatchObject({ format: 'cjs', email: expect.stringContaining('@'), notFound: 'function', driftError: true });
    expect(result.exports).toEqual(
      expect.arrayContaining(['createLiteMailClient', 'unwrap', 'operationTable', 'LiteMailError', 'LiteMailApiError', 'BadRequestError', 'NotFoundError', 'RateLimitError']),
    );
  });

  // The command as npm linked it (what `npx litemail` finds): node_modules/.bin/litemail.
  const litemail = () => join(project, 'node_modules', '.bin', 'litemail');

  it('installs the `litemail` command: `litemail operations` lists the operations', async () => {
    const { stdout } = await run(litemail(), ['operations', '--tag', 'Mailboxes'], project);
    expect(stdout).toMatch(/^ {2}getMailboxDetails +GET +\/v1\/mailboxes\/\{id\} /m);
    expect(stdout).toMatch(/^\$ /m);
  });

  it('runs the MCP server from the installed package: one tool call round trip against Prism', async () => {
    const transport = new StdioClientTransport({
      command: litemail(),
      args: ['mcp'],
      cwd: project,
      env: { ...(env as Record<string, string>), LITEMAIL_API_KEY: 'lm_test_pack_key', LITEMAIL_BASE_URL: inject('prismUrl') },
      stderr: 'ignore',
    });
    const client = new Client({ name: 'pack-test', version: '0.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('getMailboxDetails');
      expect(tools.map((t) => t.name)).not.toContain('purchaseDomain');
      const result = await client.callTool({ name: 'getMailboxDetails', arguments: { id: 'cmghw714w0004p2i04b8j0m51' } });
      expect(result.isError).toBeFalsy();
      const [content] = result.content as { type: string; text: string }[];
      expect(JSON.parse(content!.text)).toEqual(responseExample('getMailboxDetails'));
    } finally {
      await client.close();
    }
  });
});
