// The `litemail` command and its MCP server in the test's own process: `main` on streams that keep
// what it printed, with the environment the test gives (nothing of the test runner's) and a terminal
// or not, so a case costs no Node start-up. test/e2e/ keeps the few checks only a process shows.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { PassThrough, Writable, type Readable } from 'node:stream';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  /** `main`'s return value: the exit code. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The whole environment the command sees. */
  env: Record<string, string>;
  /** What the user types on stdin. */
  typed?: string;
  /** stdin and stderr are a terminal (the money prompt asks, --all shows progress). */
  terminal?: boolean;
}

/** A stream that keeps what is written to it, as text. */
class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

/** The command's I/O on the test's streams, with stderr kept. */
function testIo({ env, terminal = false }: CliOptions, stdin: Readable, stdout: Writable): { io: Io; stderr: Collector } {
  const stderr = new Collector();
  return { io: { stdin, stdout, stderr, terminal: { stdin: terminal, stderr: terminal }, env }, stderr };
}

/** `litemail ...args` run by `main` in this process. */
export async function litemailInProcess(args: string[], options: CliOptions): Promise<CliRun> {
  const stdout = new Collector();
  const { io, stderr } = testIo(options, new PassThrough().end(options.typed ?? ''), stdout);
  const code = await main(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The client's end of the MCP server's stdio: newline-delimited JSON-RPC, as over a pipe. */
class StreamClientTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private readonly buffer = new ReadBuffer();

  constructor(
    private readonly toServer: PassThrough,
    private readonly fromServer: PassThrough,
  ) {}

  private readonly ondata = (chunk: Buffer) => {
    this.buffer.append(chunk);
    for (let message = this.buffer.readMessage(); message; message = this.buffer.readMessage()) this.onmessage?.(message);
  };

  async start(): Promise<void> {
    this.fromServer.on('data', this.ondata);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.toServer.write(serializeMessage(message));
  }

  /** Ends the server's stdin, as a client process exiting would; the server holds no timer or socket. */
  async close(): Promise<void> {
    this.fromServer.off('data', this.ondata);
    this.toServer.end();
    this.onclose?.();
  }
}

export interface McpInProcess {
  client: Client;
  /** What the server wrote on stderr so far (its start line). */
  stderr: () => string;
}

/**
 * `litemail mcp ...flags` started by `main` in this process, and an MCP client of it connected to
 * its stdin and stdout. A flag or key that stops it before it serves throws, with its stderr.
 */
export async function mcpInProcess(flags: string[], options: CliOptions): Promise<McpInProcess> {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const { io, stderr } = testIo(options, toServer, fromServer);
  const code = await main(['mcp', ...flags], io);
  if (code !== 0) throw new Error(`litemail mcp exited with ${code}: ${stderr.text}`);
  const client = new Client({ name: 'litemail-in-process-test', version: '0.0.0' });
  await client.connect(new StreamClientTransport(toServer, fromServer));
  return { client, stderr: () => stderr.text };
}
