// One call of an operation by name for the command line and the MCP server: through the library's
// own client (same transport: timeouts, retries that never repeat a billable call, redaction).
import type { LiteMailClientOptions } from '../index.js';
import { createLiteMailClient } from '../index.js';
import { withOperations, type OperationsClient } from '../operations.js';
import { apiError } from '../unwrap.js';
import { requestInit, type Input } from './input.js';
import type { OperationDetails } from './spec-operations.js';

export type Outcome = { ok: true; data: unknown } | { ok: false; status: number; message: string; body: unknown };

/** A client whose debug lines (LITEMAIL_LOG=debug) go to stderr: stdout carries JSON (CLI) or the MCP protocol. */
export function createClient(options: LiteMailClientOptions): OperationsClient {
  return withOperations(createLiteMailClient({ logger: { debug: (line) => process.stderr.write(`${line}\n`) }, ...options }));
}

/** Calls `op` with a checked input. An API error is an outcome; a connection failure throws (a LiteMailError). */
export async function invoke(client: OperationsClient, op: OperationDetails, input: Input): Promise<Outcome> {
  const call = client.call as (id: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const { data, error, response } = await call(op.operationId, requestInit(op, input));
  if (response.ok) return { ok: true, data: data ?? null };
  const failure = apiError({ response, error });
  return { ok: false, status: failure.status, message: failure.apiMessage, body: failure.body };
}
