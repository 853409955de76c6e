// One operation checked against the real API through the validating proxy: its request (with a
// real id from a list seen earlier when there is one), and what the answer means — ok, violations
// of the spec (each with its place in spec/), or not checked and why. Owns the reading of Prism's
// `sl-violations` header and problem answers; not Prism's process (proxy.mjs) nor the report.
import { escapeToken, valueAt } from '../spec/spec-location.mjs';
import { operationLocation, responsesLocation, violationLocation } from './locate.mjs';

function parseViolations(header) {
  if (!header) return [];
  try {
    return JSON.parse(header);
  } catch {
    // Prism cuts the header at 8 KB ("Too many violations! …"): keep what can be read.
    return [{ location: ['response'], severity: 'Error', code: 'truncated', message: `Prism reported more violations than fit in its header: ${header.slice(0, 300)}…` }];
  }
}

/** A short description of the value a violation is about (objects by their keys only). */
function describeValue(value) {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  const keys = Object.keys(value);
  return keys.length ? `an object with ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''}` : 'an empty object';
}

function excerpt(text, max = 300) {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The request for a case: path parameters from `ids` (a list seen earlier) or the spec's examples. */
function requestOf(c, ids) {
  let url = c.path;
  let idFrom;
  for (const [name, example] of Object.entries(c.pathParams)) {
    // A real id from the list above this path (GET /v1/domains for /v1/domains/{id}), when one was seen.
    const prefix = c.path.slice(0, c.path.indexOf(`/{${name}}`));
    const listed = ids.get(prefix);
    if (listed) idFrom = `GET ${prefix}`;
    url = url.replace(`{${name}}`, encodeURIComponent(listed ?? example));
  }
  if (c.query) url += `?${c.query}`;
  return { url, idFrom };
}

/**
 * @typedef {{ severity: string, code?: string, where: string, message: string, received?: string, spec?: ReturnType<typeof operationLocation> }} Violation
 * @typedef {{ operationId: string, method: string, path: string, request?: string, idFrom?: string, status?: number,
 *   result: 'ok' | 'violations' | 'not-checked' | 'skipped', reason?: string, skip?: string, note?: string, crashed?: boolean,
 *   violations?: Violation[], bodyExcerpt?: string, spec?: ReturnType<typeof operationLocation> }} OperationResult
 */

/** A result with one violation the proxy could not report itself. */
const oneViolation = (result, status, violation) => ({ ...result, status, result: 'violations', violations: [{ severity: 'Error', ...violation }] });

/**
 * Sends one case through the proxy and classifies the answer. `ids` maps a list's path to an id it
 * returned, for the operations below it; a list that answers adds to it.
 * @param {Awaited<ReturnType<typeof import('./proxy.mjs').startProxy>>} proxy
 * @param {ReturnType<typeof import('./cases.mjs').readOnlyCases>[number]} c a case without `skip`
 * @param {Map<string, string>} ids
 * @param {string} apiKey
 * @returns {Promise<OperationResult>}
 */
export async function checkOperation(proxy, c, ids, apiKey) {
  const { url, idFrom } = requestOf(c, ids);
  const result = { operationId: c.operationId, method: c.method, path: c.path, request: url, ...(idFrom ? { idFrom } : {}) };
  const answer = await proxy.get(url, { accept: 'application/json', 'x-api-key': apiKey });
  if ('failure' in answer) {
    if (answer.crash) return { ...result, result: 'not-checked', reason: `the Prism proxy crashed on the API's answer (${answer.crash}); restarted it`, crashed: true };
    return { ...result, result: 'not-checked', reason: `no answer through the proxy: ${answer.failure}` };
  }
  const { response, text, fromUpstream } = answer;
  const status = response.status;
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const violationsHeader = response.headers.get('sl-violations');
  const contentType = response.headers.get('content-type') ?? '';

  if (fromUpstream === 501) {
    return oneViolation(result, 501, {
      code: 'not-implemented',
      where: 'response',
      message: 'The API answered 501 Not Implemented: it does not have this operation (Prism served its mock instead, so the body was not checked)',
      spec: operationLocation(c.operationId),
    });
  }
  // Prism's own errors (problem+json without violations): the API's answer never got validated.
  if (!violationsHeader && contentType.includes('application/problem+json') && body?.type !== undefined) {
    const title = String(body.title ?? body.type);
    if (/invalid json response body/i.test(title)) {
      return oneViolation(result, fromUpstream, {
        code: 'invalid-json',
        where: 'response body',
        message: 'The response body is not valid JSON',
        spec: responsesLocation(c.operationId),
      });
    }
    return { ...result, result: 'not-checked', reason: `the proxy could not get an answer: ${excerpt(title, 200)}` };
  }
  if (c.pagination && status < 300 && body) {
    const first = valueAt(body, c.pagination.items)?.[0];
    if (typeof first?.id === 'string') ids.set(c.path, first.id);
  }
  const violations = parseViolations(violationsHeader).map((v) => {
    const [side, part, ...tokens] = v.location ?? [];
    const pointer = tokens.map(escapeToken).join('/');
    const received = side === 'response' && part === 'body' && v.code !== 'required' ? describeValue(valueAt(body, tokens.length ? `/${pointer}` : '')) : undefined;
    return {
      severity: v.severity,
      code: v.code,
      where: [side, part].filter(Boolean).join(' ') + (tokens.length ? ` /${pointer}` : ''),
      message: v.message,
      ...(received !== undefined ? { received } : {}),
      spec: violationLocation(c.operationId, status, v),
    };
  });
  if (!violations.length && [401, 403, 429].includes(status)) {
    const reason = status === 429 ? 'rate limited (429): run the check again later' : `the API refused the key (${status}): check LITEMAIL_API_KEY`;
    return { ...result, status, result: 'not-checked', reason };
  }
  return {
    ...result,
    status,
    result: violations.length ? 'violations' : 'ok',
    ...(!violations.length && status >= 300 ? { note: 'only the error response was checked' } : {}),
    ...(violations.length ? { violations } : {}),
    ...(violations.length && status >= 300 ? { bodyExcerpt: excerpt(text) } : {}),
  };
}
