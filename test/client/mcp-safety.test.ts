// `litemail mcp` started in this process (`main` on the test's streams: test/support/cli.ts) and
// driven by the MCP SDK's client over its stdin and stdout, against a local server that records every
// request and, by default, echoes the caller's API key: no key in a tool result, tools chosen with
// --tools/--tag (never beyond the mode), designed constraints that warn (and block with --strict),
// descriptions within 1,024 characters, annotations that do not understate risk, and a missing key
// that stops the server before it speaks MCP. Expected values are written here by hand (the billable
// list is the one pinned in test/support/pinned-operations.ts).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { litemailInProcess, mcpInProcess } from '../support/cli.js';
import { echoKey, startEchoServer, type EchoServer } from '../support/echo-server.js';
import { PINNED_BILLABLE } from '../support/pinned-operations.js';

const KEY = 'lm_Mcp_Safety_Key_8d21b4';
const UUID = '3f2b8c1e-9a4d-4e6b-8f0a-2c5d7e9b1a34';

let api: EchoServer;
const clients: Client[] = [];

beforeAll(async () => {
  api = await startEchoServer();
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await api?.close();
});
beforeEach(() => {
  api.received.length = 0;
  api.answer = (request) => echoKey(request);
});

async function connect(flags: string[]): Promise<Client> {
  const { client } = await mcpInProcess(flags, { env: { LITEMAIL_API_KEY: KEY, LITEMAIL_BASE_URL: api.url } });
  clients.push(client);
  return client;
}

/** `litemail mcp flags` run to its exit code, for flags that must stop it before it serves. */
function mcpStopped(flags: string[], env: Record<string, string> = { LITEMAIL_API_KEY: KEY }) {
  return litemailInProcess(['mcp', ...flags], { env: { LITEMAIL_BASE_URL: api.url, ...env } });
}

const names = (tools: Tool[]) => tools.map((t) => t.name).sort();
const texts = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as { type: string; text: string }[]).map((c) => c.text);

describe('the API key reaches no tool result', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect([]);
  });

  it('a 200 that echoes the key comes back with the key redacted, in any letter case', async () => {
    const result = await client.callTool({ name: 'retrieveUserDetails', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result).toLowerCase()).not.toContain(KEY.toLowerCase());
    expect(JSON.parse(texts(result)[0]!)).toEqual({ success: true, message: 'key [redacted]', data: { apiKey: '[redacted]', shouted: '[redacted]' } });
  });

  it('an error that echoes the key comes back with the key redacted', async () => {
    api.answer = (request) => echoKey(request, 400);
    const result = await client.callTool({ name: 'retrieveUserDetails', arguments: {} });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result).toLowerCase()).not.toContain(KEY.toLowerCase());
    expect(texts(result)[0]).toMatch(/^LiteMail answered HTTP 400: key \[redacted\]/);
  });
});

describe('choosing tools', () => {
  it('--tools lists exactly the named tools', async () => {
    const client = await connect(['--tools', 'getWalletBalance,getMailboxDetails']);
    expect(names((await client.listTools()).tools)).toEqual(['getMailboxDetails', 'getWalletBalance']);
  });

  it('--tag (repeatable, any letter case) lists the tag’s tools that the mode allows', async () => {
    const reads = await connect(['--tag', 'mailboxes', '--tag', 'Wallet']);
    expect(names((await reads.listTools()).tools)).toEqual(['getMailboxDetails', 'getWarmupAnalytics', 'listBillingInvoices', 'retrieveMailboxes']);
    const writes = await connect(['--allow-writes', '--tag', 'Mailboxes']);
    expect(names((await writes.listTools()).tools)).toEqual([
      'getMailboxDetails',
      'getWarmupAnalytics',
      'removeMailbox',
      'retrieveMailboxes',
      'updateMailbox',
    ]);
  });

  it('--tools and --tag together list both, and --allow-billable is still needed for money', async () => {
    const client = await connect(['--allow-writes', '--allow-billable', '--tools', 'purchaseDomain', '--tag', 'Tags']);
    expect(names((await client.listTools()).tools)).toEqual(['createTag', 'deleteTag', 'listTags', 'purchaseDomain', 'updateTag']);
  });

  it.each([
    [['--tools', 'purchaseDomain', '--allow-writes'], /--tools: purchaseDomain moves money: add --allow-billable to serve it/],
    [['--tools', 'createTag'], /--tools: createTag writes: add --allow-writes to serve it/],
    [['--tools', 'getWalletBalanse'], /--tools: "getWalletBalanse" is not an operation; did you mean getWalletBalance\?/],
    [['--tag', 'Nope'], /--tag "Nope" is not a tag of the spec \(tags: Users, Domains/],
  ])('%j is a usage error (exit 2) before serving', async (flags, message) => {
    const result = await mcpStopped(flags);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});

describe('designed constraints', () => {
  it('a UUID mailbox id is sent, and the result carries a warning naming the constraint and the spec file', async () => {
    const client = await connect(['--tools', 'getMailboxDetails']);
    const result = await client.callTool({ name: 'getMailboxDetails', arguments: { id: UUID } });
    expect(result.isError).toBeFalsy();
    expect(api.received.map((r) => r.url)).toEqual([`/v1/mailboxes/${UUID}`]);
    expect(texts(result)[1]).toBe(
      'Warning: parameter id: must match pattern "^[a-z0-9]{20,40}$" (designed, not observed: spec/openapi.yaml, schema MailboxId); sent anyway, --strict refuses it',
    );
  });

  it('with --strict the UUID is a tool error and nothing is sent', async () => {
    const client = await connect(['--strict', '--tools', 'getMailboxDetails']);
    const result = await client.callTool({ name: 'getMailboxDetails', arguments: { id: UUID } });
    expect(result.isError).toBe(true);
    expect(texts(result)[0]).toMatch(/^Invalid input for getMailboxDetails: parameter id: must match pattern/);
    expect(api.received).toEqual([]);
  });

  it('the tool schemas show only what blocks: the pattern is in the --strict listing alone', async () => {
    const relaxed = await connect(['--tools', 'getMailboxDetails']);
    const strict = await connect(['--strict', '--tools', 'getMailboxDetails']);
    const id = async (client: Client) => ((await client.listTools()).tools[0]!.inputSchema.properties as any).id;
    expect((await id(relaxed)).pattern).toBeUndefined();
    expect((await id(strict)).pattern).toBe('^[a-z0-9]{20,40}$');
  });
});

describe('every tool, all flags on', () => {
  let tools: Tool[];
  beforeAll(async () => {
    tools = (await (await connect(['--allow-writes', '--allow-billable'])).listTools()).tools;
  });

  it('has a description of at most 1,024 characters that keeps its evidence level', () => {
    expect(tools).toHaveLength(62);
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeLessThanOrEqual(1024);
      expect(tool.description, tool.name).toMatch(/\n\nEvidence: (documented|method-documented|inferred), /);
    }
  });

  it('says COSTS MONEY on exactly the billable operations', () => {
    expect(tools.filter((t) => t.description!.includes('COSTS MONEY')).map((t) => t.name).sort()).toEqual([...PINNED_BILLABLE].sort());
  });

  it.each([
    // name, readOnly, destructive, idempotent
    ['getMailboxDetails', true, false, true],
    ['purchaseDomain', false, true, false], // POST, billable
    ['upgradeSubscription', false, true, false], // PUT, billable
    ['cancelSubscription', false, true, false], // DELETE, billable (its revert renews the subscription)
    ['enableAutoRecharge', false, true, false], // POST, billable: authorises future charges
    ['updateMailbox', false, true, true], // PUT overwrites
    ['removeMailbox', false, true, true], // DELETE
    ['createWorkspace', false, false, false], // POST, additive, not idempotent
    ['enableCatchAll', false, false, true], // POST marked idempotent
  ])('%s: readOnly %s, destructive %s, idempotent %s', (name, readOnlyHint, destructiveHint, idempotentHint) => {
    const tool = tools.find((t) => t.name === name)!;
    expect(tool.annotations).toEqual({ readOnlyHint, destructiveHint, idempotentHint, openWorldHint: true });
  });

  it('marks every billable tool destructive and not idempotent', () => {
    for (const name of PINNED_BILLABLE) {
      expect(tools.find((t) => t.name === name)!.annotations, name).toMatchObject({ destructiveHint: true, idempotentHint: false });
    }
  });
});

describe('a missing API key', () => {
  it('stops `litemail mcp` with exit 2 and the message on stderr, before any MCP output', async () => {
    const result = await mcpStopped([], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'litemail: LITEMAIL_API_KEY is not set: set it in the environment (for `litemail mcp`, in the "env" of the server in your MCP client\'s configuration). Nothing was sent.\n',
    );
  });
});
