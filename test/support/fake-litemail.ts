// A fake LiteMail API on 127.0.0.1 (free port) that answers every operation of the spec with its
// documented 2xx example: lists with named page examples (page1, page2, …) answer the page asked
// for. `overrides` replace the answer of chosen operations, to deviate from the spec on purpose.
// Used as the "real API" of the contract check and of the demo's --live mode in tests.
import { createServer, type IncomingMessage } from 'node:http';
import { mediaExamples, successResponse } from '../../scripts/spec/examples.mjs';
import { listOperations, loadBundledSpec } from '../../scripts/spec/spec.mjs';
import { listenLocal } from './local-server.js';

export interface FakeRequest {
  operationId: string | undefined;
  method: string;
  url: string;
  apiKey: string | undefined;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
  /** Default `application/json` (the body is serialised); anything else sends `body` as text. */
  contentType?: string;
}

export type Override = (request: FakeRequest & { query: URLSearchParams }) => FakeAnswer;

interface Route {
  operationId: string;
  method: string;
  pattern: RegExp;
  params: number;
  answer: (query: URLSearchParams) => FakeAnswer;
}

function routes(): Route[] {
  const doc = loadBundledSpec();
  return listOperations(doc)
    .map(({ path, method, op }: any) => {
      const { status, media } = successResponse(doc, op)!;
      const examples = new Map<string, unknown>(mediaExamples(media));
      const first = examples.values().next().value;
      const params = (path.match(/\{[^}]+\}/g) ?? []).length;
      const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
      return {
        operationId: op.operationId,
        method,
        pattern,
        params,
        answer: (query: URLSearchParams) => ({ status: Number(status), body: examples.get(`page${query.get('page') ?? '1'}`) ?? first }),
      };
    })
    .sort((a, b) => a.params - b.params); // literal segments before `{id}`
}

export async function startFakeLiteMail(overrides: Record<string, Override> = {}) {
  const table = routes();
  const requests: FakeRequest[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = table.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    const apiKey = req.headers['x-api-key'] as string | undefined;
    const request: FakeRequest = { operationId: route?.operationId, method: req.method ?? 'GET', url: req.url ?? '/', apiKey };
    requests.push(request);
    let answer: FakeAnswer;
    if (!route) answer = { status: 404, body: { success: false, message: 'Resource not found' } };
    else if (!apiKey) answer = { status: 401, body: { success: false, message: 'Invalid or missing API key' } };
    else answer = overrides[route.operationId]?.({ ...request, query: url.searchParams }) ?? route.answer(url.searchParams);
    const contentType = answer.contentType ?? 'application/json';
    res.writeHead(answer.status, { 'content-type': contentType });
    res.end(contentType.includes('json') ? JSON.stringify(answer.body) : String(answer.body));
  });
  return { ...(await listenLocal(server)), requests };
}
