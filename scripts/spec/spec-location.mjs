// Where a fact about the API lives in spec/: the file, the JSON pointer, the line and the named
// schema. One implementation for the two places that tell a user what to fix:
//   - `npm run contract` (scripts/contract/contract.ts) locates each violation the validating proxy reports;
//   - `npm run generate` gives every schema of the drift reporter's table (generated/validate.ts)
//     its home, which `litemail-sdk/validate` prints at run time (it cannot read spec/ itself).
// It reads the source files of spec/ (not the bundle), following `$ref`s between them, because the
// bundle no longer says which file a schema came from.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import YAML, { LineCounter } from 'yaml';
import { escapeToken, resolvePointer as valueAt, tokensOf, unescapeToken } from '../lib/json-pointer.mjs';
import { root } from './spec.mjs';

const specFiles = new Map(); // absolute path -> { yamlDoc, value, lineCounter }

/** A source file of spec/, parsed once: its YAML document (for lines) and its plain value. */
export function specFile(file) {
  let entry = specFiles.get(file);
  if (!entry) {
    const lineCounter = new LineCounter();
    const yamlDoc = YAML.parseDocument(readFileSync(file, 'utf8'), { lineCounter });
    entry = { yamlDoc, value: yamlDoc.toJS(), lineCounter };
    specFiles.set(file, entry);
  }
  return entry;
}

export { escapeToken, valueAt };

/** The line (1-based) of the key (or item) a pointer names in its YAML file. */
function lineOf(file, pointer) {
  const { yamlDoc, lineCounter } = specFile(file);
  const tokens = tokensOf(pointer);
  if (!tokens.length) return 1;
  const parent = tokens.length === 1 ? yamlDoc.contents : yamlDoc.getIn(tokens.slice(0, -1), true);
  const last = tokens[tokens.length - 1];
  const item = YAML.isMap(parent)
    ? parent.items.find((pair) => String(pair.key?.value ?? pair.key) === last)?.key
    : YAML.isSeq(parent)
      ? parent.items[Number(last)]
      : undefined;
  return item?.range ? lineCounter.linePos(item.range[0]).line : undefined;
}

/** Follows `$ref`s (relative file refs and local refs) from a place in a spec file. */
export function follow(file, pointer) {
  for (let hops = 0; hops < 20; hops++) {
    const node = valueAt(specFile(file).value, pointer);
    if (!node || typeof node !== 'object' || typeof node.$ref !== 'string') return { file, pointer, node };
    const [target, fragment = ''] = node.$ref.split('#');
    if (target) file = resolve(dirname(file), target);
    pointer = fragment;
  }
  throw new Error(`too many $ref hops at ${file}#${pointer}`);
}

/**
 * The deepest schema the instance path reaches, starting from a schema's place in spec/: through
 * properties, items, additionalProperties and the branches of allOf/oneOf/anyOf.
 */
export function schemaFor(file, pointer, tokens, depth = 0) {
  const here = follow(file, pointer);
  const best = { file: here.file, pointer: here.pointer, node: here.node, rest: tokens };
  if (!tokens.length || !here.node || typeof here.node !== 'object' || depth > 40) return best;
  const [token, ...more] = tokens;
  const candidates = [];
  if (here.node.properties && Object.hasOwn(here.node.properties, token)) candidates.push([`/properties/${escapeToken(token)}`, more]);
  else if (/^\d+$/.test(token) && here.node.items) candidates.push(['/items', more]);
  else if (here.node.additionalProperties && typeof here.node.additionalProperties === 'object') candidates.push(['/additionalProperties', more]);
  for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
    (here.node[keyword] ?? []).forEach((_, i) => candidates.push([`/${keyword}/${i}`, tokens]));
  }
  let found = best;
  for (const [suffix, rest] of candidates) {
    const result = schemaFor(here.file, here.pointer + suffix, rest, depth + 1);
    if (result.rest.length < found.rest.length) found = result;
  }
  return found;
}

let places;
/** operationId -> { file, pointer } of the operation in spec/paths/*.yaml (or spec/openapi.yaml). */
export function operationPlaces() {
  if (places) return places;
  places = new Map();
  const dir = join(root, 'spec', 'paths');
  const files = [...readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f)), join(root, 'spec', 'openapi.yaml')];
  for (const file of files) {
    for (const [key, item] of Object.entries(specFile(file).value?.paths ?? {})) {
      for (const [method, op] of Object.entries(item ?? {})) {
        if (op && typeof op === 'object' && op.operationId && !places.has(op.operationId)) {
          places.set(op.operationId, { file, pointer: `/paths/${escapeToken(key)}/${method}` });
        }
      }
    }
  }
  return places;
}

/**
 * The named schema a place in a spec file belongs to: `Mailbox` for `/schemas/Mailbox/properties/id`
 * in spec/paths/mailboxes.yaml, `Error` for `/components/schemas/Error/required` in spec/openapi.yaml;
 * undefined for a schema written inline in an operation.
 */
export function schemaNameAt(pointer) {
  const match = /^(?:\/components)?\/schemas\/([^/]+)/.exec(pointer);
  return match ? unescapeToken(match[1]) : undefined;
}

/** A place in spec/ as reports show it: the file relative to the repository, the pointer, its line and named schema. */
export function where(file, pointer) {
  const schema = schemaNameAt(pointer);
  return {
    file: relative(root, file).split('\\').join('/'),
    pointer: pointer || '/',
    line: lineOf(file, pointer),
    ...(schema ? { schema } : {}),
  };
}

/**
 * Where an operation's response for a status is written: the response object (after `$ref`s), for
 * the status itself or the operation's `default`. Undefined when the operation declares neither.
 */
export function responsePlace(operationId, status) {
  const place = operationPlaces().get(operationId);
  if (!place) return undefined;
  const responses = `${place.pointer}/responses`;
  const declared = valueAt(specFile(place.file).value, responses) ?? {};
  const key = Object.hasOwn(declared, String(status)) ? String(status) : Object.hasOwn(declared, 'default') ? 'default' : undefined;
  return key === undefined ? undefined : follow(place.file, `${responses}/${key}`);
}
