// A local API on 127.0.0.1 (free port) that records every request and answers each with what the
// test asks for; by default a 200 that echoes the caller's API key back, as it arrived and in upper
// case, to prove that whatever a command prints or hands on has the key taken out.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  /** Serialised as JSON unless `contentType` says otherwise (then sent as text). */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface EchoServer {
  url: string;
  received: Recorded[];
  /** The answer to the next requests (until changed); receives the request. */
  answer: (request: Recorded) => Answer;
  close(): Promise<void>;
}

/** LiteMail's success envelope around data that repeats the caller's key. */
export function echoKey(request: Recorded, status = 200): Answer {
  const key = String(request.headers['x-api-key'] ?? '');
  return { status, body: { success: status < 400, message: `key ${key}`, data: { apiKey: key, shouted: key.toUpperCase() } } };
}

export async function startEchoServer(): Promise<EchoServer> {
  const echo: EchoServer = { url: '', received: [], answer: (request) => echoKey(request), close: async () => {} };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    echo.received.push(request);
    const { status, body, contentType = 'application/json', headers = {} } = echo.answer(request);
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(contentType.includes('json') ? JSON.stringify(body) : String(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  echo.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  echo.close = () =>
    new Promise((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return echo;
}
