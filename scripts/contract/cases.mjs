// Which operations the contract check may send to a real API, and the request for each: every GET
// of the spec that moves no money, with its required parameters filled from the spec's examples.
// Owns the choice of requests; sending them is check.mjs's.
import { deref, listOperations } from '../spec/spec.mjs';

/** A parameter's example: its own, the first of its `examples`, or its schema's. */
function exampleOf(doc, param) {
  const schema = deref(doc, param.schema) ?? {};
  if ('example' in param) return param.example;
  if (param.examples) return Object.values(param.examples)[0]?.value;
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.examples)) return schema.examples[0];
  return undefined;
}

/**
 * One case per GET of the spec, in spec order; those that cannot be sent carry `skip` (the reason).
 * @returns {{ operationId: string, method: string, path: string, skip?: string, pathParams?: Record<string, string>, query?: string, pagination?: { items: string } }[]}
 */
export function readOnlyCases(doc) {
  return listOperations(doc)
    .filter(({ method }) => method === 'GET')
    .map(({ path, method, op, pathParameters }) => {
      const base = { operationId: op.operationId, method, path };
      if (op['x-litemail-billable']) return { ...base, skip: 'billable (moves money)' };
      const params = [...pathParameters, ...(op.parameters ?? [])].map((p) => deref(doc, p));
      const pathParams = {};
      const query = new URLSearchParams();
      for (const p of params.filter((p) => p.required)) {
        const value = exampleOf(doc, p);
        if (value === undefined) return { ...base, skip: `required ${p.in} parameter "${p.name}" has no example` };
        if (p.in === 'path') pathParams[p.name] = String(value);
        else if (p.in === 'query') for (const v of Array.isArray(value) ? value : [value]) query.append(p.name, String(v));
        else return { ...base, skip: `required ${p.in} parameter "${p.name}" is not supported` };
      }
      return { ...base, pathParams, query: query.toString(), pagination: op['x-litemail-pagination'] };
    });
}
