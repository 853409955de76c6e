// Save Credentials or Connect Domain takes exactly one of two body modes; the mock, like the API,
// must refuse anything else with 400.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadBundledSpec } from '../../scripts/spec/spec.mjs';

const doc = loadBundledSpec();
const post = doc.paths['/v1/cloudflare-credentials'].post;
const modeA = post.requestBody.content['application/json'].examples.saveCredentials.value;
const modeB = post.requestBody.content['application/json'].examples.connectDomain.value;
let baseUrl: string;
beforeAll(() => {
  baseUrl = inject('prismUrl');
});

function save(body: unknown) {
  return fetch(`${baseUrl}/v1/cloudflare-credentials`, {
    method: 'POST',
    headers: { 'x-api-key': 'lm_test_key', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('POST /v1/cloudflare-credentials body modes', () => {
  it('uses the docs page examples: Mode A credentials and Mode B domain', () => {
    expect(modeA).toEqual({ email: 'admin@company.com', apiKey: 'abc123globalApiKey', accountId: 'acc_xyz789' });
    expect(Object.keys(modeB)).toEqual(['domainName']);
  });

  it.each([
    ['Mode A (save credentials)', modeA],
    ['Mode B (connect domain)', modeB],
  ])('accepts %s with 200', async (_name, body) => {
    const res = await save(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, data: { hasCredentials: true } });
  });

  it.each([
    ['a body mixing both modes', { ...modeA, ...modeB }],
    ['an empty body', {}],
    ['Mode A missing accountId', { email: modeA.email, apiKey: modeA.apiKey }],
    ['Mode B with an unknown field', { ...modeB, zoneId: 'zone_abc123' }],
    ['Mode A with a non-string apiKey', { ...modeA, apiKey: 42 }],
  ])('refuses %s with 400', async (_name, body) => {
    const res = await save(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ success: false });
  });
});
