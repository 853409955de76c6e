// The API key goes out as x-api-key and nowhere else: not into any error however it is printed
// (message, String, JSON, util.inspect, the cause chain), even when the server echoes the key back,
// and not into debug logs, whose header dumps show credentials redacted.
import util from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  LiteMailError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  LiteMailApiError,
  LiteMailConnectionError,
  LiteMailTimeoutError,
  createLiteMailClient,
  unwrap,
  type LiteMailClientOptions,
} from '../../src/index.js';
import { FaultServer, startFaultServer } from '../support/fault-server.js';
import { rejectionOf } from '../support/rejection.js';

const KEY = 'lm_live_SECRET123456';
const OK = { success: true, data: { id: 'usr_1' } };

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

function client(options: LiteMailClientOptions = {}) {
  return createLiteMailClient({ apiKey: KEY, baseUrl: server.url, ...options });
}


function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    return `<JSON.stringify threw: ${(error as Error).message}>`;
  }
}

/** Every way an error is commonly printed, for it and each error in its cause chain. */
function renderings(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  let current: unknown = error;
  for (let depth = 0; current != null && depth < 10; depth++) {
    const e = current as { message?: unknown; stack?: unknown; cause?: unknown };
    out[`[${depth}] String`] = String(current);
    out[`[${depth}] message`] = String(e.message);
    out[`[${depth}] stack`] = String(e.stack);
    out[`[${depth}] JSON`] = safeStringify(current);
    out[`[${depth}] inspect`] = util.inspect(current, { depth: 10 });
    out[`[${depth}] inspect(showHidden)`] = util.inspect(current, { depth: 10, showHidden: true });
    current = e.cause;
  }
  // Fields a caller is likely to log on their own.
  const api = error as Partial<LiteMailApiError>;
  out['apiMessage'] = String(api.apiMessage);
  out['body'] = typeof api.body === 'string' ? api.body : safeStringify(api.body);
  return out;
}

function expectNoKey(error: unknown) {
  for (const [how, text] of Object.entries(renderings(error))) {
    expect(text.includes(KEY), `the API key appears in ${how}: ${text.slice(0, 400)}`).toBe(false);
  }
}

describe('the API key on the wire', () => {
  it('is sent as x-api-key (and nowhere else in the request)', async () => {
    server.enqueue({ body: OK });
    await unwrap(client().GET('/v1/users'));
    expect(server.count).toBe(1);
    const seen = server.requests[0]!;
    expect(seen.headers['x-api-key']).toBe(KEY);
    expect(seen.path).not.toContain(KEY);
    expect(seen.body).not.toContain(KEY);
    const otherHeaders = Object.entries(seen.headers).filter(([name]) => name !== 'x-api-key');
    expect(JSON.stringify(otherHeaders)).not.toContain(KEY);
  });

  it('is sent on every retry attempt too', async () => {
    server.enqueue({ status: 503, headers: { 'retry-after': '0' } }, { body: OK });
    await unwrap(client().GET('/v1/users'));
    expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual([KEY, KEY]);
  });
});

describe('the API key and redirects', () => {
  // fetch follows redirects (openapi-fetch sets redirect: 'follow'); the Fetch standard strips only
  // Authorization on a cross-origin redirect, so a custom x-api-key header would follow the
  // redirect to whatever host the Location names (and over plain http after an https downgrade).
  it('a redirect to another origin does not carry the key there', async () => {
    const elsewhere = await startFaultServer();
    try {
      elsewhere.handle(() => ({ body: OK }));
      server.enqueue({ status: 302, headers: { location: `${elsewhere.url}/collect` } });
      const error = await rejectionOf(client({ maxRetries: 2 }).GET('/v1/users'));
      expect(error).toBeInstanceOf(LiteMailError);
      expect(error.message).toContain(`redirected to ${new URL(elsewhere.url).origin}`);
      expectNoKey(error);
      expect(server.requests[0]!.headers['x-api-key']).toBe(KEY);
      expect(server.count).toBe(1);
      expect(elsewhere.count).toBe(0);
      const leaked = elsewhere.requests.filter((r) => JSON.stringify(r.headers).includes(KEY));
      expect(leaked.map((r) => `${r.method} ${r.path}`), 'requests to the other origin that carried the key').toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('a same-origin redirect is refused the same way: the API does not redirect, so a redirect means a wrong baseUrl', async () => {
    server.enqueue({ status: 307, headers: { location: '/v1/users?moved=1' } }, { body: OK });
    const error = await rejectionOf(client({ maxRetries: 0 }).GET('/v1/users'));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toMatch(/redirected to .*Check baseUrl/);
    expectNoKey(error);
    expect(server.count).toBe(1);
  });
});

describe('the API key never appears in an error', () => {
  it('an API error (401 with a plain message)', async () => {
    server.enqueue({ status: 401, body: { success: false, message: 'Invalid API key' } });
    const error = await rejectionOf(unwrap(client().GET('/v1/users')));
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoKey(error);
  });

  it('an API error whose message ECHOES the key', async () => {
    server.enqueue({ status: 401, body: { success: false, message: `Invalid key ${KEY}` } });
    const error = await rejectionOf(unwrap(client().GET('/v1/users')));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.apiMessage).toMatch(/^Invalid key /); // still useful, just without the key
    expectNoKey(error);
  });

  it('an API error whose JSON body echoes the key outside `message`', async () => {
    server.enqueue({
      status: 400,
      body: { success: false, message: 'Bad request', debug: { receivedHeaders: { 'x-api-key': KEY } } },
    });
    const error = await rejectionOf(unwrap(client().POST('/v1/tags', { body: { name: 'a', tagColor: '#000000' } })));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.apiMessage).toBe('Bad request');
    expectNoKey(error);
  });

  it('an HTML error page that echoes the key (maxRetries 0)', async () => {
    server.enqueue({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: `<html><body>upstream rejected x-api-key: ${KEY}</body></html>`,
    });
    const error = await rejectionOf(unwrap(client({ maxRetries: 0 }).GET('/v1/users')));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(typeof error.body).toBe('string');
    expectNoKey(error);
  });

  it('the echoing error body of the last attempt after retries', async () => {
    const echo = { status: 503, headers: { 'retry-after': '0' }, body: { success: false, message: `Key ${KEY} throttled` } };
    server.enqueue(echo, echo);
    const error = await rejectionOf(unwrap(client({ maxRetries: 1 }).GET('/v1/users')));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.count).toBe(2);
    expectNoKey(error);
  });

  it('every occurrence of the key is blanked, in the body and in the reason phrase', async () => {
    server.enqueue({
      status: 401,
      statusText: `Key ${KEY} / ${KEY} refused`,
      body: { success: false, message: `Key ${KEY} invalid; ${KEY} revoked`, echo: [KEY, `${KEY}${KEY}`] },
    });
    const { error, response } = await client().GET('/v1/users');
    const text = JSON.stringify(error) + response.statusText;
    expect(text).not.toContain(KEY);
    expect(text.match(/\[redacted\]/g)?.length).toBe(7);
    expect((error as { message: string }).message).toBe('Key [redacted] invalid; [redacted] revoked');
  });

  it('the bearer token of the key flow (POST /v1/api-keys) is blanked too, every occurrence', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.session-token-for-tests.sig';
    server.enqueue({
      status: 401,
      statusText: `token ${token} expired`,
      body: { success: false, message: `Token ${token} expired (${token})`, headers: { authorization: `Bearer ${token}` } },
    });
    const error = await rejectionOf(
      unwrap(client().POST('/v1/api-keys', { body: { name: 'CRM sync' }, headers: { Authorization: `Bearer ${token}` } })),
    );
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${token}`);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.apiMessage).toBe('Token [redacted] expired ([redacted])');
    for (const [how, text] of Object.entries(renderings(error))) {
      expect(text.includes(token), `the token appears in ${how}`).toBe(false);
    }
    expect(JSON.stringify(error.body)).toContain('Bearer [redacted]');
  });

  it('the `error` object of the non-throwing style echoes no key either', async () => {
    server.enqueue({ status: 403, body: { success: false, message: `Key ${KEY} lacks scope` } });
    const { error } = await client().GET('/v1/users');
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  it('an API error whose HTTP reason phrase echoes the key (no body)', async () => {
    server.enqueue({ status: 401, statusText: `Invalid key ${KEY}` });
    const error = await rejectionOf(unwrap(client().GET('/v1/users')));
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoKey(error);
  });

  it('a connection error (reset on every attempt)', async () => {
    server.handle(() => ({ reset: true }));
    const error = await rejectionOf(client({ maxRetries: 0 }).GET('/v1/users'));
    expect(error).toBeInstanceOf(LiteMailConnectionError);
    expect(error.cause).toBeDefined();
    expectNoKey(error);
  });

  it('a connection error mid-body', async () => {
    server.handle(() => ({ reset: 'mid-body', body: { ...OK, padding: 'x'.repeat(10_000) } }));
    const error = await rejectionOf(client({ maxRetries: 0 }).GET('/v1/users'));
    expect(error).toBeInstanceOf(LiteMailConnectionError);
    expectNoKey(error);
  });

  it('a connection refused (nothing listening)', async () => {
    const url = server.url;
    await server.close();
    const error = await rejectionOf(createLiteMailClient({ apiKey: KEY, baseUrl: url, maxRetries: 0 }).GET('/v1/users'));
    expect(error).toBeInstanceOf(LiteMailConnectionError);
    expectNoKey(error);
  });

  it('a timeout (no answer, and a stalled body)', async () => {
    server.enqueue({ hang: true }, { body: OK, stallAfterBytes: 3, stallMs: Infinity });
    const c = client({ maxRetries: 0, timeoutMs: 150 });
    const noAnswer = await rejectionOf(c.GET('/v1/users'));
    const stalled = await rejectionOf(c.GET('/v1/users'));
    for (const error of [noAnswer, stalled]) {
      expect(error).toBeInstanceOf(LiteMailTimeoutError);
      expectNoKey(error);
    }
  });
});

describe('debug logging', () => {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const name of ['LITEMAIL_LOG', 'LITEMAIL_API_KEY', 'LITEMAIL_BASE_URL']) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    vi.restoreAllMocks();
  });

  function capture() {
    const lines: string[] = [];
    return { lines, logger: { debug: (line: string) => void lines.push(line) } };
  }

  function expectUsefulSafeLines(lines: string[]) {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.includes(KEY), `key in log line: ${line}`).toBe(false);
    const attempt = lines.find((l) => / -> 200 /.test(l));
    expect(attempt, lines.join('\n')).toBeDefined();
    expect(attempt).toContain('GET');
    expect(attempt).toContain('/v1/users');
    expect(attempt).toMatch(/attempt \d+\/\d+/);
    expect(attempt).toMatch(/\d+ ms/);
  }

  it("logLevel 'debug' with a logger: method, path, status, attempt, duration; headers with x-api-key/authorization redacted; never the key", async () => {
    const { lines, logger } = capture();
    server.enqueue({ status: 503, headers: { 'retry-after': '0' } }, { body: OK });
    const c = client({ logLevel: 'debug', logger, headers: { authorization: 'Bearer tok_BEARER_SECRET_99', 'x-trace': 'trace-1' } });
    await unwrap(c.GET('/v1/users'));

    expectUsefulSafeLines(lines);
    expect(lines.some((l) => l.includes('-> 503') && l.includes('attempt 1/3'))).toBe(true);
    expect(lines.some((l) => l.includes('-> 200') && l.includes('attempt 2/3'))).toBe(true);
    const withHeaders = lines.find((l) => l.includes('headers='));
    expect(withHeaders, lines.join('\n')).toBeDefined();
    const headers = JSON.parse(withHeaders!.slice(withHeaders!.indexOf('headers=') + 'headers='.length));
    expect(headers['x-api-key']).toBe('[redacted]');
    expect(headers['authorization']).toBe('[redacted]');
    expect(headers['x-trace']).toBe('trace-1');
    for (const line of lines) expect(line).not.toContain('tok_BEARER_SECRET_99');
    // And the server did get the real credentials.
    expect(server.requests[0]!.headers['x-api-key']).toBe(KEY);
    expect(server.requests[0]!.headers['authorization']).toBe('Bearer tok_BEARER_SECRET_99');
  });

  it('logs failed attempts (connection errors, timeouts) without the key', async () => {
    const { lines, logger } = capture();
    server.enqueue({ reset: true }, { hang: true });
    const error = await rejectionOf(client({ logLevel: 'debug', logger, maxRetries: 1, timeoutMs: 200 }).GET('/v1/users'));
    expect(error).toBeInstanceOf(LiteMailTimeoutError);
    expect(lines.some((l) => l.includes('LiteMailConnectionError') && l.includes('attempt 1/2'))).toBe(true);
    expect(lines.some((l) => l.includes('LiteMailTimeoutError') && l.includes('attempt 2/2'))).toBe(true);
    for (const line of lines) expect(line).not.toContain(KEY);
  });

  it('LITEMAIL_LOG=debug turns logging on, read when the client is created', async () => {
    const { lines, logger } = capture();
    process.env.LITEMAIL_LOG = 'debug';
    const c = client({ logger });
    delete process.env.LITEMAIL_LOG; // the client keeps what it read at creation
    server.enqueue({ body: OK });
    await unwrap(c.GET('/v1/users'));
    expectUsefulSafeLines(lines);
    expect(lines.join('\n')).toContain('"x-api-key":"[redacted]"');
  });

  it('LITEMAIL_LOG=debug with the key from LITEMAIL_API_KEY, default logger (console.debug): never the key', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'debug').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    process.env.LITEMAIL_LOG = 'debug';
    process.env.LITEMAIL_API_KEY = KEY;
    const c = createLiteMailClient({ baseUrl: server.url });
    server.enqueue({ body: OK });
    await unwrap(c.GET('/v1/users'));
    expectUsefulSafeLines(lines);
    expect(server.requests[0]!.headers['x-api-key']).toBe(KEY);
  });

  it('a client created without LITEMAIL_LOG stays silent even if it is set later', async () => {
    const { lines, logger } = capture();
    const c = client({ logger });
    process.env.LITEMAIL_LOG = 'debug';
    server.enqueue({ body: OK });
    await unwrap(c.GET('/v1/users'));
    expect(lines).toEqual([]);
  });

  it("logLevel 'off' wins over LITEMAIL_LOG=debug", async () => {
    const { lines, logger } = capture();
    process.env.LITEMAIL_LOG = 'debug';
    const c = client({ logger, logLevel: 'off' });
    server.enqueue({ body: OK });
    await unwrap(c.GET('/v1/users'));
    expect(lines).toEqual([]);
  });
});
