// Builds, from the bundled spec alone, one example request per operation: path parameters and
// required query parameters from their examples, the body from the request body's first example,
// and the credentials its security requirement asks for. Throws when an operation lacks an example,
// so an operation can never be left out of the contract tests silently.
import { deref, listOperations } from '../../scripts/spec/spec.mjs';
import { mediaExamples, successResponse } from '../../scripts/spec/examples.mjs';

export const FAKE_API_KEY = 'lm_test_contract_key';
export const FAKE_BEARER = 'contract.test.token';

type Json = unknown;
type Doc = Record<string, any>;

export interface ContractCase {
  operationId: string;
  method: string;
  path: string;
  url: string; // path with parameters filled in, plus query string
  /** The same parameters as openapi-fetch takes them (`params.path`, `params.query`). */
  params: { path: Record<string, Json>; query: Record<string, Json> };
  body?: Json;
  /** Headers carrying the credentials the operation requires (empty when it needs none). */
  auth: Record<string, string>;
  /** The documented 2xx status and its (first) example body. */
  status: number;
  example: Json;
}

function exampleOf(doc: Doc, param: any): Json {
  const p = deref(doc, param);
  const schema = deref(doc, p.schema) ?? {};
  if ('example' in p) return p.example;
  if (p.examples) return (Object.values(p.examples)[0] as any).value;
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.examples)) return schema.examples[0];
  throw new Error(`parameter "${p.name}" has no example`);
}

function authHeaders(doc: Doc, op: any): Record<string, string> {
  const requirements: Record<string, string[]>[] = op.security ?? doc.security ?? [];
  const first = requirements[0];
  if (!first) return {};
  const headers: Record<string, string> = {};
  for (const name of Object.keys(first)) {
    const scheme = doc.components.securitySchemes[name];
    if (scheme.type === 'apiKey' && scheme.in === 'header') headers[scheme.name] = FAKE_API_KEY;
    else if (scheme.type === 'http' && scheme.scheme === 'bearer') headers.authorization = `Bearer ${FAKE_BEARER}`;
    else throw new Error(`unsupported security scheme ${name}`);
  }
  return headers;
}

export function contractCases(doc: Doc): ContractCase[] {
  return listOperations(doc).map(({ path, method, op, pathParameters }) => {
    const where = `${method} ${path} (${op.operationId})`;
    try {
      const params = [...pathParameters, ...(op.parameters ?? [])].map((p: any) => deref(doc, p));
      let url = path;
      const query = new URLSearchParams();
      const named: ContractCase['params'] = { path: {}, query: {} };
      for (const p of params) {
        if (p.in === 'path') {
          named.path[p.name] = exampleOf(doc, p);
          url = url.replace(`{${p.name}}`, encodeURIComponent(String(named.path[p.name])));
        }
        if (p.in === 'query' && p.required) {
          const value = (named.query[p.name] = exampleOf(doc, p));
          for (const v of Array.isArray(value) ? value : [value]) query.append(p.name, String(v));
        }
      }
      if (query.size) url += `?${query}`;
      const requestMedia = deref(doc, op.requestBody)?.content?.['application/json'];
      const body = requestMedia ? mediaExamples(requestMedia)[0]?.[1] : undefined;
      if (requestMedia && body === undefined) throw new Error('request body has no example');
      const success = successResponse(doc, op);
      if (!success) throw new Error('no 2xx response');
      const example = mediaExamples(success.media)[0];
      if (!example) throw new Error(`${success.status} response has no example`);
      return {
        operationId: op.operationId,
        method,
        path,
        url,
        params: named,
        body,
        auth: authHeaders(doc, op),
        status: Number(success.status),
        example: example[1],
      };
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  });
}

/** The structure of a JSON value: object keys and value types, recursively; arrays by their first item. */
export function shapeOf(value: Json): Json {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as object).sort().map(([k, v]) => [k, shapeOf(v)]));
  }
  return typeof value;
}
