// `npm run demo`: a provisioning walk-through with the typed client, against a local Prism mock
// of the spec (no account, no network): who am I and my wallet, the domains page by page, connect
// a Cloudflare domain, add DMARC, assign mailboxes, export them to Instantly, read warmup analytics.
//
// `npm run demo -- --live`: only the read-only calls (user, wallet, domains, warmup analytics),
// against the real API, with LITEMAIL_API_KEY (and LITEMAIL_BASE_URL when set).
//
// The step functions below are plain client code, meant to be copied.
import { startPrism } from '../mock/prism.mjs';
import { defaultBaseUrl } from '../../generated/api.js';
import { LiteMailApiError, LiteMailError, createLiteMailClient, unwrap, type LiteMailClient } from '../../src/index.js';

// ---------------------------------------------------------------------------------------------
// The walk-through: one function per step, each a few typed calls.

/** Who am I, and how much is in my wallet. */
async function account(lm: LiteMailClient) {
  const { data: user } = await unwrap(lm.GET('/v1/users'));
  const { data: wallet } = await unwrap(lm.GET('/v1/wallet'));
  ok(`${user.firstName} ${user.lastName} <${user.email}>, plan ${user.activePlan ?? 'none'}`);
  ok(`Mailboxes: ${user.assignedMailboxes} of ${user.purchasedMailboxes} purchased are assigned`);
  const recharge = wallet.autoRechargeDetails;
  ok(
    `Wallet balance: ${money(wallet.walletBalance)} ${wallet.currency}` +
      (wallet.autoRechargeEnabled && recharge
        ? ` (auto-recharge: +${money(recharge.minimumRechargeAmount)} when below ${money(recharge.threshold)})`
        : ' (auto-recharge off)'),
  );
}

/** Every domain, page by page: `lm.pages` follows `nextPage` until the last page. */
async function domains(lm: LiteMailClient, maxPages?: number) {
  const rows: string[][] = [];
  let pages = 0;
  let total = 0;
  for await (const page of lm.pages('/v1/domains', { params: { query: { limit: 2 } }, maxPages })) {
    pages += 1;
    total = page.pageInfo.totalSearchedCount;
    for (const d of page.items) rows.push([String(page.pageInfo.currentPage), d.domain, d.status, d.registrar, String(d.assignedMailboxesCount)]);
  }
  ok(`${rows.length} domains across ${pages} page${pages === 1 ? '' : 's'}` + (rows.length < total ? ` (${total} in all)` : ''));
  table(['PAGE', 'DOMAIN', 'STATUS', 'REGISTRAR', 'MAILBOXES'], rows, [0, 4]);
}

/** Mode B of POST /v1/cloudflare-credentials: connect a zone of the saved Cloudflare account. */
async function connectCloudflareDomain(lm: LiteMailClient) {
  const { data: cloudflare } = await unwrap(lm.GET('/v1/cloudflare-credentials'));
  const zone = cloudflare.domains.find((z) => !z.isConnected);
  if (!zone) throw new LiteMailError('every Cloudflare zone is already connected');
  ok(`Cloudflare zones: ${cloudflare.totalDomains} visible, ${zone.name} not connected yet`);

  const { data: connected } = await unwrap(lm.POST('/v1/cloudflare-credentials', { body: { domainName: zone.name } }));
  const now = connected.domains.find((z) => z.name === zone.name);
  if (!now?.isConnected) throw new LiteMailError(`${zone.name} is still not connected`);
  ok(`Connected ${zone.name} (Cloudflare zone ${now.id}, ${now.status})`);

  // The connected zone is now a LiteMail domain: find its id by name.
  for await (const domain of lm.paginate('/v1/domains', { params: { query: { contains: zone.name } } })) {
    if (domain.domain === zone.name) {
      ok(`${domain.domain} is domain ${domain.id} (${domain.registrar}, ${domain.status})`);
      return domain;
    }
  }
  throw new LiteMailError(`${zone.name} is not in the domain list after connecting it`);
}

/** Publish a DMARC record for the domain. */
async function addDmarc(lm: LiteMailClient, domain: { id: string; domain: string }) {
  const { data } = await unwrap(
    lm.POST('/v1/domains/{id}/dmarc', {
      params: { path: { id: domain.id } },
      body: { email: `dmarc@${domain.domain}`, policy: 'NONE' },
    }),
  );
  ok(`DMARC on ${data.domain}: policy ${data.dmarcPolicy ?? 'none'}, reports to ${data.dmarcEmail ?? 'nobody'}`);
}

/** Create mailboxes on the domain. Billable: the client never re-sends it on its own. */
async function assignMailboxes(lm: LiteMailClient, domainId: string) {
  const { data } = await unwrap(
    lm.POST('/v1/domains/{id}/mailboxes', {
      params: { path: { id: domainId } },
      body: {
        mailboxes: [
          { firstName: 'Sarah', lastName: 'Chen', mailboxUsername: 'sarah' },
          { firstName: 'Jordan', lastName: 'Mills', mailboxUsername: 'jordan.mills' },
        ],
      },
    }),
  );
  ok(`${data.mailboxes.length} mailboxes created`);
  table(
    ['EMAIL', 'PROVIDER', 'STATUS', 'WARMUP'],
    data.mailboxes.map((m) => [m.email, m.provider, m.status, m.warmupStatus]),
  );
  return data.mailboxes.map((m) => m.id);
}

/** Export the new mailboxes to a sending platform. */
async function exportMailboxes(lm: LiteMailClient, ids: string[]) {
  const { data } = await unwrap(lm.POST('/v1/exports', { body: { apps: ['INSTANTLY'], ids } }));
  ok(`Export ${data.exportId} to INSTANTLY: ${data.status} (follow it with GET /v1/export-history)`);
}

/** Warmup results of the last two weeks, every mailbox (paginated like every list). */
async function warmupAnalytics(lm: LiteMailClient, domainId?: string, maxItems?: number) {
  const to = new Date();
  const from = new Date(to.getTime() - 13 * 86_400_000);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const rows: string[][] = [];
  for await (const m of lm.paginate('/v1/mailboxes/warmup-analytics', {
    params: { query: { domainId, from: day(from), to: day(to) } },
    maxItems,
  })) {
    rows.push([m.email, m.warmupStatus, String(m.sent), String(m.landedInbox), String(m.landedSpam), `${m.inboxRate}%`, String(m.reputationScore ?? '-')]);
  }
  ok(`Warmup analytics for ${rows.length} mailbox${rows.length === 1 ? '' : 'es'}, ${day(from)} to ${day(to)}`);
  table(['EMAIL', 'WARMUP', 'SENT', 'INBOX', 'SPAM', 'INBOX RATE', 'REPUTATION'], rows, [2, 3, 4, 5, 6]);
}

// ---------------------------------------------------------------------------------------------
// Running it: against the mock (everything) or the live API (read-only steps only).

async function onMock() {
  console.log('LiteMail SDK demo\n');
  // Started here, stopped in `finally` and on Ctrl-C.
  prismStarting = startPrism();
  const prism = await prismStarting;
  try {
    console.log(`Mock mode: a local Prism mock of the LiteMail spec at ${prism.url} (no account, no network).`);
    console.log("The mock answers with the spec's examples, so answers need not match what was sent.\n");
    // An obviously fake key: the mock checks that one is sent, not what it is.
    const lm = createLiteMailClient({ apiKey: 'lm_demo_key', baseUrl: prism.url });
    // The spec has two example answers for POST /v1/cloudflare-credentials; ask for Mode B's.
    lm.use({
      onRequest: ({ request, schemaPath }) => {
        if (request.method === 'POST' && schemaPath === '/v1/cloudflare-credentials') request.headers.set('Prefer', 'example=domainConnected');
        return request;
      },
    });

    await step('Who am I', 'GET /v1/users, GET /v1/wallet', () => account(lm));
    await step('Domains, page by page', "lm.pages('/v1/domains'), 2 per page", () => domains(lm));
    const domain = await step('Connect a Cloudflare domain (Mode B)', 'GET and POST /v1/cloudflare-credentials', () =>
      connectCloudflareDomain(lm),
    );
    await step('Add DMARC', 'POST /v1/domains/{id}/dmarc', () => addDmarc(lm, domain));
    const ids = await step('Assign mailboxes', 'POST /v1/domains/{id}/mailboxes, billable: never retried automatically', () =>
      assignMailboxes(lm, domain.id),
    );
    await step('Export to a sending platform', 'POST /v1/exports', () => exportMailboxes(lm, ids));
    await step('Warmup analytics', "lm.paginate('/v1/mailboxes/warmup-analytics')", () => warmupAnalytics(lm, domain.id));
  } finally {
    await prism.stop();
  }
  console.log(`Done in ${seconds()} s; mock stopped.`);
}

async function live() {
  if (!process.env.LITEMAIL_API_KEY) {
    console.error('--live needs your API key in LITEMAIL_API_KEY (and LITEMAIL_BASE_URL if the API is not at the default URL).');
    return 1;
  }
  const baseUrl = (process.env.LITEMAIL_BASE_URL || defaultBaseUrl).replace(/\/+$/, '');
  console.log(`Live mode: read-only calls against ${baseUrl}`);
  console.log('Only GET requests are sent: nothing is bought, created or changed.\n');
  const lm = createLiteMailClient(); // LITEMAIL_API_KEY and LITEMAIL_BASE_URL from the environment
  let failed = 0;
  // Each step on its own: one the API does not have yet (the spec is partly designed) does not stop the rest.
  const tryStep = (title: string, calls: string, run: () => Promise<unknown>) =>
    step(title, calls, run).catch(() => {
      failed += 1;
    });
  await tryStep('Who am I', 'GET /v1/users, GET /v1/wallet', () => account(lm));
  await tryStep('Domains, page by page', "lm.pages('/v1/domains'), 2 per page, at most 3 pages", () => domains(lm, 3));
  await tryStep('Warmup analytics', "lm.paginate('/v1/mailboxes/warmup-analytics'), at most 20 mailboxes", () =>
    warmupAnalytics(lm, undefined, 20),
  );
  console.log(failed ? `${failed} step${failed === 1 ? '' : 's'} failed (see ✗ above).` : `Done in ${seconds()} s.`);
  return failed ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Output helpers.

const started = performance.now();
let stepNumber = 0;
let prismStarting: ReturnType<typeof startPrism> | undefined;
const reported = new WeakSet<object>();

function seconds() {
  return ((performance.now() - started) / 1000).toFixed(1);
}

function ok(line: string) {
  console.log(`   ✓ ${line}`);
}

async function step<T>(title: string, calls: string, run: () => Promise<T>): Promise<T> {
  stepNumber += 1;
  console.log(`${stepNumber}. ${title}  (${calls})`);
  try {
    return await run();
  } catch (error) {
    console.log(`   ✗ ${describe(error)}`);
    if (error instanceof Object) reported.add(error);
    throw error;
  } finally {
    console.log('');
  }
}

/** A small aligned table; `right` lists the columns aligned to the right (numbers). */
function table(header: string[], rows: string[][], right: number[] = []) {
  if (rows.length === 0) return console.log('     (none)');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    '     ' +
    cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

function money(n: number) {
  return n.toFixed(2);
}

function describe(error: unknown) {
  if (error instanceof LiteMailApiError) return `${error.name}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

// Ctrl-C: stop the mock (even while it is still starting) before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    const stopping = prismStarting ? prismStarting.then((p) => p.stop()) : Promise.resolve();
    stopping.catch(() => {}).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--live');
if (unknown.length) {
  console.error(`Unknown argument ${unknown.join(' ')}. Usage: npm run demo [-- --live]`);
  process.exit(2);
}
try {
  process.exitCode = args.includes('--live') ? await live() : (await onMock(), 0);
} catch (error) {
  console.error(reported.has(error as object) ? 'The demo stopped at the step marked ✗.' : `✗ ${describe(error)}`);
  process.exitCode = 1;
}
