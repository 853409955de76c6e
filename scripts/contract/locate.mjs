// Where in spec/ a violation reported by Prism should be fixed: the operation, its parameters or
// request body, or the response's headers, content or the schema keyword that failed. Reads the
// hand-written files through scripts/spec/spec-location.mjs; knows nothing of Prism or the API.
import { escapeToken, operationPlaces, responsePlace, schemaFor, specFile, valueAt, where } from '../spec/spec-location.mjs';

/** The operation itself in spec/, or undefined when it is not found there. */
export function operationLocation(operationId) {
  const place = operationPlaces().get(operationId);
  return place && where(place.file, place.pointer);
}

/** The operation's `responses` in spec/ (for an answer that is not JSON at all). */
export function responsesLocation(operationId) {
  const place = operationPlaces().get(operationId);
  return place && where(place.file, `${place.pointer}/responses`);
}

/**
 * The place to fix for one violation (Prism's `location`: `['request' | 'response', part, ...tokens]`)
 * of an answer with `status`.
 * @param {string} operationId
 * @param {number} status
 * @param {{ location: string[], code?: unknown }} violation
 */
export function violationLocation(operationId, status, violation) {
  const place = operationPlaces().get(operationId);
  if (!place) return undefined;
  const [side, part, ...tokens] = violation.location;
  if (side === 'request') {
    const suffix = part === 'body' ? '/requestBody' : part ? '/parameters' : '';
    return where(place.file, place.pointer + suffix);
  }
  const response = responsePlace(operationId, status);
  if (!response) return where(place.file, `${place.pointer}/responses`);
  if (part === 'headers') return where(response.file, `${response.pointer}/headers${tokens.length ? `/${escapeToken(tokens[0])}` : ''}`);
  if (part !== 'body') return where(response.file, `${response.pointer}/content`);
  const schema = `${response.pointer}/content/application~1json/schema`;
  if (!valueAt(specFile(response.file).value, schema)) return where(response.file, `${response.pointer}/content`);
  const found = schemaFor(response.file, schema, tokens);
  // Point at the keyword that failed (`type`, `enum`, `required`, …) when the schema has it.
  const keyword = !found.rest.length && typeof violation.code === 'string' && found.node && Object.hasOwn(found.node, violation.code) ? `/${violation.code}` : '';
  return where(found.file, found.pointer + keyword);
}
