// `litemail mcp` started in this process (`main` on the test's streams: test/support/cli.ts) and
// driven by the MCP SDK's own client over its stdin and stdout, against the Prism mock behind a
// recording proxy: the tools each mode lists, calls that succeed or fail, and what the mock received.
// The server as a process over stdio: test/e2e/mcp-stdio.test.ts.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { listOperations } from '../../scripts/spec/spec.mjs';
import { mcpInProcess, type McpInProcess } from '../support/cli.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { errorExample, spec } from '../support/spec-examples.js';

const KEY = 'lm_mcp_secret_key_51d2e8';
const MAILBOX_ID = 'cmghw714w0004p2i04b8j0m51';

let proxy: RecordingProxy;
const servers: McpInProcess[] = [];

beforeAll(async () => {
  proxy = await startRecordingProxy(inject('prismUrl'));
});
afterAll(async () => {
  for (const { client, stderr } of servers) {
    await client.close();
    expect(stderr()).not.toContain(KEY);
  }
  await proxy?.close();
});
beforeEach(() => {
  proxy.received.length = 0;
});

/** A connected MCP client of `litemail mcp <flags>`, closed after the file's tests. */
async function connect(flags: string[] = []): Promise<Client> {
  const server = await mcpInProcess(flags, { env: { LITEMAIL_API_KEY: KEY, LITEMAIL_BASE_URL: proxy.url } });
  servers.push(server);
  return server.client;
}

const idsWhere = (keep: (method: string, op: any) => boolean) =>
  listOperations(spec)
    .filter(({ method, op }: any) => keep(method, op))
    .map(({ op }: any) => op.operationId)
    .sort();
const billable = (op: any) => op['x-litemail-billable'] === true;

/** The text of a tool result (its one text content). */
function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const content = result.content as { type: string; text: string }[];
  expect(content).toHaveLength(1);
  expect(JSON.stringify(result)).not.toContain(KEY);
  return content[0]!.text;
}

describe('litemail mcp, read-only (the default)', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect();
  });

  it('lists one tool per GET operation, described from the spec with its evidence level', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(idsWhere((method) => method === 'GET'));
    const tool = tools.find((t) => t.name === 'getMailboxDetails')!;
    const op = spec.paths['/v1/mailboxes/{id}'].get;
    expect(tool.description).toContain(op.summary);
    expect(tool.description).toContain(op.description.trim());
    expect(tool.description).toContain(`Evidence: ${op['x-litemail-evidence']}`);
    expect(tool.inputSchema).toMatchObject({ type: 'object', required: ['id'], properties: { id: { type: 'string' } } });
    expect(tool.annotations?.readOnlyHint).toBe(true);
  });

  it('passes query parameters by their spec names', async () => {
    const result = await client.callTool({ name: 'retrieveMailboxes', arguments: { limit: 2, status: 'ACTIVE' } });
    expect(result.isError).toBeFalsy();
    expect(Object.fromEntries(new URL(proxy.received[0]!.url, 'http://x').searchParams)).toEqual({ limit: '2', status: 'ACTIVE' });
  });

  it.each([
    ['a missing parameter', {}, /Invalid input for getMailboxDetails: missing required parameter id/],
    ['an unknown parameter', { id: MAILBOX_ID, color: 'red' }, /unknown parameter color/],
    ['a parameter of the wrong type', { id: 42 }, /parameter id: must be string/],
  ])('answers %s with a tool error naming it, and sends nothing', async (_what, args, message) => {
    const result = await client.callTool({ name: 'getMailboxDetails', arguments: args });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(message);
    expect(proxy.received).toEqual([]);
  });

  it("turns an API error into a tool error with the status and LiteMail's message; the server lives on", async () => {
    proxy.preferNext = 'code=404';
    const result = await client.callTool({ name: 'getMailboxDetails', arguments: { id: MAILBOX_ID } });
    expect(result.isError).toBe(true);
    const notFound = errorExample('/v1/mailboxes/{id}', 'get', '404');
    // The body says no more than its message, so the message alone.
    expect(textOf(result)).toBe(`LiteMail answered HTTP 404: ${notFound.message}`);
    const again = await client.callTool({ name: 'retrieveUserDetails', arguments: {} });
    expect(again.isError).toBeFalsy();
  });

  it('does not list or run a write, and sends nothing', async () => {
    await expect(client.callTool({ name: 'saveCloudflareCredentials', arguments: { body: { domainName: 'x.com' } } })).rejects.toThrow(
      /Unknown tool "saveCloudflareCredentials"/,
    );
    expect(proxy.received).toEqual([]);
  });
});

describe('litemail mcp --allow-writes', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect(['--allow-writes']);
  });

  it('lists every operation except those that move money', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(idsWhere((_method, op) => !billable(op)));
    expect(tools.map((t) => t.name)).not.toContain('purchaseDomain');
  });

  it("keeps the Cloudflare body's two modes as a oneOf, and checks calls against it", async () => {
    const { tools } = await client.listTools();
    const body = (tools.find((t) => t.name === 'saveCloudflareCredentials')!.inputSchema.properties as any).body;
    expect(body.oneOf).toHaveLength(2);
    const mixed = await client.callTool({
      name: 'saveCloudflareCredentials',
      arguments: { body: { email: 'a@b.co', apiKey: 'k', accountId: 'acc', domainName: 'x.com' } },
    });
    expect(mixed.isError).toBe(true);
    expect(textOf(mixed)).toMatch(/^Invalid input for saveCloudflareCredentials: body/);
    const modeB = await client.callTool({ name: 'saveCloudflareCredentials', arguments: { body: { domainName: 'b2bforcelabs.com' } } });
    expect(modeB.isError).toBeFalsy();
    expect(proxy.received.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      ['POST', '/v1/cloudflare-credentials', { domainName: 'b2bforcelabs.com' }],
    ]);
  });

  it('refuses a billable tool it does not list, and sends nothing', async () => {
    await expect(
      client.callTool({ name: 'purchaseDomain', arguments: { body: { domains: [{ domainName: 'northwindreach.com', years: 1 }] } } }),
    ).rejects.toThrow(/Unknown tool "purchaseDomain"/);
    expect(proxy.received).toEqual([]);
  });
});

describe('litemail mcp --allow-writes --allow-billable', () => {
  it('lists every operation; those that move money say so', async () => {
    const client = await connect(['--allow-writes', '--allow-billable']);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(idsWhere(() => true));
    const costly = tools.filter((t) => t.description?.includes('COSTS MONEY')).map((t) => t.name);
    expect(costly.sort()).toEqual(idsWhere((_method, op) => billable(op)));
  });
});
