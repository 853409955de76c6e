// The `litemail` command as a process (the bundled bin.ts), against the Prism mock behind a recording
// proxy: only what a process shows — the bundle runs, its exit codes as the shell sees them (0, 1,
// 2) with the environment the process was given, and the money prompt on a real pseudo-terminal.
// Every other behaviour is tested in-process: test/spec/cli.test.ts, test/client/cli-safety.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { buildTs } from '../../scripts/lib/run-ts.mjs';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { cleanEnv, runNode, type RunResult } from '../support/run-node.js';
import { errorExample, requestExample, responseExample } from '../support/spec-examples.js';
import { onTerminal as runOnTerminal } from '../support/terminal.js';

const KEY = 'lm_cli_secret_key_7f3a9c';
const MAILBOX_ID = 'cmghw714w0004p2i04b8j0m51';

let cli: string;
let proxy: RecordingProxy;

beforeAll(async () => {
  cli = await buildTs('src/cli/bin.ts');
  proxy = await startRecordingProxy(inject('prismUrl'));
});
afterAll(async () => {
  await proxy?.close();
});
beforeEach(() => {
  proxy.received.length = 0;
});

async function litemail(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  const result = await runNode([cli, ...args], { env: cleanEnv({ LITEMAIL_API_KEY: KEY, LITEMAIL_BASE_URL: proxy.url, ...env }) });
  // Whatever happened, the key is never printed.
  expect(result.stdout + result.stderr).not.toContain(KEY);
  return result;
}

/** `litemail args` on a terminal, typing `typed`; whatever happened, the key is never printed. */
async function onTerminal(args: string[], typed: string): Promise<{ code: number | null; output: string }> {
  const result = await runOnTerminal([process.execPath, cli, ...args], cleanEnv({ LITEMAIL_API_KEY: KEY, LITEMAIL_BASE_URL: proxy.url }), typed);
  expect(result.output).not.toContain(KEY);
  return result;
}

describe('litemail <operationId> as a process', () => {
  it('sends the call with the key and prints the JSON answer alone on stdout (exit 0)', async () => {
    const result = await litemail(['getMailboxDetails', '--id', MAILBOX_ID]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual(responseExample('getMailboxDetails'));
    expect(proxy.received).toHaveLength(1);
    expect(proxy.received[0]).toMatchObject({ method: 'GET', url: `/v1/mailboxes/${MAILBOX_ID}`, headers: { 'x-api-key': KEY } });
  });

  it('shows an API error on stderr with its status and LiteMail message (exit 1), stdout empty', async () => {
    proxy.preferNext = 'code=404';
    const result = await litemail(['getMailboxDetails', '--id', MAILBOX_ID]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `litemail: getMailboxDetails failed with HTTP 404: ${errorExample('/v1/mailboxes/{id}', 'get', '404').message}\n`,
    );
  });

  it('refuses a call without an API key (exit 2), naming LITEMAIL_API_KEY', async () => {
    const result = await litemail(['retrieveUserDetails'], { LITEMAIL_API_KEY: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('LITEMAIL_API_KEY');
    expect(proxy.received).toEqual([]);
  });
});

describe('money on a terminal', () => {
  const body = () => JSON.stringify(requestExample('purchaseDomain'));

  it('asks first: "n" sends nothing (exit 2), "y" sends it once', async () => {
    const declined = await onTerminal(['purchaseDomain', '--body', body()], 'n\n');
    expect(declined.output).toMatch(/purchaseDomain \(POST \/v1\/domains\) moves money\. It will send:\s+body: \{[\s\S]*"northwindreach\.com"[\s\S]*\}\s+Send it\? \[y\/N\]/);
    expect(declined.output).toContain('Not confirmed: nothing was sent.');
    expect(declined.code).toBe(2);
    expect(proxy.received).toEqual([]);

    const confirmed = await onTerminal(['purchaseDomain', '--body', body()], 'y\n');
    expect(confirmed.code).toBe(0);
    expect(proxy.received.map((r) => [r.method, r.url])).toEqual([['POST', '/v1/domains']]);
  });
});
