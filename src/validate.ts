// litemail-sdk/validate: the drift reporter. openapi-fetch middleware that checks every JSON response
// (success and error) against the spec's schema for its operation and status, and reports where the
// real API differs from the spec, with the file of spec/ to change. Its own entry point: clients that
// do not use it do not carry its schema table.
//
//   lm.use(validateResponses({ mode: 'report', onDrift: (d) => log.warn(d) }));
import type { Middleware } from 'openapi-fetch';
import { LiteMailError } from './errors.js';
import { secretsOf } from './redact.js';
import { checkResponse, generalPointer, type Drift } from './schema-check.js';

export type { Drift, DriftProblem } from './schema-check.js';

export interface ValidateOptions {
  /** `report` (default): call `onDrift` and let the call go on. `throw`: also reject the call with a {@link LiteMailDriftError}. */
  mode?: 'report' | 'throw';
  /**
   * Called once per client for each (operation, status, pointer, problem). Default in `report` mode:
   * one line per drift on `console.warn`, naming the file of spec/ to change; none in `throw` mode.
   */
  onDrift?: (drift: Drift) => void;
}

/** A response differs from the spec (`mode: 'throw'`). `drifts` says how; it holds no value of the response. */
export class LiteMailDriftError extends LiteMailError {
  override name = 'LiteMailDriftError';
  readonly drifts: readonly Drift[];
  readonly method: string;
  readonly path: string;
  readonly status: number;

  constructor(drifts: readonly Drift[]) {
    const { method, path, status } = drifts[0]!;
    super(`${method} ${path} answered ${status} with ${drifts.length} difference${drifts.length === 1 ? '' : 's'} from the spec:\n${listed(drifts)}`);
    this.drifts = drifts;
    this.method = method;
    this.path = path;
    this.status = status;
  }
}

const MAX_LISTED = 10;
const listed = (drifts: readonly Drift[]) =>
  [...drifts.slice(0, MAX_LISTED).map(describeDrift), ...(drifts.length > MAX_LISTED ? [`… and ${drifts.length - MAX_LISTED} more (see .drifts)`] : [])].join('\n');

/** One line for a drift: what differs, and where to fix the spec. */
export function describeDrift(d: Drift): string {
  const what = `${d.method} ${d.path} (${d.operationId}) ${d.status} ${d.pointer || '/'}: ${d.problem}, expected ${d.expected}, received ${d.received}`;
  const where = d.spec.schema ? `${d.spec.file}, schema ${d.spec.schema}` : `${d.spec.file}, operation ${d.operationId}`;
  return `${what} — change ${where}, then npm run generate`;
}

const printDrift = (d: Drift) => console.warn(`litemail-sdk drift: ${describeDrift(d)}`);

/** A response like `response` whose body is `text` (already read from it). */
function sameResponse(response: Response, text: string): Response {
  const copy = new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

/** Middleware for `lm.use()`: checks each JSON response against the spec. Use one per client. */
export function validateResponses(options: ValidateOptions = {}): Middleware {
  const mode = options.mode ?? 'report';
  if (mode !== 'report' && mode !== 'throw') throw new LiteMailError(`validateResponses: mode must be 'report' or 'throw', got ${String(mode)}`);
  if (options.onDrift !== undefined && typeof options.onDrift !== 'function') throw new LiteMailError('validateResponses: onDrift must be a function');
  const onDrift = options.onDrift ?? (mode === 'report' ? printDrift : undefined);
  const reported = new Set<string>();

  return {
    async onResponse({ request, response, schemaPath }) {
      if (!/[/+]json\b/i.test(response.headers.get('content-type') ?? '') || response.headers.get('content-length') === '0') return undefined;
      // A success body is read once and handed on in a new Response (cloning costs several times
      // more); an error response keeps its identity, which unwrap() uses to name the failed call.
      const text = response.ok ? await response.text() : await response.clone().text();
      const handedOn = response.ok ? sameResponse(response, text) : undefined;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return handedOn; // not JSON: the client's own errors say so (LiteMailParseError)
      }
      const drifts = checkResponse(request.method, schemaPath, response.status, body, secretsOf(request));
      for (const d of drifts) {
        const key = `${d.operationId} ${d.status} ${generalPointer(d.pointer)} ${d.problem}`;
        if (reported.has(key)) continue;
        reported.add(key);
        onDrift?.(d);
      }
      if (mode === 'throw' && drifts.length) {
        if (!response.ok) await response.body?.cancel().catch(() => {});
        throw new LiteMailDriftError(drifts);
      }
      return handedOn;
    },
  };
}
