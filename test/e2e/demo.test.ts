// `npm run demo` (the walk-through on the mock), `npm run demo -- --live` (read-only calls against
// an API, here a fake one) and `npm run mock`. Expected values come from the spec's examples.
// The scripts run with node, as package.json's scripts say (checked first), without npm around them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLiteMail } from '../support/fake-litemail.js';
import { cleanEnv, listening, repoRoot, runNode, type RunResult } from '../support/run-node.js';
import { responseExample, spec } from '../support/spec-examples.js';

const DEMO_KEY = 'lm_demo_key';
const DEMO = ['scripts/lib/run-ts.mjs', 'scripts/demo/demo.ts'];
const MOCK = ['scripts/mock/mock.mjs'];
const urlIn = (text: string) => /Mock mode: .* at (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];

/** The domain list's page examples, in page order. */
function domainPages(): any[] {
  const examples = spec.paths['/v1/domains'].get.responses['200'].content['application/json'].examples;
  return Object.keys(examples)
    .filter((name) => /^page\d+$/.test(name))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
    .map((name) => examples[name].value);
}

it('package.json runs the demo and the mock as these tests do', () => {
  const { scripts } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  expect(scripts.demo).toBe(`node ${DEMO.join(' ')}`);
  expect(scripts.mock).toBe(`node ${MOCK.join(' ')}`);
});

describe('npm run demo (mock)', () => {
  let result: RunResult;
  let interrupted: RunResult;
  let interruptedUrl: string | undefined;
  // A whole walk, and one interrupted with Ctrl-C as soon as it prints its mock's URL, side by
  // side: each spends most of its time waiting on its own Prism.
  beforeAll(async () => {
    [result, interrupted] = await Promise.all([
      runNode(DEMO),
      runNode(DEMO, {
        onStdout: (soFar, child) => {
          if (!interruptedUrl && (interruptedUrl = urlIn(soFar))) child.kill('SIGINT');
        },
      }),
    ]);
  }, 90_000);

  it('exits 0 without errors', () => {
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('✗');
  });

  it('walks every step with the values of the spec examples', () => {
    const out = result.stdout;
    const user = responseExample('retrieveUserDetails').data;
    expect(out).toContain(user.email);
    expect(out).toContain(`${user.assignedMailboxes} of ${user.purchasedMailboxes}`);
    expect(out).toContain(responseExample('getWalletBalance').data.walletBalance.toFixed(2));

    const pages = domainPages();
    const domains = pages.flatMap((p) => p.data.domains);
    expect(out).toContain(`${domains.length} domains across ${pages.length} pages`);
    for (const d of domains) expect(out).toContain(d.domain);

    const zone = responseExample('getCloudflareCredentials').data.domains.find((z: any) => !z.isConnected);
    expect(out).toContain(`Connected ${zone.name}`);
    const listed = domains.find((d) => d.domain === zone.name);
    expect(out).toContain(listed.id);

    expect(out).toContain(`DMARC on ${responseExample('addDmarcRecords').data.domain}`);
    for (const m of responseExample('assignMailboxesToDomain').data.mailboxes) expect(out).toContain(m.email);
    expect(out).toContain(responseExample('exportMailboxes').data.exportId);
    for (const m of responseExample('getWarmupAnalytics').data.mailboxes) expect(out).toMatch(new RegExp(`${m.email}\\s+${m.warmupStatus}\\s+${m.sent}\\b`));
  });

  it('never prints the API key', () => {
    expect(result.stdout + result.stderr).not.toContain(DEMO_KEY);
  });

  it('leaves no Prism behind: the mock it printed refuses connections', async () => {
    const url = urlIn(result.stdout);
    expect(url).toBeDefined();
    expect(await listening(url!)).toBe(false);
  });

  it('stops the mock on Ctrl-C (SIGINT)', async () => {
    expect(interruptedUrl).toBeDefined();
    expect([130, 0]).toContain(interrupted.code); // 0 only if it finished before the signal landed
    expect(await listening(interruptedUrl!)).toBe(false);
  });

  it('refuses unknown arguments with exit code 2', async () => {
    const bad = await runNode([...DEMO, '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--bogus');
  });
});

describe('npm run demo -- --live', () => {
  const LIVE_KEY = 'lm_live_demo_4b8e2d9a';
  let fake: Awaited<ReturnType<typeof startFakeLiteMail>>;
  beforeAll(async () => {
    fake = await startFakeLiteMail();
  });
  afterAll(() => fake?.close());

  it('runs only the read-only calls against LITEMAIL_BASE_URL, and says so first', async () => {
    const live = await runNode([...DEMO, '--live'], {
      env: cleanEnv({ LITEMAIL_API_KEY: LIVE_KEY, LITEMAIL_BASE_URL: fake.url }),
    });
    expect(live.code, live.stdout + live.stderr).toBe(0);
    expect(live.stdout.split('\n')[0]).toBe(`Live mode: read-only calls against ${fake.url}`);
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(fake.requests.every((r) => r.method === 'GET' && r.apiKey === LIVE_KEY)).toBe(true);
    expect(new Set(fake.requests.map((r) => r.operationId))).toEqual(
      new Set(['retrieveUserDetails', 'getWalletBalance', 'retrieveDomains', 'getWarmupAnalytics']),
    );
    // The real API pages by itself: every page of the list is walked (no mock middleware).
    const pages = domainPages();
    expect(live.stdout).toContain(`across ${pages.length} pages`);
    expect(live.stdout).not.toContain('Mock mode');
    expect(live.stdout + live.stderr).not.toContain(LIVE_KEY);
  });

  it('shows a failing step with ✗, runs the others, and exits 1', async () => {
    const failing = await startFakeLiteMail({
      getWarmupAnalytics: () => ({ status: 404, body: { success: false, message: 'Resource not found' } }),
    });
    try {
      const live = await runNode([...DEMO, '--live'], {
        env: cleanEnv({ LITEMAIL_API_KEY: LIVE_KEY, LITEMAIL_BASE_URL: failing.url }),
      });
      expect(live.code).toBe(1);
      expect(live.stdout).toMatch(/✗ NotFoundError: .*404/);
      expect(live.stdout).toContain(responseExample('retrieveUserDetails').data.email);
    } finally {
      await failing.close();
    }
  });

  it('needs LITEMAIL_API_KEY: a clear error and exit 1', async () => {
    const live = await runNode([...DEMO, '--live'], { env: cleanEnv({ LITEMAIL_BASE_URL: fake.url }) });
    expect(live.code).toBe(1);
    expect(live.stderr).toContain('LITEMAIL_API_KEY');
  });
});

describe('npm run mock', () => {
  it('prints its URL and a curl line, serves the spec examples, and stops on SIGTERM', async () => {
    let url: string | undefined;
    let answered: unknown;
    const mock = await runNode(MOCK, {
      onStdout: (soFar, child) => {
        if (url) return;
        url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(soFar)?.[1];
        if (!url) return;
        fetch(`${url}/v1/users`, { headers: { 'x-api-key': 'lm_mock_key' } })
          .then((r) => r.json())
          .then((body) => (answered = body))
          .finally(() => child.kill('SIGTERM'));
      },
    });
    expect(mock.code, mock.stderr).toBe(0);
    expect(mock.stdout).toContain(`curl -H 'x-api-key: lm_mock_key' ${url}/v1/users`);
    expect(answered).toEqual(responseExample('retrieveUserDetails'));
    expect(await listening(url!)).toBe(false);
  }, 60_000);
});
