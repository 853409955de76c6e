// litemail-sdk/validate: the drift reporter. openapi-fetch middleware that checks every response of
// an operation of the spec (success and error, whatever its content type) against what the spec
// declares for its status, and reports where the real API differs, with the file of spec/ to change.
// Its own entry point: clients that do not use it do not carry its schema table. The body's schema
// is checked by src/schema-check.ts; this module reads the response, guards the check, and keeps
// each client's reports bounded.
//
//   lm.use(validateResponses({ mode: 'report', onDrift: (d) => log.warn(d) }));
import type { Middleware } from 'openapi-fetch';
import { LiteMailError } from './errors.js';
import { resolveValidateOptions } from './options.js';
import { secretsOf } from './redact.js';
import { withBody } from './response.js';
import { checkBody, expectedResponse, generalPointer, responseDrift, type Drift, type Expected } from './schema-check.js';

export type { Drift, DriftProblem } from './schema-check.js';

export interface ValidateOptions {
  /** `report` (default): call `onDrift` and let the call go on. `throw`: also reject the call with a {@link LiteMailDriftError}. */
  mode?: 'report' | 'throw';
  /**
   * Called once per client for each (operation, status, pointer, problem), for at most 1,000 of
   * them (then once with `too-many-drifts`). Default in `report` mode:
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

/** The tail of a line about the reporter's own limits, where changing the spec is not the fix. */
const OWN_LIMITS: Partial<Record<Drift['problem'], string>> = {
  'not-checked': 'not a difference found: this part of the response was not checked (a limit or a bug of litemail-sdk/validate)',
  'too-many-drifts': 'further drifts are not reported',
};

/** One line for a drift: what differs, and where to fix the spec. */
export function describeDrift(d: Drift): string {
  const what = `${d.method} ${d.path} (${d.operationId}) ${d.status} ${d.pointer || '/'}: ${d.problem}, expected ${d.expected}, received ${d.received}`;
  const where = d.spec.schema ? `${d.spec.file}, schema ${d.spec.schema}` : `${d.spec.file}, operation ${d.operationId}`;
  return `${what} — ${OWN_LIMITS[d.problem] ?? `change ${where}, then npm run generate`}`;
}

const printDrift = (d: Drift) => console.warn(`litemail-sdk drift: ${describeDrift(d)}`);

/** Distinct drifts one reporter passes to `onDrift`; past them, one `too-many-drifts` and silence. */
const MAX_REPORTED = 1000;

/** The media type of a Content-Type header, as a drift may show it (no parameters, nothing else). */
function mediaType(header: string | null): string {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type) return 'no content type';
  return /^[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64}$/.test(type) ? type : 'an unreadable content type';
}

/** Drifts of a body the spec declares as JSON, as read (`text`) with its Content-Type. */
function checkText(expected: Expected, contentType: string | null, text: string, secrets: readonly string[]): Drift[] {
  const isJson = /^[^;]*[/+]json\s*(;|$)/i.test(contentType ?? '');
  // The received side names the media type only: a body that is not JSON may be anything, an HTML
  // page that echoes the request included.
  const notJson = (received: string) => responseDrift(expected, 'not-json', 'application/json', received);
  if (text === '') return [notJson(`an empty body (${mediaType(contentType)})`)];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [notJson(isJson ? `${mediaType(contentType)} that does not parse` : mediaType(contentType))];
  }
  // openapi-fetch parses JSON whatever the content type, so the body the application gets is checked too.
  const drifts = checkBody(expected, body, secrets);
  return isJson ? drifts : [notJson(mediaType(contentType)), ...drifts];
}

/** The check, guarded: a failure of the reporter itself is one `not-checked` drift, never an exception in the call. */
function guarded(expected: Expected, check: () => Drift[]): Drift[] {
  try {
    return check();
  } catch (error) {
    const name = error instanceof Error && /^\w{1,40}$/.test(error.name) ? error.name : 'an exception';
    return [responseDrift(expected, 'not-checked', 'a check that completes', `${name} in the drift reporter`)];
  }
}

/** Middleware for `lm.use()`: checks each response against the spec. Use one per client. */
export function validateResponses(options: ValidateOptions = {}): Middleware {
  const { mode, onDrift = mode === 'report' ? printDrift : undefined } = resolveValidateOptions(options);
  const reported = new Set<string>();
  let full = false;

  const deliver = (drifts: readonly Drift[]) => {
    if (!onDrift) return;
    for (const d of drifts) {
      if (full) return;
      const key = `${d.operationId} ${d.status} ${generalPointer(d.pointer)} ${d.problem}`;
      if (reported.has(key)) continue;
      if (reported.size === MAX_REPORTED) {
        // Said once; the keys are not needed any more.
        full = true;
        reported.clear();
        return onDrift({ ...d, pointer: '', problem: 'too-many-drifts', expected: `at most ${MAX_REPORTED} distinct drifts per reporter`, received: 'more: further drifts are not reported' });
      }
      reported.add(key);
      onDrift(d);
    }
  };

  return {
    async onResponse({ request, response, schemaPath }) {
      const expected = expectedResponse(request.method, schemaPath, response.status);
      // -1: declared without a JSON body; a HEAD response has none to check, only its status.
      if (!expected || expected.node === -1 || (expected.node !== undefined && request.method === 'HEAD')) return undefined;
      let drifts: Drift[];
      let handedOn: Response | undefined;
      if (expected.node === undefined) {
        drifts = guarded(expected, () => checkBody(expected, undefined));
      } else {
        // The body is read once and handed on in a new Response (cloning costs several times more).
        let text = '';
        if (response.body) handedOn = withBody(response, (text = await response.text()));
        drifts = guarded(expected, () => checkText(expected, response.headers.get('content-type'), text, secretsOf(request)));
      }
      deliver(drifts);
      if (mode === 'throw' && drifts.length) throw new LiteMailDriftError(drifts);
      return handedOn;
    },
  };
}
