// The mock's front server (scripts/mock/mock-front.mjs): what kills Prism 5.14 or gets a non-LiteMail
// answer from it is answered in LiteMail's error envelope and the mock lives on; lists page by
// `?page=N` for any HTTP client; everything else passes through intact and streamed.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMockFront } from '../../scripts/mock/mock-front.mjs';
import { refuses } from '../support/refuses.js';
import { responseExample, spec } from '../support/spec-examples.js';

const WORKSPACE = '/v1/workspaces/cm4w1k9s20001ws08acme00002';
const json = { 'x-api-key': 'lm_test_key', 'content-type': 'application/json' };

// The run's mock (test/support/prism-setup.ts), which the other spec files use too: what is sent
// here must not kill its Prism.
describe('the mock (front server + Prism)', () => {
  const mock = { url: '', prism: '' };
  beforeAll(async () => {
    mock.url = inject('prismUrl');
    mock.prism = inject('prismBackendUrl');
    await samePrismAnswers();
  });

  /** The Prism the run started still listens where it did: it did not die and get restarted on another port. */
  async function samePrismAnswers() {
    const own = await fetch(`${mock.prism}/v1/users`, { headers: { 'x-api-key': 'lm_test_key' } }).then((res) => res.status, String);
    expect(own, `the run's Prism at ${mock.prism} (it refuses once it has died)`).toBe(200);
  }

  async function stillAnswers() {
    await samePrismAnswers();
    const next = await fetch(`${mock.url}/v1/users`, { headers: { 'x-api-key': 'lm_test_key' } });
    expect(next.status).toBe(200);
  }

  it.each([
    ['a key with €', 'application/json', '{"name":"ok","€":1}', "found '\\\\u20ac'"],
    ['a key with an emoji', 'application/json; charset=utf-8', '{"name":"ok","📧":1}', "found '\\\\ud83d\\\\udce7'"],
    ['a +json media type', 'application/vnd.litemail+json', '{"name":"ok","€":1}', "found '\\\\u20ac'"],
  ])('answers an unexpected body key Prism cannot put in a header (%s) with the 400 envelope', async (_name, type, body, found) => {
    const res = await fetch(`${mock.url}${WORKSPACE}`, { method: 'PUT', headers: { ...json, 'content-type': type }, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ success: false, message: expect.any(String) });
    expect(res.headers.get('sl-violations')).toContain(found);
    await stillAnswers();
  });

  it('answers malformed JSON with the 400 envelope, not Prism’s invalid_json', async () => {
    const res = await fetch(`${mock.url}${WORKSPACE}`, { method: 'PUT', headers: json, body: '{"name":"ok",' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ success: false, message: 'The request body is not valid JSON.' });
    expect(JSON.parse(res.headers.get('sl-violations')!)).toEqual([expect.objectContaining({ code: 'invalid_json' })]);
    await stillAnswers();
  });

  it('still validates: a valid body gets 200, an ordinary unexpected key Prism’s 400', async () => {
    const ok = await fetch(`${mock.url}${WORKSPACE}`, { method: 'PUT', headers: json, body: '{"name":"Acme Q2"}' });
    expect(ok.status).toBe(200);
    const bad = await fetch(`${mock.url}${WORKSPACE}`, { method: 'PUT', headers: json, body: '{"name":"ok","x":1}' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('sl-violations')).toContain("found 'x'");
  });

  it('pages a list for a plain HTTP client: ?page=2 is the example "page2"', async () => {
    const res = await fetch(`${mock.url}/v1/domains?page=2&limit=2`, { headers: { 'x-api-key': 'lm_test_key' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(responseExample('retrieveDomains', 'page2'));
    const unpaged = await fetch(`${mock.url}/v1/domains?limit=2`, { headers: { 'x-api-key': 'lm_test_key' } });
    expect(await unpaged.json()).toEqual(responseExample('retrieveDomains', 'all'));
  });

  it('leaves a Prefer header the client sent alone', async () => {
    const res = await fetch(`${mock.url}/v1/domains?page=2`, { headers: { 'x-api-key': 'lm_test_key', prefer: 'example=page3' } });
    expect(await res.json()).toEqual(responseExample('retrieveDomains', 'page3'));
    const error = await fetch(`${mock.url}/v1/domains?page=2`, { headers: { 'x-api-key': 'lm_test_key', prefer: 'code=404' } });
    expect(error.status).toBe(404);
  });
});

// Against a local backend standing in for Prism, to see exactly what passes through.
describe('startMockFront passing requests through', () => {
  let backend: Server;
  let backendUrl: string;
  let front: Awaited<ReturnType<typeof startMockFront>>;
  let release: () => void = () => {};
  const received: { headers: IncomingMessage['headers']; body: Buffer }[] = [];

  beforeAll(async () => {
    backend = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push({ headers: req.headers, body });
        if (req.url === '/stream') {
          // Sends a first part, and the rest only once the client has read that part: a front
          // server that buffered responses would never deliver it.
          res.writeHead(207, { 'content-type': 'text/plain', 'x-trace': 'abc', 'set-cookie': ['a=1', 'b=2'] });
          res.write('first part;');
          release = () => res.end('second part');
          return;
        }
        res.writeHead(201, { 'content-type': 'application/octet-stream', 'x-sha256': createHash('sha256').update(body).digest('hex') });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as { port: number }).port}`;
    front = await startMockFront({ doc: spec, backend: async () => backendUrl });
  });
  afterAll(async () => {
    await front?.close();
    await new Promise((resolve) => backend?.close(resolve));
  });

  it.each([
    ['8 MB of binary', 'application/octet-stream', randomBytes(8 * 1024 * 1024)],
    ['a 4 MB JSON body', 'application/json', Buffer.from(JSON.stringify({ items: Array.from({ length: 60_000 }, (_, i) => ({ i, s: `é€${'x'.repeat(50)}` })) }))],
  ])('passes %s through byte for byte, both ways', async (_name, type, body) => {
    const res = await fetch(`${front.url}/echo`, { method: 'POST', headers: { 'content-type': type }, body });
    expect(res.status).toBe(201);
    const back = Buffer.from(await res.arrayBuffer());
    expect(back.length).toBe(body.length);
    expect(back.equals(body)).toBe(true);
    expect(res.headers.get('x-sha256')).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('forwards an unexpected key Prism cannot put in a header escaped, the rest of the body as sent', async () => {
    received.length = 0;
    await fetch(`${front.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[{"€x":"€"}],"b":1}' });
    expect(received[0]!.body.toString('utf8')).toBe('{"a":[{"\\\\u20acx":"€"}],"b":1}');
  });

  it('streams a response: status, headers and parts as the backend sends them', async () => {
    const res = await fetch(`${front.url}/stream`);
    expect(res.status).toBe(207);
    expect(res.headers.get('x-trace')).toBe('abc');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('first part;');
    release();
    let rest = '';
    for (let part = await reader.read(); !part.done; part = await reader.read()) rest += decoder.decode(part.value);
    expect(rest).toBe('second part');
  });

  it('answers with the envelope, not a hang, when Prism is not there', async () => {
    const down = await startMockFront({ doc: spec, backend: async () => 'http://127.0.0.1:9' });
    try {
      const res = await fetch(`${down.url}/v1/users`);
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ success: false, message: expect.stringMatching(/Prism/) });
    } finally {
      await down.close();
    }
  });

  it('leaves nothing listening once closed, even with a response still streaming', async () => {
    const other = await startMockFront({ doc: spec, backend: async () => backendUrl });
    const res = await fetch(`${other.url}/stream`);
    const reader = res.body!.getReader();
    await reader.read(); // the first part is through; the backend holds the rest
    await other.close();
    expect(await refuses(other.url)).toBe(true);
    release();
  });
});
