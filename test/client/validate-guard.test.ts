// litemail-sdk/validate when its own checker fails: in `report` mode the call goes on untouched and
// the failure is reported once, as a `not-checked` drift naming the error's class (never its
// message); in `throw` mode the call is rejected with that drift. The checker is made to fail by
// replacing checkBody (src/schema-check.ts) for this file only.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLiteMailClient } from '../../src/index.js';
import * as schemaCheck from '../../src/schema-check.js';
import { LiteMailDriftError, validateResponses, type Drift } from '../../src/validate.js';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { responseExample } from '../support/spec-examples.js';

vi.mock('../../src/schema-check.js', async (original) => {
  const actual = await original<typeof import('../../src/schema-check.js')>();
  return { ...actual, checkBody: vi.fn(actual.checkBody) };
});

const KEY = 'lm_test_GUARD_5b2e8d1c';
const MESSAGE = 'checker broke on VALUE-7f3a'; // the error's message: it must not reach a drift

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
  server.handle(() => ({ status: 200, headers: { 'x-request-id': 'req_guard' }, body: responseExample('retrieveUserDetails') }));
});
afterAll(async () => {
  await server?.close();
});

function failingChecker() {
  vi.mocked(schemaCheck.checkBody).mockImplementation(() => {
    throw new RangeError(MESSAGE);
  });
}

describe('a failure inside the checker', () => {
  it("report mode: every call resolves as without the reporter, and the failure is reported once", async () => {
    failingChecker();
    const drifts: Drift[] = [];
    const lm = createLiteMailClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    lm.use(validateResponses({ onDrift: (d) => drifts.push(d) }));
    for (let i = 0; i < 3; i++) {
      const { data, response } = await lm.GET('/v1/users');
      expect(data).toEqual(responseExample('retrieveUserDetails'));
      expect([response.status, response.headers.get('x-request-id')]).toEqual([200, 'req_guard']);
    }
    expect(drifts).toEqual([
      {
        operationId: 'retrieveUserDetails',
        method: 'GET',
        path: '/v1/users',
        status: 200,
        pointer: '',
        problem: 'not-checked',
        expected: 'a check that completes',
        received: 'RangeError in the drift reporter',
        spec: { file: 'spec/paths/users.yaml' },
      },
    ]);
    expect(JSON.stringify(drifts)).not.toContain('VALUE-7f3a');
  });

  it('throw mode: the call is rejected with the not-checked drift (a strict check that could not run is not a pass)', async () => {
    failingChecker();
    const lm = createLiteMailClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    lm.use(validateResponses({ mode: 'throw' }));
    const error = await lm.GET('/v1/users').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiteMailDriftError);
    expect((error as LiteMailDriftError).drifts.map((d) => [d.problem, d.received])).toEqual([['not-checked', 'RangeError in the drift reporter']]);
    expect((error as Error).message).not.toContain('VALUE-7f3a');
  });
});
