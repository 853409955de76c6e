// One call of an operation by name for the command line and the MCP server: through the library's
// public client (same transport: timeouts, retries that never repeat a billable call, redaction of
// error bodies), and the words for a call that failed, shared by both surfaces.
import { createLiteMailClient, LiteMailApiError, unwrap } from '../index.js';
import { withOperations, type OperationsClient } from '../operations.js';
import { UsageError } from './args.js';
import { apiKeyFrom, type Safe } from './credentials.js';
import { requestInit, type Input } from './input.js';
import type { Io } from './io.js';
import type { OperationDetails } from './spec-operations.js';

export type Outcome =
  | { ok: true; data: unknown }
  | { ok: false; status: number; message: string; body: unknown; retryAfter: number | undefined };

/**
 * A client with the key from LITEMAIL_API_KEY, the API from `baseUrl` (else LITEMAIL_BASE_URL, else
 * the spec's server), and debug lines (LITEMAIL_LOG=debug) on stderr: stdout carries JSON (CLI) or
 * the MCP protocol. A missing key or a bad URL is a usage mistake. The settings are `io`'s, passed
 * on, so the library never reads them from the process's environment.
 */
export function createClient(baseUrl: string | undefined, io: Io, safe: Safe): OperationsClient {
  const apiKey = apiKeyFrom(io.env);
  const url = baseUrl ?? (io.env.LITEMAIL_BASE_URL || undefined);
  try {
    const logger = { debug: (line: string) => io.stderr.write(`${safe(line)}\n`) };
    const logLevel = io.env.LITEMAIL_LOG === 'debug' ? 'debug' : 'off';
    return withOperations(createLiteMailClient({ apiKey, logLevel, logger, ...(url === undefined ? {} : { baseUrl: url }) }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Calls `op` with a checked input. An API error is an outcome; a connection failure throws (a LiteMailError). */
export async function invoke(client: OperationsClient, op: OperationDetails, input: Input): Promise<Outcome> {
  const call = client.call as (id: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  try {
    return { ok: true, data: (await unwrap(call(op.operationId, requestInit(op, input)))) ?? null };
  } catch (error) {
    if (!(error instanceof LiteMailApiError)) throw error;
    return { ok: false, status: error.status, message: error.apiMessage, body: error.body, retryAfter: error.retryAfter };
  }
}

/** How much of an error body that is not JSON is shown. */
const MAX_TEXT = 500;

/** Whether a JSON error body says more than LiteMail's `{success, message}` envelope already does. */
function saysMore(body: unknown): boolean {
  return !!body && typeof body === 'object' && Object.keys(body).some((key) => key !== 'success' && key !== 'message');
}

/**
 * A failed call in words: `HTTP 429: Too many requests. Nothing was performed; retry after 30 s.`,
 * then the body when it says more than its message (a text body trimmed, JSON as it came).
 */
export function describeFailure(outcome: Extract<Outcome, { ok: false }>): string {
  let line = `HTTP ${outcome.status}: ${outcome.message}`;
  if (outcome.status === 429) {
    const when = outcome.retryAfter === undefined ? 'retry later (the API said not when)' : `retry after ${Math.ceil(outcome.retryAfter)} s`;
    line += `${/[.!?]$/.test(line) ? '' : '.'} Nothing was performed; ${when}.`;
  }
  const { body } = outcome;
  if (typeof body === 'string' && body.trim()) {
    const text = body.trim();
    return `${line}\n${text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text}`;
  }
  return saysMore(body) ? `${line}\n${JSON.stringify(body, null, 2)}` : line;
}
