// Every example in the spec must validate against its own schema: Prism serves response examples
// and the contract tests send request examples, so a wrong example is a wrong fact about the API.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { escapeToken } from '../lib/json-pointer.mjs';
import { deref, listOperations } from './spec.mjs';

/**
 * Named or single examples of a media type object, as [name, value] pairs.
 * @param {any} media
 * @returns {[string, any][]}
 */
export function mediaExamples(media) {
  if (!media) return [];
  if (media.examples) return Object.entries(media.examples).map(([name, ex]) => [name, ex.value]);
  return 'example' in media ? [['example', media.example]] : [];
}

/**
 * An operation's documented success: its lowest 2xx status and that response's JSON media object
 * (what Prism serves by default). Undefined when the operation documents no 2xx.
 * @param {any} doc the bundled spec
 * @param {any} op an operation object
 * @returns {{ status: string, media: any } | undefined}
 */
export function successResponse(doc, op) {
  const status = Object.keys(op.responses ?? {}).filter((s) => /^2\d\d$/.test(s)).sort()[0];
  return status === undefined ? undefined : { status, media: deref(doc, op.responses[status])?.content?.['application/json'] };
}

/** Returns one line per example that does not match its schema (empty when all match). */
export function invalidExamples(doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // Register the whole document so `#/components/...` refs resolve inside it.
  ajv.addSchema({ $id: 'spec', ...doc, $schema: undefined });
  const problems = [];
  const check = (where, media) => {
    if (!media?.schema) return;
    const validate = ajv.compile({ $ref: `spec#${pointerTo(doc, media.schema)}` });
    for (const [name, value] of mediaExamples(media)) {
      if (!validate(value)) {
        const errors = validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
        problems.push(`${where} example "${name}": ${errors}`);
      }
    }
  };
  for (const { path, method, op } of listOperations(doc)) {
    const requestBody = deref(doc, op.requestBody);
    check(`${method} ${path} request`, requestBody?.content?.['application/json']);
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      check(`${method} ${path} ${status}`, deref(doc, response)?.content?.['application/json']);
    }
  }
  return problems;
}

/** JSON pointer of a schema inside the document: its $ref, or a search for the object itself. */
function pointerTo(doc, schema) {
  if (schema.$ref) return schema.$ref.replace(/^#/, '');
  const stack = [['', doc]];
  while (stack.length) {
    const [pointer, node] = stack.pop();
    if (node === schema) return pointer;
    if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        stack.push([`${pointer}/${escapeToken(key)}`, child]);
      }
    }
  }
  throw new Error('schema not found in document');
}
