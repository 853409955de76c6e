// The `litemail` command run in this process (`main` on the test's streams: test/support/cli.ts),
// against a local server that records every request and, by
// default, echoes the caller's API key back: flags parsed strictly (a switch given a value, an
// unknown or repeated flag is a usage error and nothing is sent), the key in no output, designed
// constraints that warn instead of blocking (and block with --strict), and the messages a user
// needs. Expected values are written here by hand.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { litemailInProcess, type CliOptions, type CliRun } from '../support/cli.js';
import { echoKey, startEchoServer, type EchoServer } from '../support/echo-server.js';

const KEY = 'lm_Safety_Key_3c9e1f7a';
const MAILBOX_ID = 'cmghw714w0004p2i04b8j0m51';
const UUID = '3f2b8c1e-9a4d-4e6b-8f0a-2c5d7e9b1a34';

let api: EchoServer;

beforeAll(async () => {
  api = await startEchoServer();
});
afterAll(async () => {
  await api?.close();
});
beforeEach(() => {
  api.received.length = 0;
  api.answer = (request) => echoKey(request);
});

/** The key in any letter case, as the server may echo it. */
function expectNoKey(text: string): void {
  expect(text.toLowerCase()).not.toContain(KEY.toLowerCase());
}

async function litemail(args: string[], env: Record<string, string> = {}, options: Omit<CliOptions, 'env'> = {}): Promise<CliRun> {
  const result = await litemailInProcess(args, { env: { LITEMAIL_API_KEY: KEY, LITEMAIL_BASE_URL: api.url, ...env }, ...options });
  expectNoKey(result.stdout + result.stderr);
  return result;
}

describe('flags are parsed strictly: a mistake is exit 2 and nothing is sent', () => {
  it.each(['--yes=false', '--yes=no', '--yes=0', '--yes=true'])('%s on an operation that moves money', async (yes) => {
    const result = await litemail(['addCreditToWallet', yes, '--body', '{"amount":50}']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--yes is a switch: it takes no value/);
    expect(api.received).toEqual([]);
  });

  it('an unknown flag is named, with the flags the command takes', async () => {
    const result = await litemail(['retrieveUserDetails', '--debug']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option --debug \(retrieveUserDetails takes: --yes, --strict, --base-url, --help\)/);
    expect(api.received).toEqual([]);
  });

  it('a parameter given twice is refused', async () => {
    const result = await litemail(['getMailboxDetails', '--id', MAILBOX_ID, '--id', 'cm0000000000000000000000b']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--id was given 2 times/);
    expect(api.received).toEqual([]);
  });

  it.each([
    [['getMailboxDetails', '--id'], /--id needs a value/],
    [['getMailboxDetails', MAILBOX_ID], /unexpected argument '.*' \(getMailboxDetails takes only flags: --id, --yes, --strict, --base-url, --help\)/],
  ])('%j is refused with a message naming the mistake', async (args, message) => {
    const result = await litemail(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(api.received).toEqual([]);
  });

  it('`litemail mcp` with a switch given a value stops before serving', async () => {
    const result = await litemail(['mcp', '--allow-writes=false', '--allow-billable=false']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--allow-writes is a switch: it takes no value/);
    expect(result.stdout).toBe('');
  });

  it('`litemail mcp` with an unknown flag stops before serving, naming the flags it takes', async () => {
    const result = await litemail(['mcp', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option --bogus \(mcp takes: --allow-writes, --allow-billable, --tools, --tag, --strict, --base-url, --help\)/);
    expect(result.stdout).toBe('');
  });
});

describe('the API key reaches no output', () => {
  it('a 200 body that echoes the key is printed with the key redacted, in any letter case', async () => {
    const result = await litemail(['retrieveUserDetails']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      success: true,
      message: 'key [redacted]',
      data: { apiKey: '[redacted]', shouted: '[redacted]' },
    });
  });

  it('an error body that echoes the key is shown with the key redacted', async () => {
    api.answer = (request) => echoKey(request, 400);
    const result = await litemail(['retrieveUserDetails']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 400: key [redacted]');
  });

  it('every item of --all has the key redacted', async () => {
    api.answer = (request) => ({
      status: 200,
      body: {
        success: true,
        message: 'ok',
        data: { mailboxes: [{ id: MAILBOX_ID, note: String(request.headers['x-api-key']) }], totalSearchedCount: 1, currentPage: 1, nextPage: null, totalPages: 1 },
      },
    });
    const result = await litemail(['retrieveMailboxes', '--all']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${JSON.stringify({ id: MAILBOX_ID, note: '[redacted]' })}\n`);
  });

  it('debug lines (LITEMAIL_LOG=debug) carry no key', async () => {
    const result = await litemail(['retrieveUserDetails'], { LITEMAIL_LOG: 'debug' });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/litemail GET \/v1\/users/);
  });
});

describe('designed constraints warn and the call is sent; --strict refuses them', () => {
  it('a UUID mailbox id is sent, with one warning naming the pattern and the spec file', async () => {
    const result = await litemail(['getMailboxDetails', '--id', UUID]);
    expect(result.code).toBe(0);
    expect(api.received.map((r) => [r.method, r.url])).toEqual([['GET', `/v1/mailboxes/${UUID}`]]);
    expect(result.stderr).toBe(
      `litemail: warning: parameter --id: must match pattern "^[a-z0-9]{20,40}$" (designed, not observed: spec/openapi.yaml, schema MailboxId); sent anyway, --strict refuses it\n`,
    );
  });

  it('with --strict the UUID is refused (exit 2) and nothing is sent', async () => {
    const result = await litemail(['getMailboxDetails', '--id', UUID, '--strict']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/parameter --id: must match pattern "\^\[a-z0-9\]\{20,40\}\$" \(designed, not observed: spec\/openapi\.yaml, schema MailboxId\)/);
    expect(api.received).toEqual([]);
  });

  it('a body field the spec does not list is sent with a warning naming it; --strict refuses it', async () => {
    const body = { name: 'Outbound EU', region: 'eu' };
    const sent = await litemail(['createWorkspace', '--body', JSON.stringify(body)]);
    expect(sent.code).toBe(0);
    expect(api.received.map((r) => JSON.parse(r.body))).toEqual([body]);
    expect(sent.stderr).toMatch(/warning: body: unknown property "region" \(the body takes: name\) \(designed, not observed: spec\/paths\/workspaces\.yaml/);

    api.received.length = 0;
    const refused = await litemail(['createWorkspace', '--strict', '--body', JSON.stringify(body)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/body: unknown property "region"/);
    expect(api.received).toEqual([]);
  });

  it('a value of the wrong type still blocks (the library types check it too)', async () => {
    const result = await litemail(['createWorkspace', '--body', '{"name":42}']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/body at \/name: must be string/);
    expect(api.received).toEqual([]);
  });

  it('input that ends at the money prompt (Ctrl-D) is a no: exit 2, nothing sent', async () => {
    const { code, stderr } = await litemail(['addCreditToWallet', '--body', '{"amount":50}'], {}, { terminal: true, typed: '' });
    expect(code).toBe(2);
    expect(stderr).toContain('Not confirmed: nothing was sent.');
    expect(api.received).toEqual([]);
  });
});

describe('messages', () => {
  it.each([
    ['retrieveMailbox', /"retrieveMailbox" is not an operation; did you mean retrieveMailboxes\?/],
    ['getmailboxdetails', /"getmailboxdetails" is not an operation; did you mean getMailboxDetails\?/],
  ])('an unknown operation %s gets a suggestion', async (name, message) => {
    const result = await litemail([name]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("a 429 says nothing was performed and when to retry (from Retry-After)", async () => {
    api.answer = () => ({ status: 429, body: { success: false, message: 'Too many requests' }, headers: { 'retry-after': '120' } });
    const result = await litemail(['retrieveUserDetails']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'litemail: retrieveUserDetails failed with HTTP 429: Too many requests. Nothing was performed; retry after 120 s.\n',
    );
  });

  it('a non-JSON error body is shown, trimmed', async () => {
    api.answer = () => ({ status: 502, body: `\n  <html><body>upstream timed out${' .'.repeat(400)}</body></html>\n`, contentType: 'text/html' });
    const result = await litemail(['createWorkspace', '--body', '{"name":"Outbound EU"}']);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('litemail: createWorkspace failed with HTTP 502: HTTP 502 Bad Gateway');
    expect(lines[1]).toMatch(/^<html><body>upstream timed out( \.)+/);
    expect(lines[1]!.length).toBeLessThanOrEqual(501);
    expect(lines[1]!.endsWith('…')).toBe(true);
  });

  it('the money prompt on a terminal shows the operation, method, path and the body it will send', async () => {
    const { code, stderr } = await litemail(['addCreditToWallet', '--body', '{"amount":50}'], {}, { terminal: true, typed: 'n\n' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/addCreditToWallet \(POST \/v1\/wallet\/credits\) moves money\. It will send:\s+body: \{\s+"amount": 50\s+\}\s+Send it\? \[y\/N\]/);
    expect(api.received).toEqual([]);
  });
});
