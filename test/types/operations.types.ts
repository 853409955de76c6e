// Type tests for `litemail-sdk/operations`, checked by `tsc --noEmit` in `npm test`: every expected
// error below must be an error, so calling by name can never become looser than calling by path.
import { createLiteMailClient, unwrap, type components } from '../../src/index.js';
import { withOperations } from '../../src/operations.js';

const lm = withOperations(createLiteMailClient({ apiKey: 'lm_types_only', baseUrl: 'http://127.0.0.1:1' }));

export async function callByName() {
  const { data, error } = await lm.call('getMailboxDetails', { params: { path: { id: 'cm4q7r2x10003lm08abcd1234' } } });
  if (data) {
    const success: boolean = data.success;
    void success;
  }
  if (error) {
    const message: string = error.message;
    void message;
  }
  const user = await unwrap(lm.call('retrieveUserDetails'));
  const email: string = user.data.email;
  void email;
  await lm.call('retrieveUserDetails', { maxRetries: 0, timeoutMs: 5_000 });
  await lm.call('purchaseDomain', { body: { domains: [{ domainName: 'northwindreach.com', years: 1 }], useWallet: true } });
  await lm.call('saveCloudflareCredentials', { body: { domainName: 'b2bforcelabs.com' } });
  // The path-style call is still there.
  await lm.GET('/v1/users');
}

export async function refusedCalls() {
  // @ts-expect-error an operationId the spec does not have
  await lm.call('getMailbox', {});
  // @ts-expect-error the path parameter is required
  await lm.call('getMailboxDetails', {});
  // @ts-expect-error the init, with its path parameter, is required
  await lm.call('getMailboxDetails');
  // @ts-expect-error path parameters are typed
  await lm.call('getMailboxDetails', { params: { path: { id: 42 } } });
  // @ts-expect-error the body is required
  await lm.call('purchaseDomain');
  // @ts-expect-error the body's fields are typed
  await lm.call('purchaseDomain', { body: { domains: 'northwindreach.com' } });
  // @ts-expect-error Mode A and Mode B of the Cloudflare body cannot be mixed
  await lm.call('saveCloudflareCredentials', { body: { email: 'a@b.co', apiKey: 'k', accountId: 'acc', domainName: 'x.com' } });
  // @ts-expect-error query parameters are typed
  await lm.call('retrieveMailboxes', { params: { query: { page: 'two' } } });
  // @ts-expect-error per-call options are typed
  await lm.call('retrieveUserDetails', { maxRetries: 'twice' });
}

export async function paginationByName() {
  for await (const mailbox of lm.paginate('retrieveMailboxes', { params: { query: { limit: 100 } }, maxItems: 500 })) {
    const item: components['schemas']['Mailbox'] = mailbox;
    void item;
  }
  for await (const page of lm.pages('retrieveDomains', { maxPages: 2 })) {
    const items: components['schemas']['Domain'][] = page.items;
    void items;
  }
  // Paths still work on the same methods.
  for await (const mailbox of lm.paginate('/v1/mailboxes')) void mailbox;
  // @ts-expect-error only operations the spec marks as paginated
  lm.paginate('retrieveUserDetails');
  // @ts-expect-error caps are numbers
  lm.paginate('listTags', { maxItems: 'all' });
}
