// The client against the Prism mock of the spec: typed calls across every resource group,
// pagination across several pages, and typed errors from Prism's `Prefer: code=` responses.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  LiteMailApiError,
  LiteMailError,
  NotFoundError,
  RateLimitError,
  createLiteMailClient,
  unwrap,
  type LiteMailClient,
} from '../../src/index.js';
import { requestExample, responseExample, spec } from '../support/spec-examples.js';

const ID = 'cm4q7r2x10003lm08abcd1234';
let lm: LiteMailClient;
beforeAll(() => {
  lm = createLiteMailClient({ apiKey: 'lm_test_prism', baseUrl: inject('prismUrl'), maxRetries: 0 });
});

describe('typed calls, one or more per resource group', () => {
  it('Users: retrieves the user', async () => {
    const user = await unwrap(lm.GET('/v1/users'));
    expect(user).toEqual(responseExample('retrieveUserDetails'));
  });

  it('Domains: details, DMARC and name servers', async () => {
    const domain = await unwrap(lm.GET('/v1/domains/{id}', { params: { path: { id: ID } } }));
    expect(domain.data.id).toBe(responseExample('getDomainDetails').data.id);
    const dmarc = await unwrap(
      lm.POST('/v1/domains/{id}/dmarc', { params: { path: { id: ID } }, body: requestExample('addDmarcRecords') }),
    );
    expect(dmarc.success).toBe(true);
    const ns = await unwrap(lm.GET('/v1/domains/name-servers', { params: { query: { domainName: 'northwind-outreach.com' } } }));
    expect(ns.data.nameServers).toEqual(responseExample('getNameServers').data.nameServers);
  });

  it('Mailboxes and MailBoxes: list, assign, remove', async () => {
    const list = await unwrap(lm.GET('/v1/mailboxes', { params: { query: { limit: 2 } } }));
    expect(list.data.mailboxes.map((m) => m.email)).toEqual(
      responseExample('retrieveMailboxes').data.mailboxes.map((m: { email: string }) => m.email),
    );
    const assigned = await unwrap(
      lm.POST('/v1/domains/{id}/mailboxes', { params: { path: { id: ID } }, body: requestExample('assignMailboxesToDomain') }),
    );
    expect(assigned.data.mailboxes).toHaveLength(responseExample('assignMailboxesToDomain').data.mailboxes.length);
    const removed = await unwrap(lm.DELETE('/v1/mailboxes/{id}', { params: { path: { id: 'cmghw714w0004p2i04b8j0m51' } } }));
    expect(removed.data.status).toBe('SCHEDULED_FOR_REMOVAL');
  });

  it('Workspaces, Billings, Tags, Webhooks: create calls with typed bodies', async () => {
    const ws = await unwrap(lm.POST('/v1/workspaces', { body: { name: 'Acme Client Campaigns' } }));
    expect(ws.data.name).toBe(responseExample('createWorkspace').data.name);
    const billing = await unwrap(lm.POST('/v1/billing-details', { body: requestExample('addBillingDetails') }));
    expect(billing.success).toBe(true);
    const tag = await unwrap(lm.POST('/v1/tags', { body: { name: 'Client - Brightline Dental', tagColor: '#EB5757' } }));
    expect(tag.data.tagColor).toMatch(/^#[0-9A-F]{6}$/i);
    const hook = await unwrap(
      lm.POST('/v1/webhooks', { body: { url: 'https://hooks.example.com/litemail', events: ['MAILBOX_ACTIVE'] } }),
    );
    expect(hook.data.secret).toBe(responseExample('registerWebhook').data.secret);
  });

  it('Payment & Wallet, Wallet, Subscriptions: balances, credits, plans', async () => {
    const wallet = await unwrap(lm.GET('/v1/wallet'));
    expect(wallet.data.walletBalance).toBe(responseExample('getWalletBalance').data.walletBalance);
    const credit = await unwrap(lm.POST('/v1/wallet/credits', { body: requestExample('addCreditToWallet') }));
    expect(credit.data.walletBalance).toBe(responseExample('addCreditToWallet').data.walletBalance);
    const subs = await unwrap(lm.GET('/v1/subscriptions'));
    const upgraded = await unwrap(
      lm.PUT('/v1/subscriptions/{id}', {
        params: { path: { id: subs.data.subscriptions[0]!.subscriptionId } },
        body: requestExample('upgradeSubscription'),
      }),
    );
    expect(upgraded.success).toBe(true);
  });

  it('Exports, Export History, DNS, Placement, Dashboard', async () => {
    const exp = await unwrap(lm.POST('/v1/exports', { body: { apps: ['INSTANTLY'], ids: [ID] } }));
    expect(exp.data.exportId).toBe(responseExample('exportMailboxes').data.exportId);
    const history = await unwrap(lm.GET('/v1/export-history'));
    expect(history.data.exports.length).toBe(responseExample('listExportHistory').data.exports.length);
    const dns = await unwrap(lm.GET('/v1/dns', { params: { query: { domainId: ID } } }));
    expect(dns.data.records).toEqual(responseExample('getDnsRecords').data.records);
    const test = await unwrap(lm.POST('/v1/placement-tests', { body: requestExample('createPlacementTest') }));
    expect(test.data.placementType).toBe(requestExample('createPlacementTest').placementType);
    const counts = await unwrap(lm.GET('/v1/dashboard/mailbox-status-counts'));
    expect(counts.data).toEqual(responseExample('getMailboxStatusCounts').data);
  });

  it('Cloudflare: Mode B connects a domain', async () => {
    const result = await unwrap(lm.POST('/v1/cloudflare-credentials', { body: { domainName: 'b2bforcelabs.com' } }));
    expect(result.data.hasCredentials).toBe(true);
  });

  it('API Keys: the key endpoint takes a dashboard session token as Bearer, not the API key', async () => {
    // A stand-in for the Clerk session token a signed-in dashboard user has (not a real JWT).
    const session = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';
    const key = await unwrap(
      lm.POST('/v1/api-keys', { body: requestExample('generateApiKey'), headers: { authorization: `Bearer ${session}` } }),
    );
    expect(key.data.apiKey).toBe(responseExample('generateApiKey').data.apiKey);
    // The client's x-api-key alone does not authorise it.
    const refused = await unwrap(lm.POST('/v1/api-keys', { body: requestExample('generateApiKey') })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthenticationError);
  });
});

// The mock's front server answers `?page=N` of a list with its example `pageN` (scripts/mock/mock-front.mjs).
describe('pagination against the mock', () => {
  const pagesOf = (operationId: string) =>
    ['page1', 'page2', 'page3'].map((name) => responseExample(operationId, name).data);

  it('walks every page of /v1/domains and yields every item once, in order', async () => {
    const client = createLiteMailClient({ apiKey: 'lm_test_prism', baseUrl: inject('prismUrl') });
    const names: string[] = [];
    for await (const domain of client.paginate('/v1/domains', { params: { query: { limit: 2 } } })) names.push(domain.domain);
    expect(names).toEqual(pagesOf('retrieveDomains').flatMap((p) => p.domains.map((d: { domain: string }) => d.domain)));
  });

  it('gives whole pages with their page information', async () => {
    const client = createLiteMailClient({ apiKey: 'lm_test_prism', baseUrl: inject('prismUrl') });
    const seen = [];
    for await (const page of client.pages('/v1/mailboxes')) seen.push([page.pageInfo.currentPage, page.items.length]);
    expect(seen).toEqual(pagesOf('retrieveMailboxes').map((p) => [p.currentPage, p.mailboxes.length]));
  });

  it('stops at maxItems and maxPages', async () => {
    const client = createLiteMailClient({ apiKey: 'lm_test_prism', baseUrl: inject('prismUrl') });
    const items = [];
    for await (const m of client.paginate('/v1/mailboxes', { maxItems: 3 })) items.push(m);
    expect(items).toHaveLength(3);
    const pages = [];
    for await (const p of client.pages('/v1/mailboxes', { maxPages: 2 })) pages.push(p.pageInfo.currentPage);
    expect(pages).toEqual([1, 2]);
  });

  it('without a page number, the mock answers the default example: the whole list on one last page', async () => {
    // The front server only picks a named page when a page is asked for; a stock Prism (see
    // paginate.test.ts) answers this example to every request.
    const { data } = await lm.GET('/v1/mailboxes');
    const all = responseExample('retrieveMailboxes');
    expect(data).toEqual(all);
    expect(data!.data.mailboxes).toHaveLength(all.data.totalSearchedCount);
  });

  it('refuses a path that is not a paginated list, and bad caps', async () => {
    const walk = (fn: () => AsyncGenerator<unknown>) => async () => {
      for await (const _ of fn()) void _;
    };
    await expect(walk(() => (lm.paginate as any)('/v1/users'))()).rejects.toThrow(LiteMailError);
    await expect(walk(() => lm.paginate('/v1/tags', { maxItems: 0 }))()).rejects.toThrow(/maxItems/);
  });

  it('throws LiteMailApiError when a page fails', async () => {
    const walk = async () => {
      for await (const _ of lm.paginate('/v1/tags', { headers: { Prefer: 'code=500' } })) void _;
    };
    await expect(walk()).rejects.toBeInstanceOf(InternalServerError);
  });
});

describe('errors from the mock', () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [404, NotFoundError],
    [429, RateLimitError],
    [500, InternalServerError],
  ] as const)('unwrap throws the %i error class with LiteMail’s message', async (status, ErrorClass) => {
    const error = await unwrap(lm.GET('/v1/wallet', { headers: { Prefer: `code=${status}` } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(LiteMailApiError);
    const apiError = error as LiteMailApiError;
    expect(apiError.status).toBe(status);
    const documented = (spec.components.responses as any)[
      { 400: 'BadRequest', 401: 'Unauthorized', 404: 'NotFound', 429: 'TooManyRequests', 500: 'ServerError' }[status]
    ].content['application/json'].example;
    expect(apiError.apiMessage).toBe(documented.message);
    expect(apiError.body).toEqual(documented);
    expect(apiError).toMatchObject({ method: 'GET', path: '/v1/wallet' });
  });

  it('keeps the result style: error set, data undefined, nothing thrown', async () => {
    const result = await lm.GET('/v1/wallet', { headers: { Prefer: 'code=404' } });
    expect(result.data).toBeUndefined();
    expect(result.response.status).toBe(404);
    expect(result.error).toMatchObject({ success: false });
  });

  it('an invalid body is refused by the mock with 400 (request validation)', async () => {
    const error = await unwrap(lm.POST('/v1/tags', { body: { name: '', tagColor: 'red' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
  });
});
