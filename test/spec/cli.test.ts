// The `litemail` command run in this process (`main` on the test's streams: test/support/cli.ts),
// against the Prism mock behind a recording proxy: what it printed, its exit code, and what the mock
// received (or that nothing was sent). Expected answers come from the spec's examples, never from
// the CLI's generated table. The command as a process: test/e2e/cli-process.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/mock/prism.mjs';
import { listOperations, resolvePointer } from '../../scripts/spec/spec.mjs';
import { litemailInProcess, type CliOptions, type CliRun } from '../support/cli.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { requestExample, responseExample, spec } from '../support/spec-examples.js';

const KEY = 'lm_cli_secret_key_7f3a9c';
const MAILBOX_ID = 'cmghw714w0004p2i04b8j0m51';

let proxy: RecordingProxy;
let scratch: string;

beforeAll(async () => {
  proxy = await startRecordingProxy(inject('prismUrl'));
  scratch = mkdtempSync(join(tmpdir(), 'litemail-cli-'));
});
afterAll(async () => {
  await proxy?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  proxy.received.length = 0;
});

/** `litemail args` with the key and the proxy in its environment; whatever happened, the key is never printed. */
async function litemail(args: string[], env: Record<string, string> = {}, options: Omit<CliOptions, 'env'> = {}): Promise<CliRun> {
  const result = await litemailInProcess(args, { env: { LITEMAIL_API_KEY: KEY, LITEMAIL_BASE_URL: proxy.url, ...env }, ...options });
  expect(result.stdout + result.stderr).not.toContain(KEY);
  return result;
}

describe('litemail operations', () => {
  it('lists every operation of the spec with method, path and evidence, and marks those that move money', async () => {
    const result = await litemail(['operations']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(listOperations(spec).length);
    expect(lines.find((l) => l.includes(' purchaseDomain '))).toMatch(/^\$ purchaseDomain +POST +\/v1\/domains +inferred +Domains$/);
    expect(lines.find((l) => l.includes(' getMailboxDetails '))).toMatch(/^ {2}getMailboxDetails +GET +\/v1\/mailboxes\/\{id\} +method-documented +Mailboxes$/);
    const marked = lines.filter((l) => l.startsWith('$')).map((l) => l.split(/ +/)[1]);
    const billable = listOperations(spec).filter(({ op }: any) => op['x-litemail-billable'] === true).map(({ op }: any) => op.operationId);
    expect(marked.sort()).toEqual(billable.sort());
  });

  it('--tag keeps one tag; an unknown tag is a usage error naming the tags', async () => {
    const result = await litemail(['operations', '--tag', 'Domains']);
    expect(result.code).toBe(0);
    const tags = result.stdout.trim().split('\n').map((l) => l.trim().split(/ +/).at(-1));
    expect(new Set(tags)).toEqual(new Set(['Domains']));
    const wrong = await litemail(['operations', '--tag', 'Nope']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--tag "Nope" is not a tag.*Domains/);
  });
});

describe('litemail <operationId>', () => {
  it('sends query parameters by their spec names, converted to their types', async () => {
    const result = await litemail(['retrieveMailboxes', '--limit', '2', '--status', 'ACTIVE']);
    expect(result.code).toBe(0);
    const sent = new URL(proxy.received[0]!.url, 'http://x');
    expect(sent.pathname).toBe('/v1/mailboxes');
    expect(Object.fromEntries(sent.searchParams)).toEqual({ limit: '2', status: 'ACTIVE' });
  });

  it('sends --body as given inline or from @file', async () => {
    const body = requestExample('saveCloudflareCredentials');
    const file = join(scratch, 'body.json');
    writeFileSync(file, JSON.stringify(body));
    for (const arg of [JSON.stringify(body), `@${file}`]) {
      proxy.received.length = 0;
      const result = await litemail(['saveCloudflareCredentials', '--body', arg]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(responseExample('saveCloudflareCredentials'));
      expect(proxy.received.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([['POST', '/v1/cloudflare-credentials', body]]);
    }
  });

  it.each([
    ['an unknown parameter', ['getMailboxDetails', '--id', MAILBOX_ID, '--color', 'red'], /unknown option --color \(getMailboxDetails takes: --id, --yes, --strict, --base-url, --help\)/],
    ['a missing path parameter', ['getMailboxDetails'], /missing required parameter --id/],
    ['a parameter of the wrong type', ['retrieveMailboxes', '--limit', 'many'], /parameter --limit: must be integer/],
    ['a value outside the enum', ['retrieveMailboxes', '--status', 'SLEEPING'], /parameter --status: must be equal to one of the allowed values: .*ACTIVE/],
    ['a missing body', ['saveCloudflareCredentials'], /missing required body/],
    ['a body mixing the two Cloudflare modes', ['saveCloudflareCredentials', '--body', '{"email":"a@b.co","apiKey":"k","accountId":"a","domainName":"x.com"}'], /body.*must/],
    ['a body field of the wrong type', ['purchaseDomain', '--yes', '--body', '{"domains":"northwindreach.com"}'], /body at \/domains: must be array/],
    ['a body that is not JSON', ['saveCloudflareCredentials', '--body', '{email:'], /--body is not valid JSON/],
    ['a body file that does not exist', ['saveCloudflareCredentials', '--body', '@/nonexistent/body.json'], /--body @\/nonexistent\/body.json: cannot read the file \(ENOENT\)/],
    ['an unknown operation', ['getMailbox'], /"getMailbox" is not an operation/],
    ['--all on an operation that is not a list', ['retrieveUserDetails', '--all'], /--all: retrieveUserDetails is not a paginated list/],
    ['no command', [], /Usage:/],
  ])('refuses %s with exit 2, a message naming it, and sends nothing', async (_what, args, message) => {
    const result = await litemail(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(proxy.received).toEqual([]);
  });

  it('a connection failure is exit 1 with the reason', async () => {
    const result = await litemail(['retrieveUserDetails', '--base-url', `http://127.0.0.1:${await freePort()}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/GET \/v1\/users: connection failed \(ECONNREFUSED\)/);
  });

  it('debug logging goes to stderr with the key redacted; stdout stays the JSON answer', async () => {
    const result = await litemail(['retrieveUserDetails'], { LITEMAIL_LOG: 'debug' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(responseExample('retrieveUserDetails'));
    expect(result.stderr).toMatch(/litemail GET \/v1\/users headers=.*"x-api-key":"\[redacted\]"/);
  });
});

describe('money', () => {
  const body = () => JSON.stringify(requestExample('purchaseDomain'));

  it('refuses an operation that moves money without --yes when not on a terminal, and sends nothing', async () => {
    const result = await litemail(['purchaseDomain', '--body', body()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/purchaseDomain \(POST \/v1\/domains\) moves money; not on a terminal, so nothing was sent\. Pass --yes/);
    expect(proxy.received).toEqual([]);
  });

  it('sends it once with --yes', async () => {
    const result = await litemail(['purchaseDomain', '--yes', '--body', body()]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(proxy.received.map((r) => [r.method, r.url])).toEqual([['POST', '/v1/domains']]);
  });
});

describe('--all', () => {
  it('walks every page of the paged mock and prints each item as one JSON line', async () => {
    // The mock's walk: the list's named page examples in order, or its default example alone.
    const op = spec.paths['/v1/mailboxes'].get;
    const examples = op.responses['200'].content['application/json'].examples;
    const pages = Object.keys(examples).filter((n) => /^page\d+$/.test(n)).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
    const walk = (pages.length ? pages : [Object.keys(examples)[0]!]).map((n) => examples[n].value);
    const expected = walk.flatMap((page) => resolvePointer(page, op['x-litemail-pagination'].items));

    const result = await litemail(['retrieveMailboxes', '--all', '--limit', '2']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(expected);
    expect(proxy.received.map((r) => new URL(r.url, 'http://x').searchParams.get('page'))).toEqual(walk.map((_, i) => String(i + 1)));
    expect(expected.length).toBeGreaterThan(walk.length);
  });

  it('on a terminal, shows a progress line (pages, items, rate) on stderr besides the items', async () => {
    const { code, stderr } = await litemail(['retrieveMailboxes', '--all', '--limit', '2'], {}, { terminal: true });
    expect(code).toBe(0);
    const pages = proxy.received.length;
    expect(stderr).toMatch(new RegExp(`retrieveMailboxes: ${pages} pages, \\d+ items, [\\d.]+ items/s`));
  });
});

describe('--help', () => {
  it("is the operation's summary, method, path, evidence, parameters and body, from the spec", async () => {
    const result = await litemail(['saveCloudflareCredentials', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('saveCloudflareCredentials: ');
    expect(result.stdout).toContain('POST /v1/cloudflare-credentials');
    expect(result.stdout).toMatch(/Body \(required\): --body/);
    expect(result.stdout).toMatch(/mode 1: .*\n {4}email: string \(email\)/);
    expect(result.stdout).toMatch(/mode 2: .*\n {4}domainName: string/);
    const mailbox = await litemail(['getMailboxDetails', '--help']);
    expect(mailbox.stdout).toMatch(/--id <string> \(required\) {2}path/);
    const money = await litemail(['purchaseDomain', '--help']);
    expect(money.stdout).toMatch(/Moves money/);
    expect(proxy.received).toEqual([]);
  });
});
