// A recording proxy in front of the Prism mock (127.0.0.1, a free port), for tests that run the CLI
// or the MCP server as a process: it notes every request the process sent, so a test can assert what
// the mock received (or that nothing was sent). A test can ask for one error answer with
// `preferNext` (`code=404`); the mock's front server answers a list's pages with its page examples.
import { createServer } from 'node:http';
import { listenLocal, record, type Recorded } from './local-server.js';

export interface RecordingProxy {
  url: string;
  received: Recorded[];
  /** The `Prefer` header for the next request only (e.g. `code=404`). */
  preferNext: string | undefined;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const proxy: RecordingProxy = { url: '', received: [], preferNext: undefined, close: async () => {} };
  const server = createServer(async (req, res) => {
    const recorded = await record(req);
    proxy.received.push(recorded);
    const { body } = recorded;

    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && typeof value === 'string') headers.set(name, value);
    }
    const target = new URL(req.url ?? '/', upstream);
    if (proxy.preferNext) headers.set('prefer', proxy.preferNext);
    proxy.preferNext = undefined;
    try {
      const answer = await fetch(target, { method: req.method, headers, ...(body ? { body } : {}) });
      const text = await answer.text();
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  Object.assign(proxy, await listenLocal(server));
  return proxy;
}
