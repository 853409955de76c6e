// A recording proxy in front of the Prism mock (127.0.0.1, a free port), for tests that run the CLI
// or the MCP server as a process: it notes every request the process sent, so a test can assert what
// the mock received (or that nothing was sent). Like the demo's middleware, it asks Prism for the
// named page example of a paged list (mock only: Prism serves one example whatever page is asked),
// and a test can ask for one error answer with `preferNext` (`code=404`).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockPagesMiddleware } from '../../scripts/lib/mock-pages.mjs';
import { spec } from './spec-examples.js';

export interface Received {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingProxy {
  url: string;
  received: Received[];
  /** The `Prefer` header for the next request only (e.g. `code=404`). */
  preferNext: string | undefined;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const paging = mockPagesMiddleware(spec);
  const proxy: RecordingProxy = { url: '', received: [], preferNext: undefined, close: async () => {} };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    proxy.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });

    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && typeof value === 'string') headers.set(name, value);
    }
    const target = new URL(req.url ?? '/', upstream);
    // The middleware looks at the path alone: only a GET is a list (POST /v1/domains is not).
    const paged = req.method === 'GET' ? paging.onRequest({ request: new Request(target, { headers }), schemaPath: target.pathname }) : undefined;
    const prefer = proxy.preferNext ?? paged?.headers.get('prefer');
    proxy.preferNext = undefined;
    if (prefer) headers.set('prefer', prefer);
    try {
      const answer = await fetch(target, { method: req.method, headers, ...(body ? { body } : {}) });
      const text = await answer.text();
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return proxy;
}
