// A scriptable local HTTP server for fault-injection tests of the client: each test says how the
// next requests are answered (status, headers, body, delays, a stalled body, a reset connection,
// a request left hanging) and then checks what the server saw: how many requests, and what they
// carried. Listens on 127.0.0.1, port 0 (a free port); `close()` also destroys hanging sockets.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  /** 0 for the first request this server saw, 1 for the next, … */
  index: number;
  method: string;
  /** Path and query, e.g. `/v1/users?page=2`. */
  path: string;
  /** Lower-cased header names, as node:http gives them. */
  headers: http.IncomingHttpHeaders;
  /** The request body as text ('' when none). */
  body: string;
  /** When the request (body included) had arrived, from performance.now(). */
  at: number;
  /** Set when the client closed the connection before the response was complete. */
  clientClosed: boolean;
}

/** How to answer one request. Every field is optional: `{}` is a 200 with no body. */
export interface FaultResponse {
  status?: number;
  /** An explicit reason phrase (default: node's standard text for the status). */
  statusText?: string;
  headers?: Record<string, string | number | readonly string[]>;
  /**
   * A string or Buffer is sent as is; anything else is sent as JSON (with
   * `content-type: application/json` unless `headers` sets one).
   */
  body?: unknown;
  /** Wait this long before sending the status line and headers. */
  delayMs?: number;
  /** Send the headers and the first `stallAfterBytes` bytes of the body, then wait `stallMs` (Infinity: forever) before the rest. */
  stallMs?: number;
  stallAfterBytes?: number;
  /** Send without Content-Length (chunked). */
  chunked?: boolean;
  /**
   * Destroy the connection instead of answering: `'before-headers'` (the default when `true`)
   * sends nothing; `'mid-body'` sends the headers and part of the body first. A TCP RST is used
   * when the platform supports it, so the client sees ECONNRESET / "other side closed".
   */
  reset?: boolean | 'before-headers' | 'mid-body';
  /** Never answer (the socket stays open until the client gives up or the server closes). */
  hang?: boolean;
}

export type FaultHandler = (request: RecordedRequest) => FaultResponse | Promise<FaultResponse>;

export interface FaultServerOptions {
  /** listen() backlog, for tests that open many connections at once. */
  backlog?: number;
  /** A given port instead of a free one (for a test that needs a server to appear where one was missing). */
  port?: number;
}

/** The answer when nothing was scripted: a loud, non-retryable status so a test cannot pass by accident. */
export const UNSCRIPTED_STATUS = 599;

export class FaultServer {
  /** Every request seen, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  private readonly queue: (FaultResponse | FaultHandler)[] = [];
  private handler: FaultHandler | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private readonly server: http.Server;
  private baseUrl: string | undefined;
  private closed = false;

  constructor(private readonly options: FaultServerOptions = {}) {
    this.server = http.createServer((req, res) => void this.serve(req, res));
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // A client that resets or aborts must not crash the test run.
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  /** Starts listening; resolves to the base URL, e.g. `http://127.0.0.1:41234`. */
  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ port: this.options.port ?? 0, host: '127.0.0.1', backlog: this.options.backlog ?? 511 }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('FaultServer: call start() first');
    return this.baseUrl;
  }

  /** How many requests the server has seen. */
  get count(): number {
    return this.requests.length;
  }

  /** Answers the next requests, one queued entry each, in order (before any `handle` function). */
  enqueue(...responses: (FaultResponse | FaultHandler)[]): this {
    this.queue.push(...responses);
    return this;
  }

  /** Answers every request the queue does not cover. */
  handle(handler: FaultHandler): this {
    this.handler = handler;
    return this;
  }

  /** Forgets scripted answers and recorded requests. */
  reset(): void {
    this.queue.length = 0;
    this.handler = undefined;
    this.requests.length = 0;
  }

  /** Resolves once the server has seen at least `count` requests. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Stops listening and destroys every open socket, hanging ones included. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await done;
  }

  private sleep(ms: number): Promise<void> {
    if (ms === Infinity) return new Promise(() => {});
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = {
      index: this.requests.length,
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: performance.now(),
      clientClosed: false,
    };
    this.requests.push(recorded);
    res.on('close', () => {
      if (!res.writableFinished) recorded.clientClosed = true;
    });
    for (const waiter of [...this.waiters]) {
      if (this.requests.length >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }

    const next = this.queue.shift() ?? this.handler;
    const script: FaultResponse =
      next === undefined
        ? { status: UNSCRIPTED_STATUS, body: { success: false, message: `fault-server: nothing scripted for ${recorded.method} ${recorded.path}` } }
        : typeof next === 'function'
          ? await next(recorded)
          : next;
    try {
      await this.respond(req, res, script);
    } catch {
      // The client went away mid-answer: nothing to do.
    }
  }

  private async respond(req: http.IncomingMessage, res: http.ServerResponse, script: FaultResponse): Promise<void> {
    const socket = req.socket;
    if (script.hang) return; // never answered; close() destroys the socket
    if (script.delayMs) await this.sleep(script.delayMs);
    if (this.closed || socket.destroyed) return;

    const reset = script.reset === true ? 'before-headers' : script.reset || undefined;
    if (reset === 'before-headers') return destroy(socket);

    const headers: Record<string, string | number | readonly string[]> = { ...script.headers };
    const hasHeader = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
    let body: Buffer;
    if (script.body === undefined) body = Buffer.alloc(0);
    else if (typeof script.body === 'string') body = Buffer.from(script.body);
    else if (Buffer.isBuffer(script.body)) body = script.body;
    else {
      body = Buffer.from(JSON.stringify(script.body));
      if (!hasHeader('content-type')) headers['content-type'] = 'application/json';
    }
    const status = script.status ?? 200;
    const bodyless = status === 204 || status === 304 || req.method === 'HEAD';
    if (!bodyless && !script.chunked && !hasHeader('content-length')) headers['content-length'] = body.length;

    if (script.statusText !== undefined) res.writeHead(status, script.statusText, headers as http.OutgoingHttpHeaders);
    else res.writeHead(status, headers as http.OutgoingHttpHeaders);
    if (bodyless) return void res.end();

    if (reset === 'mid-body' || script.stallMs !== undefined) {
      const split = Math.min(body.length, script.stallAfterBytes ?? Math.floor(body.length / 2));
      res.write(body.subarray(0, split));
      res.flushHeaders();
      if (reset === 'mid-body') {
        // Let the headers and the first bytes reach the client before the reset.
        await this.sleep(20);
        return destroy(socket);
      }
      await this.sleep(script.stallMs ?? 0);
      if (this.closed || socket.destroyed) return;
      res.end(body.subarray(split));
      return;
    }
    res.end(body);
  }
}

function destroy(socket: Socket): void {
  const withReset = socket as Socket & { resetAndDestroy?: () => Socket };
  if (typeof withReset.resetAndDestroy === 'function') withReset.resetAndDestroy();
  else socket.destroy();
}

/** Creates and starts a fault server. */
export async function startFaultServer(options?: FaultServerOptions): Promise<FaultServer> {
  const server = new FaultServer(options);
  await server.start();
  return server;
}
