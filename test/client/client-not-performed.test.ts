// Retrying what the server did not do: a 429 refuses a request and a refused connection never
// carried it, so even a billable operation is sent again after them; after a 5xx, a timeout or a
// broken connection it is not. The fault server here counts the requests it PERFORMED (answered
// 2xx), apart from the ones it merely received.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { operationTable as operations, type OperationInfo } from '../../src/index.js';
import { InternalServerError, LiteMailConnectionError, RateLimitError, createLiteMailClient, unwrap, type LiteMailClientOptions } from '../../src/index.js';
import { EagerClock, FaultServer, TEST_KEY, rejectionOf, startFaultServer, testClient, type FaultResponse } from '../support/fixtures.js';

const tooMany = (retryAfter?: string): FaultResponse => ({
  status: 429,
  ...(retryAfter === undefined ? {} : { headers: { 'retry-after': retryAfter } }),
  body: { status: 429, message: 'Too many requests' },
});

let server: FaultServer;
/** Requests the server acted on (a 2xx answer), as opposed to refused with a 429. */
let performed: string[];
beforeEach(async () => {
  server = await startFaultServer();
  performed = [];
});
afterEach(async () => {
  await server.close();
  vi.restoreAllMocks();
});

/** The clock of the last client made: its waits happen on it, in no real time. */
let clock: EagerClock;
function client(options: LiteMailClientOptions = {}) {
  const made = testClient(server.url, options);
  clock = made.clock;
  return made.client;
}

/** A few real turns of the event loop: time for a retry to go out, had one been due. */
const drain = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

function billable(method: OperationInfo['method'], path: string): OperationInfo {
  const found = operations.find((o) => o.method === method && o.path === path);
  if (!found?.billable) throw new Error(`${method} ${path} is not a billable operation of the spec`);
  return found;
}

/** Answers `refusals` 429s (not performed), then performs the request and answers 200. */
function refuseThenPerform(refusals: number, retryAfter?: string) {
  let refused = 0;
  server.handle((request) => {
    if (refused++ < refusals) return tooMany(retryAfter);
    performed.push(request.body);
    return { body: { success: true, data: { credited: JSON.parse(request.body).amount } } };
  });
}

describe('a billable POST answered 429', () => {
  it('429 (Retry-After: 0) then 200: retried, and performed exactly once', async () => {
    billable('POST', '/v1/wallet/credits');
    refuseThenPerform(1, '0');
    const data = await unwrap(client({ maxRetries: 2 }).POST('/v1/wallet/credits', { body: { amount: 25 } }));

    expect(data).toEqual({ success: true, data: { credited: 25 } });
    expect(server.count).toBe(2); // received twice …
    expect(performed).toEqual([JSON.stringify({ amount: 25 })]); // … performed once, with the full body
  });

  it('429 without Retry-After then 200: retried after the backoff, performed once', async () => {
    billable('POST', '/v1/domains');
    let refused = false;
    server.handle((request) => {
      if (!refused) return (refused = true), tooMany();
      performed.push(request.body);
      return { body: { success: true } };
    });
    const body = { domains: ['northwind-mail.com'], years: 1 };
    vi.spyOn(Math, 'random').mockReturnValue(0); // no jitter: the first backoff is 500 ms
    const { response } = await client({ maxRetries: 1 }).POST('/v1/domains', { body } as never);

    expect(response.status).toBe(200);
    expect(performed).toEqual([JSON.stringify(body)]);
    expect(clock.delays).toContain(500);
  });

  it('429 on every attempt: maxRetries + 1 requests, none performed, RateLimitError', async () => {
    billable('POST', '/v1/wallet/credits');
    server.handle(() => tooMany('0'));
    const error = await rejectionOf(unwrap(client({ maxRetries: 2 }).POST('/v1/wallet/credits', { body: { amount: 25 } })));

    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.count).toBe(3);
    expect(performed).toEqual([]);
  });

  it('maxRetries 0: the 429 goes back to the caller, 1 request', async () => {
    refuseThenPerform(1, '0');
    const { response } = await client({ maxRetries: 0 }).POST('/v1/wallet/credits', { body: { amount: 25 } });
    expect(response.status).toBe(429);
    expect(server.count).toBe(1);
    expect(performed).toEqual([]);
  });

  it('429 then 500: retried once after the 429, not after the 500 (sent twice, never a third time)', async () => {
    server.enqueue(tooMany('0'), { status: 500, body: { success: false, message: 'boom' } }, { body: { success: true } });
    const error = await rejectionOf(unwrap(client({ maxRetries: 3 }).POST('/v1/wallet/credits', { body: { amount: 25 } })));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.count).toBe(2);
  });
});

describe('a billable POST answered 500', () => {
  it('sent exactly once', async () => {
    billable('POST', '/v1/wallet/credits');
    server.handle((request) => {
      performed.push(request.body); // a 500 may come after the server acted
      return { status: 500, body: { success: false, message: 'Internal error' } };
    });
    const error = await rejectionOf(unwrap(client({ maxRetries: 3 }).POST('/v1/wallet/credits', { body: { amount: 25 } })));
    expect(error).toBeInstanceOf(InternalServerError);
    await drain(); // any backoff would have run out on the client's clock
    expect(clock.delays).toEqual([]);
    expect(server.count).toBe(1);
    expect(performed).toHaveLength(1);
  });
});

describe('every operation of the spec: a 429 is retried whatever the operation', () => {
  it.each(operations.map((info) => [`${info.method} ${info.path}`, info] as const))('%s', async (_name, info) => {
    const path = Object.fromEntries([...info.path.matchAll(/\{([^}]+)\}/g)].map((m) => [m[1], 'x1']));
    server.enqueue(tooMany('0'), { status: 200, body: { success: true } });
    const method = client({ maxRetries: 1 })[info.method as 'GET'] as unknown as (p: string, init: object) => Promise<{ response: Response }>;
    const { response } = await method(info.path, {
      params: { path },
      ...(info.method === 'GET' || info.method === 'DELETE' ? {} : { body: { probe: true } }),
    });
    expect(response.status).toBe(200);
    expect(server.count).toBe(2);
    if (info.method !== 'GET' && info.method !== 'DELETE') expect(server.requests[1]!.body).toBe('{"probe":true}');
  });
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('a connection refused before anything was sent', () => {
  it('a billable POST is retried once the server is up, and performed once', async () => {
    const port = await closedPort();
    const late = new FaultServer({ port });
    late.handle(() => ({ body: { success: true } }));
    const errors: unknown[] = [];
    // The first attempt is refused (nothing listens); only then does the server start on that port.
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      try {
        return await globalThis.fetch(input, init);
      } catch (error) {
        errors.push(error);
        if (errors.length === 1) await late.start();
        throw error;
      }
    }) as typeof globalThis.fetch;
    try {
      const body = { amount: 40 };
      const lm = createLiteMailClient({ apiKey: TEST_KEY, baseUrl: `http://127.0.0.1:${port}`, fetch, maxRetries: 2 });
      const { response } = await lm.POST('/v1/wallet/credits', { body });
      expect(errors).toHaveLength(1);
      expect((errors[0] as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
      expect(response.status).toBe(200);
      expect(late.count).toBe(1);
      expect(late.requests[0]!.body).toBe(JSON.stringify(body));
    } finally {
      await late.close();
    }
  });

  it('refused on every attempt: maxRetries + 1 attempts, then LiteMailConnectionError naming ECONNREFUSED', async () => {
    const port = await closedPort();
    let attempts = 0;
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => (attempts++, globalThis.fetch(input, init))) as typeof globalThis.fetch;
    const error = await rejectionOf(
      createLiteMailClient({ apiKey: TEST_KEY, baseUrl: `http://127.0.0.1:${port}`, fetch, maxRetries: 1 }).POST('/v1/wallet/credits', {
        body: { amount: 1 },
      }),
    );
    expect(error).toBeInstanceOf(LiteMailConnectionError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(attempts).toBe(2);
  });

  it('a reset after the request was sent is not a refusal: a billable POST is sent once', async () => {
    server.handle((request) => {
      performed.push(request.body); // the server got it, then the connection broke
      return { reset: true };
    });
    const error = await rejectionOf(client({ maxRetries: 3 }).POST('/v1/wallet/credits', { body: { amount: 25 } }));
    expect(error).toBeInstanceOf(LiteMailConnectionError);
    expect(error.message).not.toContain('ECONNREFUSED');
    await drain();
    expect(clock.delays).toEqual([]);
    expect(server.count).toBe(1);
  });
});
