// litemail-sdk/validate, the drift reporter: a fake LiteMail that deviates from the spec on a few
// operations (each kind of drift once), in both modes; responses that are not the JSON the spec
// declares (HTML, text, empty, undeclared statuses); the bound on what one reporter reports; every
// documented response of the spec passing its own validator; and the API key in no drift, error or
// printed line, even when echoed back, in any form.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listOperations } from '../../scripts/spec/spec.mjs';
import { deref } from '../../scripts/spec/spec.mjs';
import { mediaExamples } from '../../scripts/spec/examples.mjs';
import { createLiteMailClient, LiteMailError, LiteMailParseError, NotFoundError, unwrap } from '../../src/index.js';
import { checkResponse } from '../../src/schema-check.js';
import { LiteMailDriftError, validateResponses, type Drift } from '../../src/validate.js';
import { startFakeLiteMail } from '../support/fake-litemail.js';
import { startFaultServer, type FaultResponse, type FaultServer } from '../support/fault-server.js';
import { responseExample, spec } from '../support/spec-examples.js';

const KEY = 'lm_live_DRIFT_9c4e1a7b3f';
const VALUE = 'VALUE-MARKER-5e1d'; // a value of the response: it must never reach a drift

// Each kind of drift, on operations and fields the spec's reshaping is unlikely to touch.
const deviations = {
  // a wrong type (the envelope's `success`), and a field the User schema does not know
  retrieveUserDetails: () => {
    const body = structuredClone(responseExample('retrieveUserDetails'));
    body.success = VALUE;
    body.data.loyaltyTier = VALUE;
    return { status: 200, body };
  },
  // a required field missing (the envelope's `message`)
  getWalletBalance: () => {
    const body = structuredClone(responseExample('getWalletBalance'));
    delete body.message;
    return { status: 200, body };
  },
  // a value outside the enum, on every item of the page: one drift, not one per item
  retrieveMailboxes: () => {
    const body = structuredClone(responseExample('retrieveMailboxes'));
    for (const mailbox of body.data.mailboxes) mailbox.status = 'SUSPENDED';
    return { status: 200, body };
  },
  // a status the spec does not declare
  listTags: () => ({ status: 403, body: { success: false, message: 'Forbidden' } }),
  // a success body echoing the key, in a value and as a field name (the client redacts error bodies itself)
  listExportHistory: ({ apiKey }: { apiKey: string | undefined }) => {
    const body = structuredClone(responseExample('listExportHistory'));
    body[String(apiKey)] = VALUE;
    body.data.echo = apiKey;
    return { status: 200, body };
  },
  // an error body echoing the key, in a value and as a field name
  listWebhooks: ({ apiKey }: { apiKey: string | undefined }) => ({
    status: 400,
    body: { success: false, message: `Key ${apiKey} refused`, debug: { receivedKey: apiKey }, [String(apiKey)]: VALUE },
  }),
};

let fake: Awaited<ReturnType<typeof startFakeLiteMail>>;
beforeAll(async () => {
  fake = await startFakeLiteMail(deviations);
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function reportingClient() {
  const drifts: Drift[] = [];
  const lm = createLiteMailClient({ apiKey: KEY, baseUrl: fake.url, maxRetries: 0 });
  lm.use(validateResponses({ mode: 'report', onDrift: (d) => drifts.push(d) }));
  return { lm, drifts };
}

async function callDeviating(lm: ReturnType<typeof createLiteMailClient>) {
  return Promise.all([lm.GET('/v1/users'), lm.GET('/v1/wallet'), lm.GET('/v1/mailboxes'), lm.GET('/v1/tags'), lm.GET('/v1/webhooks')]);
}

describe("mode 'report'", () => {
  it('reports each kind of drift with the operation, pointer, expected/received types and the spec file', async () => {
    const { lm, drifts } = reportingClient();
    await callDeviating(lm);
    const byOperation = (id: string) => drifts.filter((d) => d.operationId === id);

    expect(byOperation('retrieveUserDetails')).toEqual([
      {
        operationId: 'retrieveUserDetails',
        method: 'GET',
        path: '/v1/users',
        status: 200,
        pointer: '/success',
        problem: 'wrong-type',
        expected: 'boolean',
        received: 'string',
        spec: { file: 'spec/openapi.yaml', schema: 'Envelope' },
      },
      expect.objectContaining({
        pointer: '/data/loyaltyTier',
        problem: 'unknown-field',
        received: 'string',
        spec: { file: 'spec/paths/users.yaml', schema: 'User' },
      }),
    ]);
    expect(byOperation('getWalletBalance')).toEqual([
      expect.objectContaining({ path: '/v1/wallet', pointer: '/message', problem: 'missing-required', received: 'absent', spec: { file: 'spec/openapi.yaml', schema: 'Envelope' } }),
    ]);
    const [mailboxStatus, ...more] = byOperation('retrieveMailboxes');
    expect(more).toEqual([]);
    expect(mailboxStatus).toMatchObject({
      pointer: '/data/mailboxes/0/status',
      problem: 'not-in-enum',
      received: 'string',
      spec: { file: 'spec/paths/mailboxes.yaml', schema: 'MailboxStatus' },
    });
    expect(mailboxStatus!.expected.split(' | ')).toEqual(expect.arrayContaining(['ACTIVE', 'IN_PROGRESS']));
    expect(byOperation('listTags')).toEqual([
      expect.objectContaining({ path: '/v1/tags', status: 403, pointer: '', problem: 'undeclared-status', received: '403', spec: { file: 'spec/paths/tags.yaml' } }),
    ]);
    expect(byOperation('listTags')[0]!.expected.split(' | ')).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(byOperation('listWebhooks').map((d) => [d.status, d.pointer, d.problem, d.spec.schema])).toEqual([
      [400, '/debug', 'unknown-field', 'Error'],
      [400, '/*', 'unknown-field', 'Error'],
    ]);
  });

  it('lets the call go on: the data and the error come back as without the reporter', async () => {
    const { lm } = reportingClient();
    const [users, , , tags] = await callDeviating(lm);
    expect(users.data).toMatchObject({ success: VALUE });
    expect(tags.response.status).toBe(403);
    expect(tags.error).toMatchObject({ message: 'Forbidden' });
  });

  it('reports each (operation, status, pointer, problem) once per client', async () => {
    const first = reportingClient();
    await callDeviating(first.lm);
    const count = first.drifts.length;
    await callDeviating(first.lm);
    await first.lm.GET('/v1/mailboxes', { params: { query: { page: 2 } } });
    expect(first.drifts.length).toBe(count);

    const second = reportingClient();
    await callDeviating(second.lm);
    expect(second.drifts.length).toBe(count);
  });

  it('reports nothing for an API that answers as documented', async () => {
    const { lm, drifts } = reportingClient();
    const results = await Promise.all([lm.GET('/v1/domains'), lm.GET('/v1/workspaces'), lm.GET('/v1/subscriptions'), lm.GET('/v1/dashboard/overview')]);
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200, 200]);
    expect(drifts).toEqual([]);
  });

  it('prints one line per drift by default, naming the spec file and schema to change, with no value', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const lm = createLiteMailClient({ apiKey: KEY, baseUrl: fake.url, maxRetries: 0 });
    lm.use(validateResponses());
    await callDeviating(lm);
    const lines = warn.mock.calls.map((args) => args.join(' '));
    expect(lines.length).toBe(7);
    expect(lines).toContainEqual(expect.stringMatching(/GET \/v1\/users .*\/success: wrong-type.*change spec\/openapi\.yaml, schema Envelope/));
    expect(lines).toContainEqual(expect.stringMatching(/\/data\/mailboxes\/0\/status: not-in-enum.*spec\/paths\/mailboxes\.yaml, schema MailboxStatus/));
    expect(lines).toContainEqual(expect.stringMatching(/GET \/v1\/tags \(listTags\) 403 .*undeclared-status.*spec\/paths\/tags\.yaml, operation listTags/));
    for (const line of lines) {
      expect(line.split('\n')).toHaveLength(1);
      expect(line).not.toContain(VALUE);
      expect(line).not.toContain('SUSPENDED');
      expect(line).not.toContain(KEY);
    }
  });
});

describe("mode 'throw'", () => {
  it('rejects a drifting call with LiteMailDriftError (a LiteMailError) carrying its drifts, every time', async () => {
    const seen: Drift[] = [];
    const lm = createLiteMailClient({ apiKey: KEY, baseUrl: fake.url, maxRetries: 0 });
    lm.use(validateResponses({ mode: 'throw', onDrift: (d) => seen.push(d) }));
    for (let i = 0; i < 2; i++) {
      const error = await lm.GET('/v1/wallet').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LiteMailDriftError);
      expect(error).toBeInstanceOf(LiteMailError);
      expect((error as LiteMailDriftError).drifts).toEqual([expect.objectContaining({ operationId: 'getWalletBalance', pointer: '/message', problem: 'missing-required' })]);
      expect((error as Error).message).toContain('spec/openapi.yaml, schema Envelope');
    }
    expect(seen).toHaveLength(1);
    const undeclared = await lm.GET('/v1/tags').catch((e: unknown) => e);
    expect((undeclared as LiteMailDriftError).drifts.map((d) => d.problem)).toEqual(['undeclared-status']);
  });

  it('resolves calls whose responses match the spec, and prints nothing by default', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const lm = createLiteMailClient({ apiKey: KEY, baseUrl: fake.url, maxRetries: 0 });
    lm.use(validateResponses({ mode: 'throw' }));
    const { data } = await lm.GET('/v1/domains');
    expect(data?.success).toBe(true);
    await expect(lm.GET('/v1/users')).rejects.toBeInstanceOf(LiteMailDriftError);
    expect(warn).not.toHaveBeenCalled();
  });

  it('refuses an unknown mode or a non-function onDrift with a clear error', () => {
    expect(() => validateResponses({ mode: 'loud' as 'throw' })).toThrow(/mode must be 'report' or 'throw', got loud/);
    expect(() => validateResponses({ onDrift: 'log' as unknown as () => void })).toThrow(/onDrift must be a function/);
  });
});

describe('the calls the reporter watches stay as they were', () => {
  it('a success keeps its status, headers and url; an error still names its call; a body that is not JSON is still a LiteMailParseError', async () => {
    const server = await startFaultServer();
    try {
      const lm = createLiteMailClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
      const drifts: Drift[] = [];
      lm.use(validateResponses({ onDrift: (d) => drifts.push(d) }));
      server.enqueue(
        { status: 200, headers: { 'x-request-id': 'req_1' }, body: responseExample('retrieveUserDetails') },
        { status: 404, body: { success: false, message: 'Resource not found' } },
        { status: 200, headers: { 'content-type': 'application/json' }, body: '{"success": tru' },
      );
      const { data, response } = await lm.GET('/v1/users');
      expect(data).toEqual(responseExample('retrieveUserDetails'));
      expect([response.status, response.headers.get('x-request-id'), response.url]).toEqual([200, 'req_1', `${server.url}/v1/users`]);
      const notFound = await unwrap(lm.GET('/v1/domains/{id}', { params: { path: { id: 'cm4p0d3m00001lm08dom00001' } } })).catch((e: unknown) => e);
      expect(notFound).toBeInstanceOf(NotFoundError);
      expect(notFound).toMatchObject({ method: 'GET', path: '/v1/domains/cm4p0d3m00001lm08dom00001' });
      await expect(lm.GET('/v1/users')).rejects.toBeInstanceOf(LiteMailParseError);
      // The unparsable body is reported (and never quoted); the conforming ones are not.
      expect(drifts.map((d) => [d.status, d.pointer, d.problem, d.received])).toEqual([[200, '', 'not-json', 'application/json that does not parse']]);
    } finally {
      await server.close();
    }
  });
});

describe('every response is checked, whatever its content type', () => {
  const BODY_MARKER = 'BODY-MARKER-77c1'; // text of a body that is not JSON: it must never reach a drift
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  /** [status, pointer, problem, received] of each drift one call reports, and what the call returned. */
  type Call = (lm: ReturnType<typeof createLiteMailClient>) => Promise<unknown>;
  async function answered(response: FaultResponse, mode: 'report' | 'throw' = 'report', call: Call = (lm) => lm.GET('/v1/users')) {
    const drifts: Drift[] = [];
    const lm = createLiteMailClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    lm.use(validateResponses({ mode, onDrift: (d) => drifts.push(d) }));
    server.enqueue(response);
    const result = await call(lm).catch((e: unknown) => e);
    expect(JSON.stringify(drifts)).not.toContain(BODY_MARKER);
    return { found: drifts.map((d) => [d.status, d.pointer, d.problem, d.received]), drifts, result };
  }
  const drifting = () => JSON.stringify({ ...responseExample('retrieveUserDetails'), success: BODY_MARKER });
  const getDomain: Call = (lm) => lm.GET('/v1/domains/{id}', { params: { path: { id: 'cm4p0d3m00001lm08dom00001' } } });

  it('a 200 in text/plain carrying drifting JSON: not-json, and the body the application gets is checked too', async () => {
    const { found, drifts, result } = await answered({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: drifting() });
    expect(found).toEqual([
      [200, '', 'not-json', 'text/plain'],
      [200, '/success', 'wrong-type', 'string'],
    ]);
    expect(drifts[0]).toMatchObject({ expected: 'application/json', spec: { file: 'spec/paths/users.yaml' } });
    expect(result).toMatchObject({ data: { success: BODY_MARKER } });
  });

  it('a 200 with no content type: not-json', async () => {
    const { found } = await answered({ status: 200, body: JSON.stringify(responseExample('retrieveUserDetails')) });
    expect(found).toEqual([[200, '', 'not-json', 'no content type']]);
  });

  it('an empty 200 where the spec declares a JSON body: not-json, an empty body', async () => {
    const { found } = await answered({ status: 200, headers: { 'content-type': 'application/json', 'content-length': '0' }, body: '' });
    expect(found).toEqual([[200, '', 'not-json', 'an empty body (application/json)']]);
  });

  it('undeclared statuses whatever their type: an empty 204, an HTML 403, a text 502', async () => {
    const html = `<html><body>${BODY_MARKER}</body></html>`;
    expect((await answered({ status: 204 })).found).toEqual([[204, '', 'undeclared-status', '204']]);
    expect((await answered({ status: 403, headers: { 'content-type': 'text/html' }, body: html })).found).toEqual([[403, '', 'undeclared-status', '403']]);
    expect((await answered({ status: 502, headers: { 'content-type': 'text/plain' }, body: BODY_MARKER })).found).toEqual([[502, '', 'undeclared-status', '502']]);
  });

  it('a declared JSON status answered in HTML: not-json with the content type received, never the body', async () => {
    const html = { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<!doctype html><title>${BODY_MARKER}</title>` };
    const { found, drifts } = await answered(html, 'report', getDomain);
    expect(found).toEqual([[404, '', 'not-json', 'text/html']]);
    expect(drifts[0]!.spec).toEqual({ file: 'spec/paths/domains.yaml' });
    const { result } = await answered(html, 'throw', getDomain);
    expect(result).toBeInstanceOf(LiteMailDriftError);
    expect((result as Error).message).toMatch(/GET \/v1\/domains\/\{id\} \(getDomainDetails\) 404 \/: not-json, expected application\/json, received text\/html/);
    expect((result as Error).message).not.toContain(BODY_MARKER);
  });
});

describe('what one reporter keeps is bounded', () => {
  it('reports at most 1,000 distinct drifts, then one too-many-drifts, then nothing', async () => {
    const server = await startFaultServer();
    try {
      // 600 new unknown fields in each body, named with letters only (word-like, so each is shown and distinct).
      const letters = (n: number) => [n % 26, Math.floor(n / 26) % 26, Math.floor(n / 676)].map((i) => 'abcdefghijklmnopqrstuvwxyz'[i]).join('');
      let next = 0;
      server.handle(() => {
        const body = structuredClone(responseExample('retrieveUserDetails'));
        for (let i = 0; i < 600; i++) body.data[`field${letters(next++)}`] = 1;
        return { status: 200, body };
      });
      const lm = createLiteMailClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
      const drifts: Drift[] = [];
      lm.use(validateResponses({ onDrift: (d) => drifts.push(d) }));
      for (let i = 0; i < 4; i++) await lm.GET('/v1/users');
      expect(drifts).toHaveLength(1001);
      expect(drifts.slice(0, 1000).every((d) => d.problem === 'unknown-field')).toBe(true);
      expect(drifts[1000]).toMatchObject({ problem: 'too-many-drifts', pointer: '', expected: 'at most 1000 distinct drifts per reporter' });
      server.handle(() => ({ status: 200, body: { ...responseExample('retrieveUserDetails'), success: 'yes' } }));
      await lm.GET('/v1/users');
      expect(drifts).toHaveLength(1001);
    } finally {
      await server.close();
    }
  });
});

describe('the API key', () => {
  it('is in no drift, error message or printed line, even when the server echoes it in a deviating body', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const lm = createLiteMailClient({ apiKey: KEY, baseUrl: fake.url, maxRetries: 0 });
    const drifts: Drift[] = [];
    lm.use(validateResponses({ mode: 'throw', onDrift: (d) => drifts.push(d) }));
    lm.use(validateResponses());
    const errors = await Promise.all([lm.GET('/v1/webhooks'), lm.GET('/v1/export-history')].map((call) => call.catch((e: unknown) => e)));
    for (const error of errors) expect(error).toBeInstanceOf(LiteMailDriftError);
    expect(drifts.filter((d) => d.operationId === 'listExportHistory').map((d) => [d.pointer, d.problem])).toEqual([
      ['/data/echo', 'unknown-field'],
      ['/*', 'unknown-field'],
    ]);
    const texts = [JSON.stringify(drifts), ...errors.flatMap((error) => [JSON.stringify(error), String(error), (error as Error).message]), ...warn.mock.calls.flat().map(String)];
    expect(warn).toHaveBeenCalled();
    for (const text of texts) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(KEY.slice(8, -2));
      expect(text).not.toContain(VALUE);
    }
  });
  it('is in no drift as a field name, in any form a server might echo it (case, truncated, `.` for `_`, base64url, reversed)', async () => {
    const forms = [KEY.toLowerCase(), KEY.toUpperCase(), KEY.slice(0, -3), KEY.slice(3), KEY.replace(/_/g, '.'), btoa(KEY).replace(/=+$/, ''), [...KEY].reverse().join('')];
    const server = await startFaultServer();
    try {
      const body = structuredClone(responseExample('retrieveUserDetails'));
      for (const form of forms) body.data[form] = VALUE;
      server.enqueue({ status: 200, body });
      const lm = createLiteMailClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
      const drifts: Drift[] = [];
      lm.use(validateResponses({ onDrift: (d) => drifts.push(d) }));
      await lm.GET('/v1/users');
      expect(drifts.map((d) => [d.pointer, d.problem])).toEqual([['/data/*', 'unknown-field']]);
      const text = JSON.stringify(drifts).toLowerCase();
      for (const form of forms) expect(text).not.toContain(form.toLowerCase());
    } finally {
      await server.close();
    }
  });
});

describe('the documented responses of the spec', () => {
  it('every operation: each example of each status passes its own validator', () => {
    let checked = 0;
    const operations = new Set<string>();
    for (const { path, method, op } of listOperations(spec)) {
      for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
        for (const [name, example] of mediaExamples(deref(spec, response)?.content?.['application/json'])) {
          expect(checkResponse(method, path, Number(status), example), `${method} ${path} ${status} example "${name}"`).toEqual([]);
          checked++;
          operations.add(op.operationId);
        }
      }
    }
    expect(operations.size).toBe(listOperations(spec).length);
    expect(checked).toBeGreaterThan(5 * operations.size);
  });

  it('the validator is not vacuous: the same examples, changed, drift', () => {
    const example = responseExample('retrieveUserDetails');
    expect(checkResponse('GET', '/v1/users', 200, { ...example, extra: 1 }).map((d) => d.problem)).toEqual(['unknown-field']);
    expect(checkResponse('GET', '/v1/users', 200, { ...example, data: [] }).map((d) => [d.pointer, d.problem, d.expected, d.received])).toEqual([
      ['/data', 'wrong-type', 'object', 'array'],
    ]);
    expect(checkResponse('GET', '/v1/users', 200, null).map((d) => d.received)).toEqual(['null']);
    // The same problem in every item of a list: one drift, at the first item.
    const page = structuredClone(responseExample('retrieveMailboxes'));
    for (const mailbox of page.data.mailboxes) mailbox.status = 'SUSPENDED';
    expect(page.data.mailboxes.length).toBeGreaterThan(1);
    expect(checkResponse('GET', '/v1/mailboxes', 200, page).map((d) => [d.pointer, d.problem])).toEqual([['/data/mailboxes/0/status', 'not-in-enum']]);
    expect(checkResponse('GET', '/v1/users', 500, { success: false }).map((d) => [d.pointer, d.problem])).toEqual([['/message', 'missing-required']]);
    // Each drift names the schema it is about, even where two schemas look alike (both envelopes' `message`).
    expect(checkResponse('GET', '/v1/users', 500, { success: false, message: 42 }).map((d) => [d.pointer, d.expected, d.received, d.spec])).toEqual([
      ['/message', 'string', 'integer', { file: 'spec/openapi.yaml', schema: 'Error' }],
    ]);
  });
});
