// Client options: the API key and base URL (options, then environment, then the spec's server),
// the plain-http guard, and number options checked with errors that name the option.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultBaseUrl } from '../../generated/api.js';
import { LiteMailError, createLiteMailClient, unwrap, type LiteMailClientOptions } from '../../src/index.js';
import { FaultServer, startFaultServer } from '../support/fault-server.js';

const KEY = 'lm_test_config_key';
const OK = { success: true, data: { id: 'usr_1' } };
const ENV = ['LITEMAIL_API_KEY', 'LITEMAIL_BASE_URL', 'LITEMAIL_LOG'] as const;

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  server.reset();
  server.handle(() => ({ body: OK }));
  for (const name of ENV) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
});
afterEach(() => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** The error `fn` throws (fails the test if it does not throw). */
function thrownBy(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** A fetch that records the URL and headers of each request and answers 200 without any network. */
function recordingFetch() {
  const seen: { url: string; headers: Headers }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push({ url: request.url, headers: request.headers });
    return new Response(JSON.stringify(OK), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { seen, fetch };
}

describe('the API key', () => {
  it('no key and no LITEMAIL_API_KEY: LiteMailError at creation naming LITEMAIL_API_KEY', () => {
    const error = thrownBy(() => createLiteMailClient({ baseUrl: server.url }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toContain('LITEMAIL_API_KEY');
    expect(error.message).toContain('apiKey');
  });

  it('no options at all and no environment: the same error', () => {
    const error = thrownBy(() => createLiteMailClient());
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toContain('LITEMAIL_API_KEY');
  });

  it.each([
    ['an empty apiKey', { apiKey: '' }],
    ['a blank apiKey', { apiKey: '   ' }],
  ])('%s is refused', (_name, options: LiteMailClientOptions) => {
    const error = thrownBy(() => createLiteMailClient({ ...options, baseUrl: server.url }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toContain('LITEMAIL_API_KEY');
  });

  it('an empty LITEMAIL_API_KEY counts as unset', () => {
    process.env.LITEMAIL_API_KEY = '';
    expect(thrownBy(() => createLiteMailClient({ baseUrl: server.url }))).toBeInstanceOf(LiteMailError);
  });

  it('falls back to LITEMAIL_API_KEY, and sends it as x-api-key', async () => {
    process.env.LITEMAIL_API_KEY = 'lm_env_key_42';
    await unwrap(createLiteMailClient({ baseUrl: server.url }).GET('/v1/users'));
    expect(server.requests[0]!.headers['x-api-key']).toBe('lm_env_key_42');
  });

  it('the apiKey option wins over LITEMAIL_API_KEY', async () => {
    process.env.LITEMAIL_API_KEY = 'lm_env_key_42';
    await unwrap(createLiteMailClient({ apiKey: KEY, baseUrl: server.url }).GET('/v1/users'));
    expect(server.requests[0]!.headers['x-api-key']).toBe(KEY);
  });
});

describe('the base URL', () => {
  it("defaults to the spec's server (generated/operations.ts defaultBaseUrl)", async () => {
    const { seen, fetch } = recordingFetch();
    await unwrap(createLiteMailClient({ apiKey: KEY, fetch }).GET('/v1/users'));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(`${defaultBaseUrl.replace(/\/+$/, '')}/v1/users`);
    expect(seen[0]!.headers.get('x-api-key')).toBe(KEY);
  });

  it('falls back to LITEMAIL_BASE_URL', async () => {
    process.env.LITEMAIL_BASE_URL = server.url;
    await unwrap(createLiteMailClient({ apiKey: KEY }).GET('/v1/users'));
    expect(server.count).toBe(1);
    expect(server.requests[0]!.path).toBe('/v1/users');
  });

  it('both from the environment: LITEMAIL_API_KEY and LITEMAIL_BASE_URL', async () => {
    process.env.LITEMAIL_API_KEY = 'lm_env_key_42';
    process.env.LITEMAIL_BASE_URL = `${server.url}/`;
    await unwrap(createLiteMailClient().GET('/v1/users'));
    expect(server.requests[0]).toMatchObject({ path: '/v1/users', headers: { 'x-api-key': 'lm_env_key_42' } });
  });

  it('the baseUrl option wins over LITEMAIL_BASE_URL', async () => {
    process.env.LITEMAIL_BASE_URL = 'https://wrong.invalid';
    await unwrap(createLiteMailClient({ apiKey: KEY, baseUrl: server.url }).GET('/v1/users'));
    expect(server.count).toBe(1);
  });

  it('LITEMAIL_BASE_URL is checked like the option (plain http refused)', () => {
    process.env.LITEMAIL_BASE_URL = 'http://example.com';
    const error = thrownBy(() => createLiteMailClient({ apiKey: KEY }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toMatch(/plain http/);
  });

  it.each(['http://example.com', 'http://api.litemail.ai', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io', 'http://10.0.0.5:8080'])(
    '%s is refused with a message about plain http',
    (baseUrl) => {
      const error = thrownBy(() => createLiteMailClient({ apiKey: KEY, baseUrl }));
      expect(error).toBeInstanceOf(LiteMailError);
      expect(error.message).toMatch(/plain http/);
      expect(error.message).toContain(baseUrl);
      expect(error.message).not.toContain(KEY);
    },
  );

  it.each(['http://127.0.0.1:4010', 'http://127.0.0.1', 'http://localhost', 'http://localhost:8080/api', 'http://[::1]', 'http://[::1]:4010', 'https://api.example.com'])(
    '%s is accepted',
    (baseUrl) => {
      expect(() => createLiteMailClient({ apiKey: KEY, baseUrl })).not.toThrow();
    },
  );

  it('an accepted http://127.0.0.1:<port> base URL is really used', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await unwrap(createLiteMailClient({ apiKey: KEY, baseUrl: server.url }).GET('/v1/users'));
    expect(server.count).toBe(1);
  });

  it.each(['not a url', 'api.litemail.ai', '', '://nohost'])('invalid URL %j: LiteMailError', (baseUrl) => {
    const error = thrownBy(() => createLiteMailClient({ apiKey: KEY, baseUrl }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toMatch(/baseUrl/);
  });

  it.each(['ftp://files.example.com', 'file:///etc/passwd', 'ws://localhost:1234'])('non-http(s) URL %s: LiteMailError', (baseUrl) => {
    const error = thrownBy(() => createLiteMailClient({ apiKey: KEY, baseUrl }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toMatch(/baseUrl/);
  });

  it.each([
    ['a trailing slash', '/', '/v1/users'],
    ['several trailing slashes', '///', '/v1/users'],
    ['a path prefix with a trailing slash', '/gateway/', '/gateway/v1/users'],
    ['a path prefix without one', '/gateway', '/gateway/v1/users'],
  ])('baseUrl with %s', async (_name, suffix, expectedPath) => {
    await unwrap(createLiteMailClient({ apiKey: KEY, baseUrl: `${server.url}${suffix}` }).GET('/v1/users'));
    expect(server.requests[0]!.path).toBe(expectedPath);
  });
});

describe('number options', () => {
  /** [label, value]: a string among them shows quoted. */
  const labelled = (values: unknown[]) => values.map((v) => [typeof v === 'string' ? JSON.stringify(v) : String(v), v as number] as const);
  const badTimeouts = labelled([0, -1, NaN, Infinity, '100']);
  const badRetries = labelled([-1, 1.5, 11, NaN, '2']);

  it.each(badTimeouts)('client timeoutMs %s: LiteMailError naming timeoutMs', (_label, timeoutMs) => {
    const error = thrownBy(() => createLiteMailClient({ apiKey: KEY, baseUrl: server.url, timeoutMs }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toContain('timeoutMs');
  });

  it.each(badRetries)('client maxRetries %s: LiteMailError naming maxRetries', (_label, maxRetries) => {
    const error = thrownBy(() => createLiteMailClient({ apiKey: KEY, baseUrl: server.url, maxRetries }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toContain('maxRetries');
  });

  it.each([0, 10])('client maxRetries %s is accepted', (maxRetries) => {
    expect(() => createLiteMailClient({ apiKey: KEY, baseUrl: server.url, maxRetries })).not.toThrow();
  });

  /** A per-call error however it is delivered (a thrown error or a rejected promise). */
  async function perCallError(call: () => Promise<unknown>): Promise<any> {
    try {
      await call();
    } catch (error) {
      return error;
    }
    throw new Error('expected the call to fail');
  }

  it.each(badTimeouts)('per-call timeoutMs %s: LiteMailError naming timeoutMs and the call, no request sent', async (_label, timeoutMs) => {
    const client = createLiteMailClient({ apiKey: KEY, baseUrl: server.url });
    const error = await perCallError(() => client.GET('/v1/users', { timeoutMs }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toContain('timeoutMs');
    expect(error.message).toContain('GET /v1/users');
    expect(server.count).toBe(0);
  });

  it.each(badRetries)('per-call maxRetries %s: LiteMailError naming maxRetries, no request sent', async (_label, maxRetries) => {
    const client = createLiteMailClient({ apiKey: KEY, baseUrl: server.url });
    const error = await perCallError(() => client.GET('/v1/users', { maxRetries }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toContain('maxRetries');
    expect(server.count).toBe(0);
  });

  it('a bad per-call option is reported as a rejected promise, not a synchronous throw', async () => {
    const client = createLiteMailClient({ apiKey: KEY, baseUrl: server.url });
    let syncError: unknown;
    let promise: Promise<unknown> | undefined;
    try {
      promise = client.GET('/v1/users', { timeoutMs: -1 });
    } catch (error) {
      syncError = error;
    }
    expect(syncError, 'client.GET threw synchronously instead of returning a rejected promise').toBeUndefined();
    await expect(promise).rejects.toBeInstanceOf(LiteMailError);
  });

  it('valid per-call options are accepted and not sent to the server', async () => {
    const client = createLiteMailClient({ apiKey: KEY, baseUrl: server.url });
    await unwrap(client.GET('/v1/users', { timeoutMs: 5_000, maxRetries: 0 }));
    const seen = server.requests[0]!;
    expect(seen.path).toBe('/v1/users');
    expect(JSON.stringify(seen.headers)).not.toMatch(/timeoutMs|maxRetries/);
  });

  it('extra headers option is sent with every request', async () => {
    const client = createLiteMailClient({ apiKey: KEY, baseUrl: server.url, headers: { 'x-tenant': 'acme' } });
    await unwrap(client.GET('/v1/users'));
    expect(server.requests[0]!.headers).toMatchObject({ 'x-tenant': 'acme', 'x-api-key': KEY });
  });

  it('the fetch option is used for every request', async () => {
    const { seen, fetch } = recordingFetch();
    const client = createLiteMailClient({ apiKey: KEY, baseUrl: 'https://api.example.com/', fetch });
    await unwrap(client.GET('/v1/users'));
    expect(seen.map((s) => s.url)).toEqual(['https://api.example.com/v1/users']);
    expect(server.count).toBe(0);
  });
});
