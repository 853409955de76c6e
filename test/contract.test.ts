// Contract tests derived from the spec: every operation, sent its own example request against
// Prism, answers its documented 2xx with a body shaped like the documented example, and refuses
// a request without credentials with 401.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadBundledSpec, listOperations } from '../scripts/lib/spec.mjs';
import { operations } from '../generated/operations.js';
import { contractCases, shapeOf, FAKE_API_KEY, type ContractCase } from './helpers/contract-cases.js';

const doc = loadBundledSpec();
const cases = contractCases(doc);
let baseUrl: string;
beforeAll(() => {
  baseUrl = inject('prismUrl');
});

function send(c: ContractCase, headers: Record<string, string>, body: unknown = c.body) {
  return fetch(baseUrl + c.url, {
    method: c.method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('the contract cases cover the spec', () => {
  it('has one case per operation of the spec and of generated/operations.ts', () => {
    const specIds = listOperations(doc).map(({ op }: any) => op.operationId).sort();
    expect(cases.map((c) => c.operationId).sort()).toEqual(specIds);
    expect(operations.map((o) => o.operationId).sort()).toEqual(specIds);
    expect(new Set(specIds).size).toBe(specIds.length);
    expect(specIds.length).toBeGreaterThanOrEqual(62);
  });
});

describe.each(cases)('$method $path ($operationId)', (c) => {
  it(`answers ${c.status} with the documented example's shape`, async () => {
    const res = await send(c, c.auth);
    const text = await res.text();
    expect(res.status, text).toBe(c.status);
    // Prism flags a served body that breaks the spec's own schema in this header.
    expect(res.headers.get('sl-violations')).toBeNull();
    expect(shapeOf(JSON.parse(text))).toEqual(shapeOf(c.example));
  });

  if (Object.keys(c.auth).length > 0) {
    it('answers 401 with the error envelope without credentials', async () => {
      const res = await send(c, {});
      expect(res.status).toBe(401);
      const body = await res.json();
      expect(body).toMatchObject({ success: false, message: expect.any(String) });
      expect(JSON.stringify(body)).not.toContain(FAKE_API_KEY);
    });
  } else {
    it('needs no credentials', async () => {
      const res = await send(c, {});
      expect(res.status).toBe(c.status);
    });
  }
});
