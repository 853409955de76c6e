// 1,000 concurrent GETs through one client against a fault server that answers most at once, some
// with a 503 first and a few with a reset connection first: every call settles with its own data,
// nothing escapes as an unhandled rejection or uncaught exception, and the server saw exactly the
// requests the retry policy implies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationTable as operations } from '../../src/index.js';
import { createLiteMailClient, unwrap } from '../../src/index.js';
import { FaultServer, startFaultServer, type FaultResponse } from '../support/fault-server.js';

const N = 1_000;
/** Calls whose first attempt gets a 503 (Retry-After: 0), then a 200. */
const busyFirst = (i: number) => i % 10 === 0;
/** Calls whose first attempt gets a reset connection, then a 200. */
const resetFirst = (i: number) => i % 50 === 7;

let server: FaultServer;
const events = { unhandledRejection: [] as unknown[], uncaughtException: [] as unknown[] };
const onRejection = (reason: unknown) => void events.unhandledRejection.push(reason);
const onException = (error: unknown) => void events.uncaughtException.push(error);

beforeAll(async () => {
  server = await startFaultServer({ backlog: 4096 });
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  await server.close();
});

describe('concurrency', () => {
  it(`${N} concurrent GETs with 503s and resets: all settle, correct results, exact request count, nothing unhandled`, async () => {
    const info = operations.find((o) => o.method === 'GET' && o.path === '/v1/domains/{id}');
    expect(info?.billable).toBe(false); // a GET the policy may resend

    const attemptsById = new Map<string, number>();
    server.handle((request): FaultResponse => {
      const id = decodeURIComponent(request.path.split('/')[3] ?? '');
      const i = Number(id.slice(2));
      const attempt = (attemptsById.get(id) ?? 0) + 1;
      attemptsById.set(id, attempt);
      if (attempt === 1 && busyFirst(i)) return { status: 503, headers: { 'retry-after': '0' }, body: { success: false, message: 'busy' } };
      if (attempt === 1 && resetFirst(i)) return { reset: true };
      return { body: { success: true, data: { id, name: `domain-${i}.example` } } };
    });

    const client = createLiteMailClient({ apiKey: 'lm_test_concurrency', baseUrl: server.url, maxRetries: 2, timeoutMs: 15_000 });
    const settled = await Promise.allSettled(
      Array.from({ length: N }, (_, i) => unwrap(client.GET('/v1/domains/{id}', { params: { path: { id: `d-${i}` } } }))),
    );
    // Give any stray promise rejection a chance to surface before counting.
    await new Promise((resolve) => setTimeout(resolve, 100));

    const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [`#${i}: ${String(s.reason)}`] : []));
    expect(failures, failures.slice(0, 5).join('\n')).toEqual([]);
    settled.forEach((s, i) => {
      expect(s.status).toBe('fulfilled');
      expect((s as PromiseFulfilledResult<any>).value).toEqual({ success: true, data: { id: `d-${i}`, name: `domain-${i}.example` } });
    });

    const retried = Array.from({ length: N }, (_, i) => i).filter((i) => busyFirst(i) || resetFirst(i)).length;
    expect(retried).toBe(120);
    expect(server.count).toBe(N + retried);
    for (let i = 0; i < N; i++) {
      expect(attemptsById.get(`d-${i}`), `attempts for d-${i}`).toBe(busyFirst(i) || resetFirst(i) ? 2 : 1);
    }
    expect(events.unhandledRejection).toEqual([]);
    expect(events.uncaughtException).toEqual([]);
  });
});
