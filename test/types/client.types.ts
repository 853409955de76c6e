// Type tests, checked by `tsc --noEmit` in `npm test`: each @ts-expect-error must be an error,
// so these lines fail the build if the types ever start accepting what they should refuse.
import { createLiteMailClient, unwrap, LiteMailApiError, RateLimitError, type components, type paths } from '../../src/index.js';

const lm = createLiteMailClient({ apiKey: 'lm_types_only', baseUrl: 'http://127.0.0.1:1' });

export async function cloudflareBodies() {
  // Mode A and Mode B are each fine on their own.
  await lm.POST('/v1/cloudflare-credentials', { body: { email: 'a@b.co', apiKey: 'k', accountId: 'acc' } });
  await lm.POST('/v1/cloudflare-credentials', { body: { domainName: 'b2bforcelabs.com' } });
  // @ts-expect-error a body mixing Mode A and Mode B fields is refused
  await lm.POST('/v1/cloudflare-credentials', { body: { email: 'a@b.co', apiKey: 'k', accountId: 'acc', domainName: 'x.com' } });
  // @ts-expect-error Mode B with one Mode A field is refused
  await lm.POST('/v1/cloudflare-credentials', { body: { domainName: 'x.com', email: 'a@b.co' } });
  // @ts-expect-error Mode A missing accountId is refused
  await lm.POST('/v1/cloudflare-credentials', { body: { email: 'a@b.co', apiKey: 'k' } });
  // @ts-expect-error an empty body is refused
  await lm.POST('/v1/cloudflare-credentials', { body: {} });
  // @ts-expect-error the body is required
  await lm.POST('/v1/cloudflare-credentials');
}

export async function pathsAndParams() {
  // @ts-expect-error an unknown path
  await lm.GET('/v1/mailbox');
  await lm.GET(
    // @ts-expect-error it is the path that is reported (openapi-fetch 0.17 says "Expected 2 arguments")
    '/v1/mailbox',
  );
  // @ts-expect-error a path parameter is required
  await lm.GET('/v1/mailboxes/{id}', {});
  // @ts-expect-error the init, with its path parameter, is required
  await lm.GET('/v1/mailboxes/{id}');
  // @ts-expect-error the body, with its required fields, is required
  await lm.POST('/v1/mailboxes');
  // @ts-expect-error GET /v1/domains/available has a required query parameter
  await lm.GET('/v1/domains/available', {});
  await lm.GET('/v1/domains/available', { params: { query: { query: 'northwind' } } });
  await lm.GET('/v1/mailboxes/{id}', { params: { path: { id: 'cm4q7r2x10003lm08abcd1234' } } });
  // @ts-expect-error query parameters are typed
  await lm.GET('/v1/mailboxes', { params: { query: { page: 'two' } } });
  // @ts-expect-error DELETE is not an operation of /v1/users
  await lm.DELETE('/v1/users');
  // @ts-expect-error per-call options are typed
  await lm.GET('/v1/users', { maxRetries: 'twice' });
  await lm.GET('/v1/users', { maxRetries: 0, timeoutMs: 5_000 });
}

export async function resultsAndErrors() {
  const { data, error } = await lm.GET('/v1/users');
  if (data) {
    const email: string = data.data.email;
    void email;
  }
  if (error) {
    const message: string = error.message;
    void message;
  }
  const user = await unwrap(lm.GET('/v1/users'));
  const balance: number = user.data.walletBalance;
  // @ts-expect-error unwrap gives the data: no `error` on it
  void user.error;
  void balance;
  try {
    await unwrap(lm.GET('/v1/users'));
  } catch (e) {
    if (e instanceof RateLimitError) {
      const status: 429 = e.status;
      void status;
    } else if (e instanceof LiteMailApiError) {
      const status: number = e.status;
      void status;
    }
  }
}

export async function pagination() {
  for await (const mailbox of lm.paginate('/v1/mailboxes', { params: { query: { limit: 100 } }, maxItems: 500 })) {
    const item: components['schemas']['Mailbox'] = mailbox;
    void item;
  }
  for await (const page of lm.pages('/v1/domains', { maxPages: 2 })) {
    const next: number | null = page.pageInfo.nextPage;
    void next;
  }
  // @ts-expect-error only lists the spec marks as paginated can be paginated
  lm.paginate('/v1/users');
  // @ts-expect-error caps are numbers
  lm.paginate('/v1/tags', { maxItems: 'all' });
}

export type MailboxList = paths['/v1/mailboxes']['get'];

export async function openapiFetchOptions() {
  // Every createClient option of openapi-fetch is accepted, with its types.
  const options = {
    apiKey: 'lm_types_only',
    baseUrl: 'http://127.0.0.1:1',
    headers: new Headers({ 'x-tenant': 'acme' }),
    querySerializer: { array: { style: 'pipeDelimited', explode: false } },
    pathSerializer: (path: string) => path,
    bodySerializer: (body: unknown) => JSON.stringify(body),
    Request,
    requestInitExt: { dispatcher: {} },
    credentials: 'omit',
    cache: 'no-store',
    keepalive: true,
    fetch: (request: Request) => fetch(request),
  } as const;
  const client = createLiteMailClient(options);
  createLiteMailClient({ headers: [['x-a', '1']] });
  createLiteMailClient({ headers: { 'x-n': 1, 'x-drop': null } });
  // @ts-expect-error querySerializer options are typed
  createLiteMailClient({ querySerializer: { array: { style: 'comma', explode: false } } });
  // @ts-expect-error cache is a RequestCache
  createLiteMailClient({ cache: 'sometimes' });

  // request(method, path, init): the path must have that method, the init is typed for it.
  const { data } = await client.request('get', '/v1/users');
  const email: string | undefined = data?.data.email;
  void email;
  await client.request('get', '/v1/mailboxes/{id}', { params: { path: { id: 'cm4q7r2x10003lm08abcd1234' } }, maxRetries: 0 });
  // @ts-expect-error DELETE is not an operation of /v1/users
  await client.request('delete', '/v1/users');
  // @ts-expect-error the path parameter is required
  await client.request('get', '/v1/mailboxes/{id}', {});
}
