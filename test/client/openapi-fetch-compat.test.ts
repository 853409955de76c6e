// openapi-fetch compatibility: each documented openapi-fetch behaviour (createClient options,
// serializers, headers, middleware, parseAs, request(), bodiless statuses) is one row, run against
// bare openapi-fetch AND createLiteMailClient with the same expectations, against a real local
// server that counts the requests it saw. A row that fails for one subject only is a difference:
// either a bug, or one of the documented differences, which are tested on their own below and
// listed in the README ("Differences from openapi-fetch"; test/e2e/readme.test.ts keeps the two in step).
import createClient, { type Middleware } from 'openapi-fetch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { paths } from '../../generated/schema.js';
import {
  LiteMailConnectionError,
  LiteMailError,
  LiteMailParseError,
  LiteMailTimeoutError,
  createLiteMailClient,
  unwrap,
} from '../../src/index.js';
import { createClientOnClock } from '../../src/client.js';
import { EagerClock } from '../support/clock.js';
import { FaultServer, startFaultServer } from '../support/fault-server.js';
import { rejectionOf } from '../support/rejection.js';

const KEY = 'lm_compat_key_0123456789';
const USER = { success: true, data: { id: 'usr_1', email: 'ada@example.com' } };

/** The calls every subject offers, loosely typed: rows use paths outside the spec too. */
interface AnyClient {
  GET(path: string, init?: any): Promise<any>;
  POST(path: string, init?: any): Promise<any>;
  HEAD(path: string, init?: any): Promise<any>;
  request(method: string, path: string, init?: any): Promise<any>;
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}
type MakeClient = (options?: Record<string, unknown>) => AnyClient;

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

/**
 * createLiteMailClient, its waits on an EagerClock (test/support/clock.ts): the backoff before it
 * re-sends a request a refused connection never delivered takes no real time.
 */
const liteMail = (options: Record<string, unknown> = {}) =>
  createClientOnClock({ apiKey: KEY, baseUrl: server.url, ...options }, new EagerClock()) as unknown as AnyClient;

const SUBJECTS: [string, MakeClient][] = [
  ['openapi-fetch', (options = {}) => createClient<paths>({ baseUrl: server.url, ...options }) as unknown as AnyClient],
  ['createLiteMailClient', liteMail],
];

/** A base URL where nothing listens (a port that was free a moment ago). */
async function deadUrl(): Promise<string> {
  const probe = await startFaultServer();
  const url = probe.url;
  await probe.close();
  return url;
}

const seen = (n = 0) => server.requests[n]!;

interface Row {
  name: string;
  run(make: MakeClient): Promise<void>;
}

const ROWS: Row[] = [
  // ── createClient options ─────────────────────────────────────────────────────────────────
  {
    name: 'baseUrl: a trailing slash is dropped',
    async run(make) {
      server.enqueue({ body: USER });
      await make({ baseUrl: `${server.url}/` }).GET('/v1/users');
      expect(seen().path).toBe('/v1/users');
      expect(server.count).toBe(1);
    },
  },
  {
    name: "baseUrl per call overrides the client's",
    async run(make) {
      server.enqueue({ body: USER });
      const { data } = await make().GET('/v1/users', { baseUrl: `${server.url}/api/` });
      expect(data).toEqual(USER);
      expect(seen().path).toBe('/api/v1/users');
    },
  },
  {
    name: 'querySerializer default: arrays exploded, objects as deepObject, null and undefined left out, values encoded',
    async run(make) {
      server.enqueue({ body: USER });
      await make().GET('/q', { params: { query: { ids: ['a', 'b'], f: { x: '1' }, n: null, u: undefined, s: 'a b&c' } } });
      expect(seen().path).toBe('/q?ids=a&ids=b&f[x]=1&s=a%20b%26c');
    },
  },
  {
    name: 'querySerializer (client, options): unexploded pipe-delimited arrays',
    async run(make) {
      server.enqueue({ body: USER });
      await make({ querySerializer: { array: { style: 'pipeDelimited', explode: false } } }).GET('/q', {
        params: { query: { ids: ['a', 'b'] } },
      });
      expect(seen().path).toBe('/q?ids=a|b');
    },
  },
  {
    name: 'querySerializer (client, function) is called with the query',
    async run(make) {
      server.enqueue({ body: USER });
      await make({ querySerializer: (q: Record<string, unknown>) => `keys=${Object.keys(q).join(',')}` }).GET('/q', {
        params: { query: { a: 1, b: 2 } },
      });
      expect(seen().path).toBe('/q?keys=a,b');
    },
  },
  {
    name: "querySerializer per call: its options are merged over the client's",
    async run(make) {
      server.enqueue({ body: USER });
      await make({ querySerializer: { array: { style: 'pipeDelimited', explode: false } } }).GET('/q', {
        params: { query: { ids: ['a', 'b'], f: { x: '1', y: '2' } } },
        querySerializer: { object: { style: 'form', explode: false } },
      });
      expect(seen().path).toBe('/q?ids=a|b&f=x,1,y,2');
    },
  },
  {
    name: 'querySerializer allowReserved: reserved characters are sent as they are',
    async run(make) {
      server.enqueue({ body: USER }, { body: USER });
      const client = make({ querySerializer: { allowReserved: true } });
      await client.GET('/q', { params: { query: { u: 'a/b:c' } } });
      await make().GET('/q', { params: { query: { u: 'a/b:c' } } });
      expect(server.requests.map((r) => r.path)).toEqual(['/q?u=a/b:c', '/q?u=a%2Fb%3Ac']);
    },
  },
  {
    name: 'pathSerializer default: path parameters percent-encoded; label and matrix styles',
    async run(make) {
      server.enqueue({ body: USER }, { body: USER });
      const client = make();
      await client.GET('/items/{id}', { params: { path: { id: 'a/b c' } } });
      await client.GET('/m/{;id}/{.ext}', { params: { path: { id: 5, ext: 'json' } } });
      expect(server.requests.map((r) => r.path)).toEqual(['/items/a%2Fb%20c', '/m/;id=5/.json']);
    },
  },
  {
    name: 'pathSerializer (client) replaces the default',
    async run(make) {
      server.enqueue({ body: USER });
      const pathSerializer = (path: string, params: Record<string, unknown>) => path.replace('{id}', `id-${String(params.id)}`);
      await make({ pathSerializer }).GET('/items/{id}', { params: { path: { id: 7 } } });
      expect(seen().path).toBe('/items/id-7');
    },
  },
  {
    name: 'pathSerializer per call wins over the client one',
    async run(make) {
      server.enqueue({ body: USER });
      await make({ pathSerializer: () => '/client' }).GET('/items/{id}', {
        params: { path: { id: 7 } },
        pathSerializer: (path: string) => path.replace('{id}', 'call'),
      });
      expect(seen().path).toBe('/items/call');
    },
  },
  {
    name: 'body: JSON with Content-Type application/json; no Content-Type without a body',
    async run(make) {
      server.enqueue({ body: USER }, { body: USER });
      const client = make();
      await client.POST('/b', { body: { a: 1 } });
      await client.GET('/b');
      expect(seen(0)).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
      expect(seen(1).headers['content-type']).toBeUndefined();
    },
  },
  {
    name: 'body: form-urlencoded when that Content-Type is given; FormData as multipart',
    async run(make) {
      server.enqueue({ body: USER }, { body: USER });
      const client = make();
      await client.POST('/b', { body: { a: '1', b: '2' }, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      const form = new FormData();
      form.set('file', 'hello');
      await client.POST('/b', { body: form });
      expect(seen(0).body).toBe('a=1&b=2');
      expect(seen(1).headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(seen(1).body).toContain('hello');
    },
  },
  {
    name: 'bodySerializer (client), and per call over it',
    async run(make) {
      server.enqueue({ body: USER }, { body: USER });
      const client = make({ bodySerializer: (body: { n: number }) => `client:${body.n}` });
      await client.POST('/b', { body: { n: 1 } });
      await client.POST('/b', { body: { n: 2 }, bodySerializer: (body: { n: number }) => `call:${body.n}` });
      expect(server.requests.map((r) => r.body)).toEqual(['client:1', 'call:2']);
    },
  },
  {
    name: 'Request (client): a custom Request class builds the request',
    async run(make) {
      class TaggedRequest extends Request {
        readonly tag = 'client';
      }
      server.enqueue({ body: USER });
      const client = make({ Request: TaggedRequest });
      let tag: unknown;
      client.use({ onRequest: ({ request }) => void (tag = (request as TaggedRequest).tag) });
      await client.GET('/v1/users');
      expect(tag).toBe('client');
      expect(server.count).toBe(1);
    },
  },
  {
    name: 'Request per call',
    async run(make) {
      class CallRequest extends Request {
        readonly tag = 'call';
      }
      server.enqueue({ body: USER });
      let sent: Request | undefined;
      const fetch = (request: Request, init?: RequestInit) => ((sent = request), globalThis.fetch(request, init));
      await make({ fetch }).GET('/v1/users', { Request: CallRequest });
      expect(sent).toBeInstanceOf(CallRequest);
    },
  },
  {
    name: 'requestInitExt (e.g. an undici dispatcher) reaches fetch in its second argument',
    async run(make) {
      server.enqueue({ body: USER });
      // A stand-in key: a fake `dispatcher` would break the real fetch this one forwards to.
      const ext = { tlsProfile: { name: 'corporate-proxy' } };
      let second: any;
      const fetch = (request: Request, init?: RequestInit) => ((second = init), globalThis.fetch(request, init));
      const { data } = await make({ fetch, requestInitExt: ext }).GET('/v1/users');
      expect(data).toEqual(USER);
      expect(second.tlsProfile).toBe(ext.tlsProfile);
    },
  },
  {
    name: 'RequestInit fields given to createClient (credentials, cache, keepalive, referrerPolicy) are on the Request',
    async run(make) {
      server.enqueue({ body: USER }, { body: USER });
      const sent: Request[] = [];
      const fetch = (request: Request, init?: RequestInit) => (sent.push(request), globalThis.fetch(request, init));
      const client = make({ fetch, credentials: 'omit', cache: 'no-store', keepalive: true, referrerPolicy: 'no-referrer' });
      await client.GET('/v1/users');
      await client.GET('/v1/users', { cache: 'no-cache' });
      expect(sent.map((r) => [r.credentials, r.cache, r.keepalive, r.referrerPolicy])).toEqual([
        ['omit', 'no-store', true, 'no-referrer'],
        ['omit', 'no-cache', true, 'no-referrer'],
      ]);
    },
  },
  {
    name: 'init keys openapi-fetch does not know are set on the Request',
    async run(make) {
      server.enqueue({ body: USER });
      const client = make();
      let traceTag: unknown;
      client.use({ onRequest: ({ request }) => void (traceTag = (request as Request & { traceTag?: string }).traceTag) });
      await client.GET('/v1/users', { traceTag: 'checkout-42' });
      expect(traceTag).toBe('checkout-42');
    },
  },
  {
    name: "fetch per call replaces the client's fetch",
    async run(make) {
      const calls: string[] = [];
      const clientFetch = async () => (calls.push('client'), Response.json(USER));
      const callFetch = async () => (calls.push('call'), Response.json(USER));
      const { data } = await make({ fetch: clientFetch }).GET('/v1/users', { fetch: callFetch });
      expect(data).toEqual(USER);
      expect(calls).toEqual(['call']);
    },
  },
  {
    name: 'a custom fetch returning a Response subclass: result.response is that subclass, on success and on error',
    async run(make) {
      class TracedResponse extends Response {
        readonly traced = true;
      }
      const fetch = async (request: Request, init?: RequestInit) => {
        const real = await globalThis.fetch(request, init);
        return new TracedResponse(await real.text(), { status: real.status, headers: real.headers });
      };
      server.enqueue({ body: USER }, { status: 404, body: { success: false, message: 'No such user' } });
      const client = make({ fetch });
      const ok = await client.GET('/v1/users');
      const missing = await client.GET('/v1/users');
      expect(ok.response).toBeInstanceOf(TracedResponse);
      expect(ok.data).toEqual(USER);
      expect(missing.response).toBeInstanceOf(TracedResponse);
      expect(missing.error).toEqual({ success: false, message: 'No such user' });
      expect(server.count).toBe(2);
    },
  },

  // ── headers ──────────────────────────────────────────────────────────────────────────────
  {
    name: 'headers (client): a Headers object',
    async run(make) {
      server.enqueue({ body: USER });
      await make({ headers: new Headers({ 'x-tenant': 'acme' }) }).GET('/v1/users');
      expect(seen().headers['x-tenant']).toBe('acme');
    },
  },
  {
    name: 'headers (client): a record with numbers, booleans and arrays',
    async run(make) {
      server.enqueue({ body: USER });
      await make({ headers: { 'x-n': 5, 'x-b': true, 'x-a': ['1', '2'] } }).GET('/v1/users');
      expect(seen().headers).toMatchObject({ 'x-n': '5', 'x-b': 'true', 'x-a': '1, 2' });
    },
  },
  {
    name: 'headers precedence: client, then call headers, then params.header',
    async run(make) {
      server.enqueue({ body: USER }, { body: USER });
      const client = make({ headers: { 'x-p': 'client', 'x-q': 'client' } });
      await client.GET('/v1/users', { headers: { 'x-p': 'call' } });
      await client.GET('/v1/users', { headers: { 'x-p': 'call' }, params: { header: { 'x-p': 'param' } } });
      expect(server.requests.map((r) => [r.headers['x-p'], r.headers['x-q']])).toEqual([
        ['call', 'client'],
        ['param', 'client'],
      ]);
    },
  },
  {
    name: 'headers: null in a call removes a client header',
    async run(make) {
      server.enqueue({ body: USER });
      await make({ headers: { 'x-drop': 'yes', 'x-keep': 'yes' } }).GET('/v1/users', { headers: { 'x-drop': null } });
      expect(seen().headers['x-drop']).toBeUndefined();
      expect(seen().headers['x-keep']).toBe('yes');
    },
  },

  // ── middleware ───────────────────────────────────────────────────────────────────────────
  {
    name: 'middleware: onRequest in registration order, onResponse in reverse; per-call middleware after the client ones',
    async run(make) {
      server.enqueue({ body: USER });
      const order: string[] = [];
      const named = (name: string): Middleware => ({
        onRequest: () => void order.push(`${name}:request`),
        onResponse: () => void order.push(`${name}:response`),
      });
      const client = make();
      client.use(named('a'), named('b'));
      await client.GET('/v1/users', { middleware: [named('call')] });
      expect(order).toEqual(['a:request', 'b:request', 'call:request', 'call:response', 'b:response', 'a:response']);
      expect(server.count).toBe(1);
    },
  },
  {
    name: 'middleware: eject removes it',
    async run(make) {
      server.enqueue({ body: USER });
      const order: string[] = [];
      const a: Middleware = { onRequest: () => void order.push('a') };
      const b: Middleware = { onRequest: () => void order.push('b') };
      const client = make();
      client.use(a, b);
      client.eject(a);
      await client.GET('/v1/users');
      expect(order).toEqual(['b']);
    },
  },
  {
    name: 'middleware: use() refuses an object without onRequest, onResponse or onError',
    async run(make) {
      expect(() => make().use({} as Middleware)).toThrow(/Middleware must be an object with one of/);
    },
  },
  {
    name: 'middleware params: schemaPath, params, a shared id, frozen options',
    async run(make) {
      server.enqueue({ body: USER });
      const got: Record<string, unknown> = {};
      const client = make();
      client.use({
        onRequest({ schemaPath, params, id, options }) {
          Object.assign(got, { schemaPath, params, requestId: id, parseAs: options.parseAs, frozen: Object.isFrozen(options) });
          got.baseUrl = options.baseUrl;
          got.fetchIsFunction = typeof options.fetch === 'function';
        },
        onResponse({ id }) {
          got.responseId = id;
        },
      });
      await client.GET('/items/{id}', { params: { path: { id: '9' }, query: { q: 'x' } }, parseAs: 'text' });
      expect(got).toMatchObject({
        schemaPath: '/items/{id}',
        params: { path: { id: '9' }, query: { q: 'x' } },
        parseAs: 'text',
        frozen: true,
        baseUrl: server.url,
        fetchIsFunction: true,
      });
      expect(typeof got.requestId).toBe('string');
      expect(got.responseId).toBe(got.requestId);
    },
  },
  {
    name: 'onRequest returning a Request: that request is sent',
    async run(make) {
      server.enqueue({ body: USER });
      const client = make();
      client.use({ onRequest: ({ request }) => new Request(`${server.url}/replaced`, { headers: request.headers }) });
      const { data } = await client.GET('/v1/users');
      expect(data).toEqual(USER);
      expect(seen().path).toBe('/replaced');
    },
  },
  {
    name: 'onRequest returning a Response: nothing is sent, that response is the result',
    async run(make) {
      const client = make();
      client.use({ onRequest: () => Response.json({ cached: true }) });
      const { data, response } = await client.GET('/v1/users');
      expect(data).toEqual({ cached: true });
      expect(response.status).toBe(200);
      expect(server.count).toBe(0);
    },
  },
  {
    name: 'onResponse returning a Response replaces it; returning nothing keeps it',
    async run(make) {
      server.enqueue({ body: USER }, { body: USER });
      const client = make();
      const replace: Middleware = { onResponse: () => Response.json({ replaced: true }, { status: 201 }) };
      const replaced = await client.GET('/v1/users', { middleware: [replace] });
      const kept = await client.GET('/v1/users', { middleware: [{ onResponse: () => undefined }] });
      expect([replaced.data, replaced.response.status]).toEqual([{ replaced: true }, 201]);
      expect(kept.data).toEqual(USER);
    },
  },
  {
    name: "onRequest or onResponse returning something else: openapi-fetch's own error",
    async run(make) {
      server.enqueue({ body: USER });
      const badRequest = await rejectionOf(make().GET('/v1/users', { middleware: [{ onRequest: () => ({}) as Request }] }));
      const badResponse = await rejectionOf(make().GET('/v1/users', { middleware: [{ onResponse: () => ({}) as Response }] }));
      expect(badRequest.message).toMatch(/^onRequest: must return new Request\(\) or Response\(\)/);
      expect(badResponse.message).toMatch(/^onResponse: must return new Response\(\)/);
      expect(server.count).toBe(1);
    },
  },
  {
    name: 'an error thrown in onRequest reaches the caller unchanged; nothing is sent',
    async run(make) {
      const thrown = new RangeError('bad tenant');
      const error = await rejectionOf(make().GET('/v1/users', { middleware: [{ onRequest: () => Promise.reject(thrown) }] }));
      expect(error).toBe(thrown);
      expect(server.count).toBe(0);
    },
  },
  {
    name: 'a TypeError thrown in onResponse reaches the caller unchanged',
    async run(make) {
      server.enqueue({ body: USER });
      const thrown = new TypeError('cannot read x of undefined');
      const client = make();
      client.use({
        onResponse: () => {
          throw thrown;
        },
      });
      expect(await rejectionOf(client.GET('/v1/users'))).toBe(thrown);
      expect(server.count).toBe(1);
    },
  },
  {
    name: 'a SyntaxError thrown in onResponse (e.g. its own JSON.parse) reaches the caller unchanged',
    async run(make) {
      server.enqueue({ body: USER });
      let thrown: unknown;
      const middleware: Middleware = {
        onResponse: () => {
          try {
            JSON.parse('{not json');
          } catch (error) {
            thrown = error;
            throw error;
          }
        },
      };
      const error = await rejectionOf(make().GET('/v1/users', { middleware: [middleware] }));
      expect(error).toBeInstanceOf(SyntaxError);
      expect(error).toBe(thrown);
    },
  },
  {
    name: 'a body consumed by onResponse: the read that follows rejects with a TypeError, not a client error',
    async run(make) {
      server.enqueue({ body: USER });
      let peeked: unknown;
      const client = make();
      client.use({ onResponse: async ({ response }) => void (peeked = await response.json()) });
      const error = await rejectionOf(client.GET('/v1/users'));
      expect(peeked).toEqual(USER);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).not.toBeInstanceOf(LiteMailError);
    },
  },
  {
    name: 'onError returning a Response recovers from a failed fetch',
    async run(make) {
      // POST to a path outside the spec. A refused connection delivered nothing, so the LiteMail
      // client sends it again after its backoff (on the EagerClock); openapi-fetch tries once.
      const client = make({ baseUrl: await deadUrl() });
      client.use({ onError: () => Response.json({ fallback: true }) });
      const { data } = await client.POST('/outside-the-spec', { body: {} });
      expect(data).toEqual({ fallback: true });
    },
  },
  {
    name: 'onError returning an Error: the caller gets that error; returning nothing: the caller gets what onError saw',
    async run(make) {
      const replacement = new Error('offline, try later');
      const client = make({ baseUrl: await deadUrl() });
      const replaced = await rejectionOf(client.POST('/outside-the-spec', { body: {}, middleware: [{ onError: () => replacement }] }));
      let sawError: unknown;
      const untouched = await rejectionOf(
        client.POST('/outside-the-spec', { body: {}, middleware: [{ onError: ({ error }: { error: unknown }) => void (sawError = error) }] }),
      );
      expect(replaced).toBe(replacement);
      expect(sawError).toBeInstanceOf(Error);
      expect(untouched).toBe(sawError);
    },
  },
  {
    name: 'onError is not called for an HTTP error status',
    async run(make) {
      server.enqueue({ status: 404, body: { success: false, message: 'No such user' } });
      let called = false;
      const { error, response } = await make().GET('/v1/users', { middleware: [{ onError: () => void (called = true) }] });
      expect([called, response.status, error]).toEqual([false, 404, { success: false, message: 'No such user' }]);
    },
  },

  // ── parseAs and bodies ───────────────────────────────────────────────────────────────────
  {
    name: 'parseAs: json (default), text, blob, arrayBuffer, stream on a success',
    async run(make) {
      for (let i = 0; i < 5; i++) server.enqueue({ body: USER });
      const client = make();
      const text = JSON.stringify(USER);
      expect((await client.GET('/v1/users')).data).toEqual(USER);
      expect((await client.GET('/v1/users', { parseAs: 'text' })).data).toBe(text);
      expect(await (await client.GET('/v1/users', { parseAs: 'blob' })).data.text()).toBe(text);
      expect(new TextDecoder().decode((await client.GET('/v1/users', { parseAs: 'arrayBuffer' })).data)).toBe(text);
      expect(await new Response((await client.GET('/v1/users', { parseAs: 'stream' })).data).text()).toBe(text);
      expect(server.count).toBe(5);
    },
  },
  {
    name: 'parseAs on an error status: the error body is still parsed as JSON (or kept as text)',
    async run(make) {
      server.enqueue(
        { status: 404, body: { success: false, message: 'No such user' } },
        { status: 400, headers: { 'content-type': 'text/html' }, body: '<h1>Bad</h1>' },
      );
      const client = make();
      const json = await client.GET('/v1/users', { parseAs: 'blob' });
      const html = await client.GET('/v1/users', { parseAs: 'stream' });
      expect([json.data, json.error]).toEqual([undefined, { success: false, message: 'No such user' }]);
      expect([html.data, html.error]).toEqual([undefined, '<h1>Bad</h1>']);
    },
  },
  {
    name: "an unknown parseAs: openapi-fetch's TypeError reaches the caller as is",
    async run(make) {
      server.enqueue({ body: USER });
      const error = await rejectionOf(make().GET('/v1/users', { parseAs: 'yaml' }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error).not.toBeInstanceOf(LiteMailError);
    },
  },
  {
    name: 'an empty JSON success sent chunked (no Content-Length): data undefined',
    async run(make) {
      server.enqueue({ chunked: true, headers: { 'content-type': 'application/json' }, body: '' });
      const result = await make().GET('/v1/users');
      expect([result.data, result.error, result.response.status]).toEqual([undefined, undefined, 200]);
    },
  },
  {
    name: 'Content-Length: 0 with a JSON content type: data (or error) undefined',
    async run(make) {
      server.enqueue(
        { headers: { 'content-type': 'application/json', 'content-length': 0 } },
        { status: 404, headers: { 'content-type': 'application/json', 'content-length': 0 } },
      );
      const client = make();
      const ok = await client.GET('/v1/users');
      const missing = await client.GET('/v1/users');
      expect([ok.data, ok.error, ok.response.status]).toEqual([undefined, undefined, 200]);
      expect([missing.data, missing.error, missing.response.status]).toEqual([undefined, undefined, 404]);
      expect(server.count).toBe(2);
    },
  },

  // ── statuses without a body, HEAD ────────────────────────────────────────────────────────
  {
    name: '204 and 205: data undefined, sent once',
    async run(make) {
      server.enqueue({ status: 204 }, { status: 205 });
      const client = make();
      const noContent = await client.request('delete', '/v1/webhooks/{id}', { params: { path: { id: 'wh_1' } } });
      const reset = await client.POST('/outside-the-spec', { body: {} });
      expect([noContent.data, noContent.error, noContent.response.status]).toEqual([undefined, undefined, 204]);
      expect([reset.data, reset.error, reset.response.status]).toEqual([undefined, undefined, 205]);
      expect(server.count).toBe(2);
    },
  },
  {
    name: "304 Not Modified on a conditional GET: a result (not ok, empty error), sent once, If-None-Match sent",
    async run(make) {
      server.enqueue({ status: 304, headers: { etag: '"v1"' } });
      const { data, error, response } = await make().GET('/v1/users', { headers: { 'If-None-Match': '"v1"' } });
      expect([data, error, response.status, response.ok, response.headers.get('etag')]).toEqual([undefined, '', 304, false, '"v1"']);
      expect(seen().headers['if-none-match']).toBe('"v1"');
      expect(server.count).toBe(1);
    },
  },
  {
    name: 'HEAD: data (or error) undefined, the body is not read, sent once',
    async run(make) {
      server.enqueue({ body: USER }, { status: 404, body: { success: false, message: 'No such user' } });
      const client = make();
      const ok = await client.HEAD('/v1/users');
      const missing = await client.request('head', '/v1/users');
      expect([ok.data, ok.error, ok.response.status]).toEqual([undefined, undefined, 200]);
      expect([missing.data, missing.error, missing.response.status]).toEqual([undefined, undefined, 404]);
      expect(server.requests.map((r) => r.method)).toEqual(['HEAD', 'HEAD']);
    },
  },

  // ── client.request ───────────────────────────────────────────────────────────────────────
  {
    name: 'request(method, path, init): the method as an argument, lower or upper case, same result as the method call',
    async run(make) {
      server.enqueue({ body: USER }, { body: USER }, { body: USER });
      const client = make();
      const viaRequest = await client.request('get', '/v1/users', { params: { query: { q: '1' } } });
      const viaGet = await client.GET('/v1/users', { params: { query: { q: '1' } } });
      await client.request('POST', '/b', { body: { a: 1 } });
      expect(viaRequest.data).toEqual(viaGet.data);
      expect(server.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
        'GET /v1/users?q=1 ',
        'GET /v1/users?q=1 ',
        'POST /b {"a":1}',
      ]);
    },
  },

  // ── abort ────────────────────────────────────────────────────────────────────────────────
  {
    name: 'signal per call: an abort rejects with the AbortError, sent once',
    async run(make) {
      server.enqueue({ hang: true });
      const controller = new AbortController();
      const pending = make().GET('/v1/users', { signal: controller.signal });
      await server.waitForRequests(1);
      controller.abort();
      const error = await rejectionOf(pending);
      expect(error.name).toBe('AbortError');
      expect(server.count).toBe(1);
    },
  },
  {
    name: 'signal given to createClient (a RequestInit field): an aborted one stops every call',
    async run(make) {
      const controller = new AbortController();
      controller.abort();
      const error = await rejectionOf(make({ signal: controller.signal }).GET('/v1/users'));
      expect(error.name).toBe('AbortError');
      expect(server.count).toBe(0);
    },
  },
];

describe.each(SUBJECTS)('%s behaves as openapi-fetch documents', (_subject, make) => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    await row.run(make);
  });
});

// ── The documented differences (README: "Differences from openapi-fetch") ──────────────────
// Each test's name starts with the difference's id from the README table.
const openapiFetch = SUBJECTS[0]![1];

describe('documented differences from openapi-fetch', () => {
  it('api-key: every request carries x-api-key (over a same-named header); openapi-fetch sends none', async () => {
    server.enqueue({ body: USER }, { body: USER });
    await liteMail({ headers: { 'X-Api-Key': 'not-the-key' } }).GET('/v1/users');
    await openapiFetch().GET('/v1/users');
    expect(seen(0).headers['x-api-key']).toBe(KEY);
    expect(seen(1).headers['x-api-key']).toBeUndefined();
  });

  it('redirects: a redirect is refused with a LiteMailError, never followed (openapi-fetch follows it)', async () => {
    server.handle((request) => (request.path === '/v1/users' ? { status: 302, headers: { location: '/elsewhere' } } : { body: USER }));
    const error = await rejectionOf(liteMail({ redirect: 'follow' }).GET('/v1/users'));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toMatch(/redirected .*not followed/);
    expect(server.count).toBe(1);
    const { data } = await openapiFetch().GET('/v1/users');
    expect(data).toEqual(USER);
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/users', '/v1/users', '/elsewhere']);
  });

  it('plain-http: http:// only for loopback hosts, for the client and per call (openapi-fetch takes any URL)', async () => {
    expect(() => createLiteMailClient({ apiKey: KEY, baseUrl: 'http://api.example.com' })).toThrow(/plain http/);
    const error = await rejectionOf(liteMail().GET('/v1/users', { baseUrl: 'http://api.example.com' }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect(error.message).toMatch(/plain http/);
    expect(() => createClient<paths>({ baseUrl: 'http://api.example.com' })).not.toThrow();
  });

  it('network-errors: a failed connection is a LiteMailConnectionError (cause: what fetch threw), also in onError; openapi-fetch passes the TypeError on', async () => {
    const baseUrl = await deadUrl();
    let sawInOnError: unknown;
    const onError: Middleware = { onError: ({ error }) => void (sawInOnError = error) };
    const ours = await rejectionOf(liteMail({ baseUrl, maxRetries: 0 }).GET('/v1/users', { middleware: [onError] }));
    const theirs = await rejectionOf(openapiFetch({ baseUrl }).GET('/v1/users'));
    expect(ours).toBeInstanceOf(LiteMailConnectionError);
    expect(ours.cause).toBeInstanceOf(TypeError);
    expect(sawInOnError).toBe(ours);
    expect(theirs).toBeInstanceOf(TypeError);
  });

  it('retries: a retryable failure of an operation that may be re-sent is retried beneath the middleware (once per call)', async () => {
    const busy = { status: 503, headers: { 'retry-after': '0' }, body: { success: false, message: 'busy' } };
    server.enqueue(busy, busy, { body: USER }, busy);
    let onRequestCalls = 0;
    const counting: Middleware = { onRequest: () => void onRequestCalls++ };
    const ours = await liteMail().GET('/v1/users', { middleware: [counting] });
    expect([ours.data, server.count, onRequestCalls]).toEqual([USER, 3, 1]);
    const theirs = await openapiFetch().GET('/v1/users');
    expect([theirs.response.status, server.count]).toEqual([503, 4]);
  });

  it('timeouts: an attempt slower than timeoutMs is a LiteMailTimeoutError (openapi-fetch waits)', async () => {
    // Both answers are held until ours has given up (its deadline is on the real clock), 2 s at
    // most: a client that never times out gets its answer and fails here instead of hanging.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const atMost = new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref());
    server.handle(async () => {
      await Promise.race([held, atMost]);
      return { body: USER };
    });
    const theirsCall = openapiFetch().GET('/v1/users');
    const ours = await rejectionOf(liteMail({ timeoutMs: 150, maxRetries: 0 }).GET('/v1/users'));
    release();
    const theirs = await theirsCall;
    expect(ours).toBeInstanceOf(LiteMailTimeoutError);
    expect(theirs.data).toEqual(USER);
    expect(server.count).toBe(2);
  });

  it('body-failures: a success body that is not JSON is a LiteMailParseError (openapi-fetch: the SyntaxError)', async () => {
    const broken = { headers: { 'content-type': 'application/json' }, body: '{"success": tru' };
    server.enqueue(broken, broken);
    const ours = await rejectionOf(liteMail().GET('/v1/users'));
    const theirs = await rejectionOf(openapiFetch().GET('/v1/users'));
    expect(ours).toBeInstanceOf(LiteMailParseError);
    expect(ours.cause).toBeInstanceOf(SyntaxError);
    expect(theirs).toBeInstanceOf(SyntaxError);
    expect(server.count).toBe(2);
  });

  it('redaction: an error body that echoes the key is handed on redacted, in a plain Response (openapi-fetch: as sent)', async () => {
    class TracedResponse extends Response {}
    const fetch = async (request: Request, init?: RequestInit) => {
      const real = await globalThis.fetch(request, init);
      return new TracedResponse(await real.text(), { status: real.status, headers: real.headers });
    };
    const echo = { status: 401, body: { success: false, message: `bad key ${KEY}` } };
    server.enqueue(echo, echo);
    const ours = await liteMail({ fetch }).GET('/v1/users');
    const theirs = await openapiFetch({ fetch, headers: { 'x-api-key': KEY } }).GET('/v1/users');
    expect(ours.error.message).toBe('bad key [redacted]');
    expect(ours.response).not.toBeInstanceOf(TracedResponse);
    expect(theirs.error.message).toBe(`bad key ${KEY}`);
  });

  it("fetch-init: the fetch's second argument holds signal and redirect: 'manual' besides requestInitExt (openapi-fetch: requestInitExt alone)", async () => {
    server.enqueue({ body: USER }, { body: USER });
    const seconds: any[] = [];
    const fetch = (request: Request, init?: RequestInit) => (seconds.push(init), globalThis.fetch(request, init));
    await liteMail({ fetch, requestInitExt: { marker: 1 } }).GET('/v1/users');
    await openapiFetch({ fetch, requestInitExt: { marker: 1 } }).GET('/v1/users');
    expect(seconds[0]).toMatchObject({ marker: 1, redirect: 'manual' });
    expect(seconds[0].signal).toBeInstanceOf(AbortSignal);
    expect(seconds[1]).toEqual({ marker: 1 });
  });

  it('call-options: timeoutMs and maxRetries are the client’s per-call options, not set on the Request', async () => {
    server.enqueue({ body: USER }, { body: USER });
    const onTheRequest: unknown[] = [];
    const spy: Middleware = { onRequest: ({ request }) => void onTheRequest.push((request as Request & { timeoutMs?: number }).timeoutMs) };
    await liteMail().GET('/v1/users', { timeoutMs: 5_000, middleware: [spy] });
    await openapiFetch().GET('/v1/users', { timeoutMs: 5_000, middleware: [spy] });
    expect(onTheRequest).toEqual([undefined, 5_000]);
  });

  it('header-pairs: headers as [name, value] pairs are sent as those headers (openapi-fetch 0.17 sends headers named 0, 1, …)', async () => {
    server.enqueue({ body: USER }, { body: USER });
    const pairs: [string, string][] = [
      ['x-tenant', 'acme'],
      ['x-region', 'eu'],
    ];
    await liteMail({ headers: pairs }).GET('/v1/users', { headers: [['x-call', 'yes']] });
    await openapiFetch({ headers: pairs }).GET('/v1/users');
    expect(seen(0).headers).toMatchObject({ 'x-tenant': 'acme', 'x-region': 'eu', 'x-call': 'yes' });
    expect(seen(0).headers['0']).toBeUndefined();
    expect(seen(1).headers).toMatchObject({ '0': 'x-tenant, acme', '1': 'x-region, eu' });
  });

  it('no-trace: there is no TRACE method (fetch forbids it, the spec has no TRACE operation)', async () => {
    expect('TRACE' in liteMail()).toBe(false);
    expect(await rejectionOf((openapiFetch() as any).TRACE('/v1/users'))).toBeInstanceOf(TypeError);
    expect(server.count).toBe(0);
  });

  it('concurrency: at most 16 requests of a client are in flight by default, the others wait their turn (openapi-fetch sends all at once)', async () => {
    /** Holds every answer until `release()`, so the requests in flight can be counted. */
    const holdAnswers = () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      server.handle(async () => {
        await held;
        return { body: USER };
      });
      return release;
    };
    let release = holdAnswers();
    // Without a cap, every call reaches fetch at once, before any request reaches the server.
    let fetched = 0;
    const fetch = (request: Request, init?: RequestInit) => (fetched++, globalThis.fetch(request, init));
    const ours = liteMail({ fetch });
    const calls = Array.from({ length: 20 }, () => ours.GET('/v1/users'));
    await server.waitForRequests(16);
    expect(fetched).toBe(16);
    expect(server.count).toBe(16);
    release();
    expect((await Promise.all(calls)).every((r) => r.data?.success)).toBe(true);
    expect(server.count).toBe(20);

    server.reset();
    release = holdAnswers();
    const theirs = Array.from({ length: 20 }, () => openapiFetch().GET('/v1/users'));
    await server.waitForRequests(20); // all twenty at once: a cap would leave this waiting
    release();
    await Promise.all(theirs);
    expect(server.count).toBe(20);
  });

  it('unwrap: 304 (and any non-2xx) is thrown only by unwrap, as a LiteMailApiError with that status', async () => {
    server.enqueue({ status: 304 });
    const result = await liteMail().GET('/v1/users', { headers: { 'If-None-Match': '"v1"' } });
    expect(result.response.status).toBe(304);
    const error = await rejectionOf(unwrap(result));
    expect(error.status).toBe(304);
    expect(error.message).toBe('GET /v1/users failed with 304: HTTP 304 Not Modified');
    expect(server.count).toBe(1);
  });
});
