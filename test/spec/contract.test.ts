// Contract tests derived from the spec: every operation, sent its own example request against
// Prism (directly, and through the client in src/), answers its documented 2xx with a body shaped
// like the documented example. Facts that must not move with the spec are pinned here by hand and
// checked against it: which credentials each operation takes (a request without them gets 401),
// and the fields some responses must declare required and show in their examples.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { deref, loadBundledSpec, listOperations } from '../../scripts/spec/spec.mjs';
import { successResponse } from '../../scripts/spec/examples.mjs';
import { operationTable as operations } from '../../src/index.js';
import { createLiteMailClient } from '../../src/index.js';
import { contractCases, shapeOf, FAKE_API_KEY, type ContractCase } from '../support/contract-cases.js';

/**
 * Hand-pinned: the operations that do not take the API key, and what they take instead. Every
 * other operation must require `x-api-key`. (Each pinned operation must exist.)
 */
const PINNED_CREDENTIALS: Record<string, 'none' | 'bearer'> = {
  generateApiKey: 'bearer',
};

/** Hand-pinned: fields (dotted paths into the success body) the spec must declare required and show. */
const PINNED_REQUIRED: Record<string, string[]> = {
  retrieveUserDetails: ['success', 'message', 'data', 'data.id', 'data.email', 'data.walletBalance'],
  getWalletBalance: ['success', 'data', 'data.walletBalance', 'data.currency', 'data.autoRechargeEnabled'],
  addBalanceToWallet: ['data', 'data.paymentLink', 'data.amount', 'data.currency'],
  addCreditToWallet: ['data', 'data.transactionId', 'data.amount', 'data.walletBalance', 'data.currency'],
  generateApiKey: ['data', 'data.id', 'data.name', 'data.apiKey'],
};

/** A schema and, recursively, the members of its allOf, references followed. */
function flatten(doc: any, schemas: unknown[]): any[] {
  const out: any[] = [];
  const visit = (node: unknown) => {
    const schema = deref(doc, node);
    if (!schema || typeof schema !== 'object') return;
    out.push(schema);
    for (const member of schema.allOf ?? []) visit(member);
  };
  schemas.forEach(visit);
  return out;
}

/** Whether every step of `path` is in a `required` list of the schema at that depth. */
function declaredRequired(doc: any, schema: unknown, path: string[]): boolean {
  let level: unknown[] = [schema];
  for (const key of path) {
    const members = flatten(doc, level);
    if (!members.some((m) => Array.isArray(m.required) && m.required.includes(key))) return false;
    level = members.map((m) => m.properties?.[key]).filter(Boolean);
  }
  return true;
}

const valueAt = (value: unknown, path: string[]) => path.reduce<any>((node, key) => node?.[key], value);

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

describe('facts pinned by hand', () => {
  it('the error envelope requires success and message', () => {
    expect(doc.components.schemas.Error.required).toEqual(expect.arrayContaining(['success', 'message']));
  });

  it.each(Object.entries(PINNED_REQUIRED))('%s declares its pinned fields required and its example has them', (operationId, fields) => {
    const c = cases.find((x) => x.operationId === operationId);
    expect(c, `${operationId} is not in the spec`).toBeDefined();
    const op = listOperations(doc).find(({ op }: any) => op.operationId === operationId)!.op;
    const schema = successResponse(doc, op)!.media.schema;
    for (const field of fields) {
      const path = field.split('.');
      expect(declaredRequired(doc, schema, path), `${field} declared required`).toBe(true);
      expect(valueAt(c!.example, path), `${field} in the example`).toBeDefined();
    }
  });

  it('every operation pinned here is in the spec', () => {
    const ids = cases.map((c) => c.operationId);
    expect(Object.keys(PINNED_CREDENTIALS).filter((id) => !ids.includes(id))).toEqual([]);
    expect(Object.keys(PINNED_REQUIRED).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it.each(cases.map((c) => [c.operationId, c] as const))('%s takes the pinned credentials', (operationId, c) => {
    const pinned = PINNED_CREDENTIALS[operationId];
    const expected =
      pinned === 'none' ? {} : pinned === 'bearer' ? { authorization: expect.stringMatching(/^Bearer /) } : { 'x-api-key': FAKE_API_KEY };
    expect(c.auth).toEqual(expected);
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

  it(`through createLiteMailClient: answers ${c.status} with the example's shape and the pinned required fields`, async () => {
    const lm = createLiteMailClient({ apiKey: FAKE_API_KEY, baseUrl, maxRetries: 0 });
    const headers = c.auth.authorization ? { Authorization: c.auth.authorization } : undefined;
    const call = lm.request as unknown as (m: string, p: string, i: object) => Promise<{ data: unknown; error: unknown; response: Response }>;
    const { data, error, response } = await call(c.method.toLowerCase(), c.path, { params: c.params, body: c.body, headers });
    expect(response.status, JSON.stringify(error)).toBe(c.status);
    expect(shapeOf(data)).toEqual(shapeOf(c.example));
    for (const field of PINNED_REQUIRED[c.operationId] ?? []) expect(valueAt(data, field.split('.')), field).toBeDefined();
  });

  if (PINNED_CREDENTIALS[c.operationId] !== 'none') {
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
