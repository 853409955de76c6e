// The front server of the mock: a small HTTP server on 127.0.0.1 that every client of the mock
// talks to, in front of Prism. It exists for what Prism 5.14 gets wrong:
// - A JSON body with an unexpected key holding a character above U+00FF kills Prism: it copies the
//   key into its `sl-violations` header and Node refuses the header. Such keys are forwarded
//   escaped (`€` → the six characters `\u20ac`), so Prism validates the same shape and answers as
//   it does for any unexpected key (the operation's 400, LiteMail's error envelope).
// - Malformed JSON gets Prism's own `{"error":{"code":"invalid_json"}}`; here it gets LiteMail's
//   error envelope, built from the spec's Error schema.
// - Prism serves a list's default example whatever page is asked for; here `GET <list>?page=N`
//   asks Prism for the list's example named `pageN` (when the spec has one and the client sent no
//   `Prefer` header), so any HTTP client can walk the mock's pages.
// Everything else passes through unchanged and streamed (status, end-to-end headers, body).
import { request as httpRequest, createServer } from 'node:http';
import { unescapeToken } from '../lib/json-pointer.mjs';
import { listOperations } from '../spec/spec.mjs';

// Connection-level headers: they describe one hop, so each hop sets its own.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);
// Prism parses these media types as JSON (application/json, application/*+json, with parameters).
const JSON_MEDIA = /^application\/([\w.-]+\+)?json\s*(;|$)/i;
// What Node accepts in a header value is Latin-1; Prism's violation header carries body keys.
const NOT_LATIN1 = /[^\u0000-\u00ff]/;
const NOT_LATIN1_ALL = /[^\u0000-\u00ff]/g;

/**
 * LiteMail's error body, shaped by the spec's Error schema: its required constants (e.g.
 * `success: false`) and the message at the pointer `x-litemail-error-message` names.
 * @param {any} doc the bundled spec
 * @returns {(message: string) => Record<string, unknown>}
 */
export function errorEnvelope(doc) {
  const schema = doc.components?.schemas?.Error;
  const pointer = schema?.['x-litemail-error-message'];
  if (!schema || typeof pointer !== 'string' || !/^\/[^/]+$/.test(pointer)) {
    throw new Error('The spec needs components.schemas.Error with x-litemail-error-message (a top-level JSON pointer, e.g. /message)');
  }
  const constants = Object.entries(schema.properties ?? {}).filter(([name, property]) => schema.required?.includes(name) && 'const' in property);
  const messageKey = unescapeToken(pointer.slice(1));
  return (message) => ({ ...Object.fromEntries(constants.map(([name, property]) => [name, property.const])), [messageKey]: message });
}

/**
 * Which example a paged list should answer with: `GET /v1/domains?page=2` → `page2`, when the
 * list's 200 response has that named example.
 * @param {any} doc the bundled spec
 * @returns {(method: string, url: URL) => string | undefined}
 */
export function pageExamples(doc) {
  const pageParam = doc.components?.schemas?.Pagination?.['x-litemail-paging']?.pageParam;
  const lists = listOperations(doc).flatMap(({ path, method, op }) => {
    const examples = op.responses?.['200']?.content?.['application/json']?.examples ?? {};
    if (method !== 'GET' || !pageParam || !examples.page1) return [];
    const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return [{ pattern, names: new Set(Object.keys(examples)) }];
  });
  return (method, url) => {
    if (method !== 'GET') return undefined;
    // Without a page number the list's default example answers (the whole list, on one page).
    const page = url.searchParams.get(pageParam);
    const list = page === null ? undefined : lists.find(({ pattern }) => pattern.test(url.pathname));
    return list?.names.has(`page${page}`) ? `page${page}` : undefined;
  };
}

/** `value` with every object key Prism could not put in a header escaped; the same object when none needs it. */
export function headerSafeKeys(value) {
  if (Array.isArray(value)) {
    const items = value.map(headerSafeKeys);
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (value === null || typeof value !== 'object') return value;
  let changed = false;
  const entries = Object.entries(value).map(([key, item]) => {
    const safeKey = NOT_LATIN1.test(key) ? key.replace(NOT_LATIN1_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : key;
    const safeItem = headerSafeKeys(item);
    if (safeKey !== key || safeItem !== item) changed = true;
    return [safeKey, safeItem];
  });
  return changed ? Object.fromEntries(entries) : value;
}

function endToEnd(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

function readAll(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

/**
 * Starts the front server on 127.0.0.1 (`port`, or one the OS picks).
 * @param {{ doc: any, backend: () => Promise<string>, port?: number }} options
 *   `backend` resolves to the URL of the Prism to forward to (it may change when Prism is restarted).
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startMockFront({ doc, backend, port = 0 }) {
  const envelope = errorEnvelope(doc);
  const pageExample = pageExamples(doc);

  /** An answer of the front server itself, with a Prism-style violation header saying why. */
  function answer(res, status, code, message) {
    const body = JSON.stringify(envelope(message));
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'sl-violations': JSON.stringify([{ location: ['request'], severity: 'Error', code, message }]),
      // As Prism does, so a page on another origin can read the answer.
      'access-control-allow-origin': '*',
      'access-control-expose-headers': '*',
    });
    res.end(body);
  }

  async function handle(req, res) {
    const headers = endToEnd(req.headers);
    const url = new URL(req.url ?? '/', 'http://front.invalid');
    const example = headers.prefer === undefined ? pageExample(req.method ?? 'GET', url) : undefined;
    if (example) headers.prefer = `example=${example}`;

    let body; // undefined: stream the request body through as it comes
    if (JSON_MEDIA.test(req.headers['content-type'] ?? '')) {
      const raw = await readAll(req);
      body = raw;
      if (raw.length > 0) {
        let parsed;
        try {
          parsed = JSON.parse(raw.toString('utf8'));
        } catch {
          // Not the parser's message: newer engines quote part of the body, which may hold a key.
          return answer(res, 400, 'invalid_json', 'The request body is not valid JSON.');
        }
        const safe = headerSafeKeys(parsed);
        if (safe !== parsed) body = Buffer.from(JSON.stringify(safe));
      }
      headers['content-length'] = String(body.length);
    }

    let target;
    try {
      target = await backend();
    } catch (error) {
      return answer(res, 503, 'mock_unavailable', `The mock is not running: ${error.message}`);
    }
    const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers });
    upstream.once('response', (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.statusMessage, endToEnd(reply.headers));
      reply.pipe(res);
    });
    upstream.once('error', () => {
      if (res.headersSent) res.destroy();
      else answer(res, 502, 'mock_failed', 'The mock (Prism) failed while answering this request.');
    });
    // A client that goes away takes its request to Prism with it.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else answer(res, 500, 'mock_front_error', 'The mock could not forward this request.');
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${server.address().port}`, close };
}
