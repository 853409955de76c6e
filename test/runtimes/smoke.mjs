// The runtime smoke test: the same few calls on every runtime the package supports (Node 20/22/24,
// Bun, headless Chromium; see scripts/build/test-runtimes.mjs), against a Prism mock of the spec.
// `sdk` is the package's module (the built ESM or CommonJS entry), so the caller picks the format.
// The mock's front server pages lists (`?page=N` → the example `pageN`), so no middleware is needed.

function check(condition, message) {
  if (!condition) throw new Error(`smoke: ${message}`);
}

/**
 * @param {any} sdk the litemail-sdk module
 * @param {string} baseUrl the Prism mock's URL
 * @returns {Promise<Record<string, unknown>>} what each step saw
 */
export async function smoke(sdk, baseUrl) {
  // 1. Create a client.
  const client = sdk.createLiteMailClient({ apiKey: 'lm_test_smoke_key', baseUrl, timeoutMs: 10_000 });

  // 2. A typed call, data or throw.
  const user = await sdk.unwrap(client.GET('/v1/users'));
  check(typeof user?.data?.email === 'string' && user.data.email.includes('@'), `GET /v1/users gave no user email: ${JSON.stringify(user)}`);

  // 3. Pagination: every mailbox of every page.
  const emails = [];
  for await (const mailbox of client.paginate('/v1/mailboxes', { params: { query: { limit: 2 } } })) emails.push(mailbox.email);
  check(emails.length === 5 && new Set(emails).size === 5, `paginate gave ${JSON.stringify(emails)}, expected 5 distinct mailboxes over 3 pages`);

  // 4. An error: a body mixing the two modes of POST /v1/cloudflare-credentials is a 400.
  const mixed = { email: 'admin@company.com', apiKey: 'abc123globalApiKey', accountId: 'acc_xyz789', domainName: 'northwind-outreach.com' };
  let error;
  try {
    await sdk.unwrap(client.POST('/v1/cloudflare-credentials', { body: mixed }));
  } catch (caught) {
    error = caught;
  }
  check(error instanceof sdk.BadRequestError && error instanceof sdk.LiteMailApiError && error instanceof Error, `expected a BadRequestError, got ${error}`);
  check(error.status === 400 && error.method === 'POST' && error.path === '/v1/cloudflare-credentials', `wrong error details: ${JSON.stringify(error)}`);
  check(!JSON.stringify(error).includes('lm_test_smoke_key'), 'the error leaks the API key');

  return { user: user.data.email, mailboxes: emails.length, error: `${error.name} ${error.status}` };
}
