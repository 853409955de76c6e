// `litemail mcp` as a process (the bundled bin.ts) driven by the MCP SDK's own client over stdio,
// against the Prism mock behind a recording proxy: the bundle starts, speaks MCP on the process's
// stdin and stdout, and prints no key on stderr. (Its start line: test/e2e/mcp-inspector.test.ts.)
// Every other behaviour of the server is tested in-process: test/spec/mcp.test.ts, test/client/mcp-safety.test.ts.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTs } from '../../scripts/lib/run-ts.mjs';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { cleanEnv } from '../support/run-node.js';
import { responseExample } from '../support/spec-examples.js';

const KEY = 'lm_mcp_secret_key_51d2e8';
const MAILBOX_ID = 'cmghw714w0004p2i04b8j0m51';

let proxy: RecordingProxy;
let client: Client;
let stderr = '';

beforeAll(async () => {
  const cli = await buildTs('src/cli/bin.ts');
  proxy = await startRecordingProxy(inject('prismUrl'));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp'],
    env: cleanEnv({ LITEMAIL_API_KEY: KEY, LITEMAIL_BASE_URL: proxy.url }) as Record<string, string>,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  client = new Client({ name: 'litemail-test', version: '0.0.0' });
  await client.connect(transport);
});
afterAll(async () => {
  await client?.close();
  expect(stderr).not.toContain(KEY);
  await proxy?.close();
});

describe('litemail mcp over stdio, read-only (the default)', () => {
  it('calls a tool: the mock receives the request with the key, the result is the JSON answer', async () => {
    const result = await client.callTool({ name: 'getMailboxDetails', arguments: { id: MAILBOX_ID } });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result)).not.toContain(KEY);
    const content = result.content as { type: string; text: string }[];
    expect(content).toHaveLength(1);
    expect(JSON.parse(content[0]!.text)).toEqual(responseExample('getMailboxDetails'));
    expect(proxy.received.map((r) => [r.method, r.url, r.headers['x-api-key']])).toEqual([['GET', `/v1/mailboxes/${MAILBOX_ID}`, KEY]]);
  });
});
