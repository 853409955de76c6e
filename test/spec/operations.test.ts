// `litemail-sdk/operations` at run time: a call by operationId is the same request, through the same
// transport (retries, the billable guard), as the path-style call; lists page by operationId too.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLiteMailClient, LiteMailError, unwrap } from '../../src/index.js';
import { withOperations } from '../../src/operations.js';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { requestExample, responseExample } from '../support/spec-examples.js';

const API_KEY = 'lm_operations_test_key';
const MAILBOX_ID = 'cmghw714w0004p2i04b8j0m51';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

const onPrism = () => withOperations(createLiteMailClient({ apiKey: API_KEY, baseUrl: inject('prismUrl') }));

describe('lm.call against the Prism mock', () => {
  it('answers like the path-style call of the same operation', async () => {
    const lm = onPrism();
    const byName = await lm.call('getMailboxDetails', { params: { path: { id: MAILBOX_ID } } });
    expect(byName.response.status).toBe(200);
    expect(byName.data).toEqual(responseExample('getMailboxDetails'));
    expect(new URL(byName.response.url).pathname).toBe(`/v1/mailboxes/${MAILBOX_ID}`);
    const body = requestExample('saveCloudflareCredentials');
    expect(await unwrap(lm.call('saveCloudflareCredentials', { body }))).toEqual(responseExample('saveCloudflareCredentials'));
  });

  it('refuses an operationId the spec does not have, naming it', () => {
    const call = onPrism().call as (id: string) => unknown;
    expect(() => call('getMailbox')).toThrow(new LiteMailError('"getMailbox" is not an operationId of the LiteMail spec'));
    expect(() => call('toString')).toThrow(/"toString" is not an operationId/);
  });

  it('pages a list by operationId exactly as by path', async () => {
    const lm = onPrism();
    const byName = [];
    for await (const page of lm.pages('retrieveMailboxes', { params: { query: { limit: 2 } } })) byName.push(page.items);
    const byPath = [];
    for await (const page of lm.pages('/v1/mailboxes', { params: { query: { limit: 2 } } })) byPath.push(page.items);
    expect(byName).toEqual(byPath);
    expect(byName.length).toBeGreaterThan(0);
    const items = [];
    for await (const item of lm.paginate('retrieveMailboxes', { maxItems: 1 })) items.push(item);
    expect(items).toEqual(byPath.flat().slice(0, 1));
  });
});

describe('lm.call goes through the transport', () => {
  const lm = () => withOperations(createLiteMailClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 2 }));
  const unavailable = { status: 503, body: { success: false, message: 'Try later' } };

  it('retries a GET by name, like by path', async () => {
    server.reset();
    server.enqueue(unavailable, { body: responseExample('retrieveUserDetails') });
    const { data } = await lm().call('retrieveUserDetails', { timeoutMs: 5_000 });
    expect(data).toEqual(responseExample('retrieveUserDetails'));
    expect(server.count).toBe(2);
  });

  it('sends a billable operation once, whatever the error', async () => {
    server.reset();
    server.enqueue(unavailable, unavailable, unavailable);
    const { error, response } = await lm().call('purchaseDomain', { body: requestExample('purchaseDomain') });
    expect(response.status).toBe(503);
    expect(error).toEqual({ success: false, message: 'Try later' });
    expect(server.count).toBe(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v1/domains', headers: { 'x-api-key': API_KEY } });
  });
});
