// A local API on 127.0.0.1 (free port) that records every request and answers each with what the
// test asks for; by default a 200 that echoes the caller's API key back, as it arrived and in upper
// case, to prove that whatever a command prints or hands on has the key taken out.
import { createServer } from 'node:http';
import { listenLocal, record, type Recorded } from './local-server.js';

export type { Recorded };

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
    const request = await record(req);
    echo.received.push(request);
    const { status, body, contentType = 'application/json', headers = {} } = echo.answer(request);
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(contentType.includes('json') ? JSON.stringify(body) : String(body));
  });
  Object.assign(echo, await listenLocal(server));
  return echo;
}
