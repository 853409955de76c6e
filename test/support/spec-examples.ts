// Expected values for tests come from the spec's own examples, never from the code under test.
import { deref, listOperations, loadBundledSpec } from '../../scripts/spec/spec.mjs';
import { mediaExamples, successResponse } from '../../scripts/spec/examples.mjs';

export const spec = loadBundledSpec();

function operation(operationId: string) {
  const found = listOperations(spec).find(({ op }: any) => op.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in the spec`);
  return found.op;
}

/** The first (or the named) example of an operation's 2xx JSON response. */
export function responseExample(operationId: string, name?: string): any {
  const op = operation(operationId);
  const examples = mediaExamples(successResponse(spec, op)?.media);
  const found = name ? examples.find(([n]) => n === name) : examples[0];
  if (!found) throw new Error(`${operationId} has no response example ${name ?? ''}`);
  return found[1];
}

/** The first example of an operation's request body. */
export function requestExample(operationId: string): any {
  const op = operation(operationId);
  return mediaExamples(deref(spec, op.requestBody).content['application/json'])[0]![1];
}

/** The example of an error response of an operation. */
export function errorExample(path: string, method: string, status: string): any {
  return deref(spec, spec.paths[path][method].responses[status]).content['application/json'].example;
}
