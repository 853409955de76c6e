// `npm run contract` against a fake LiteMail API that deviates from the spec on purpose: each
// deviation must be in the report under its operation with the place in spec/ to fix, conforming
// operations must not be, and the API key (which the fake echoes back once) must appear nowhere.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { resolvePointer } from '../../scripts/spec/spec.mjs';
import { startFakeLiteMail } from '../support/fake-litemail.js';
import { cleanEnv, repoRoot, runNode, type RunResult } from '../support/run-node.js';
import { responseExample } from '../support/spec-examples.js';

const API_KEY = 'lm_live_contract_7f3a9c1e5b';
/** `npm run contract`: a TypeScript entry, run through the repository's esbuild runner. */
const CONTRACT = ['scripts/lib/run-ts.mjs', 'scripts/contract/contract.ts'];
const clone = <T>(value: T): T => structuredClone(value);

// The deliberate deviations, by operation.
const deviations = {
  // walletBalance as a string instead of a number
  retrieveUserDetails: () => {
    const body = clone(responseExample('retrieveUserDetails'));
    body.data.walletBalance = '240.50';
    return { status: 200, body };
  },
  // a required field missing
  getWalletBalance: () => {
    const body = clone(responseExample('getWalletBalance'));
    delete body.data.currency;
    return { status: 200, body };
  },
  // a status outside the enum
  retrieveMailboxes: () => {
    const body = clone(responseExample('retrieveMailboxes'));
    body.data.mailboxes[0].status = 'SUSPENDED';
    return { status: 200, body };
  },
  // a 500 without the error envelope, echoing the API key it received
  listWebhooks: ({ apiKey }: { apiKey: string | undefined }) => ({
    status: 500,
    body: { error: 'upstream exploded', debug: { receivedKey: apiKey } },
  }),
  // an operation the API does not have
  listPlacementTests: () => ({ status: 501, body: 'Not Implemented', contentType: 'text/plain' }),
};
// Answers that conform but leave the operation's 2xx unchecked.
const unchecked = {
  // an id the account does not have: only the documented 404 is checked (conforms)
  getDomainDetails: () => ({ status: 404, body: { success: false, message: 'Resource not found' } }),
  // the key refused: nothing was checked, which must not pass as "ok"
  listTags: () => ({ status: 401, body: { success: false, message: 'Invalid or missing API key' } }),
  // a malformed Content-Type crashes Prism 5.14 itself: the check must say so and go on
  getDashboardOverview: () => ({ status: 200, body: '{}', contentType: 'application/json; charset' }),
};

type Report = {
  summary: { checked: number; operationsWithViolations: number; violations: number; notChecked: number; skipped: number };
  operations: {
    operationId: string;
    result: string;
    status?: number;
    reason?: string;
    note?: string;
    bodyExcerpt?: string;
    violations?: { severity: string; code: string; where: string; message: string; received?: string; spec?: { file: string; pointer: string; line?: number } }[];
  }[];
};

let fake: Awaited<ReturnType<typeof startFakeLiteMail>>;
let clean: Awaited<ReturnType<typeof startFakeLiteMail>>;
let out: string;
let cleanOut: string;
let run: RunResult;
let cleanRun: RunResult;
let report: Report;
let markdown: string;

/** `npm run contract` against `upstream`, writing its report to `dir`. */
const runContract = (upstream: string, dir: string) =>
  runNode([...CONTRACT, '--upstream', upstream, '--out', dir], { env: cleanEnv({ LITEMAIL_API_KEY: API_KEY }) });

// Both runs (against the deviating API and against a conforming one) start here, side by side:
// each spends most of its time waiting on its own Prism.
beforeAll(async () => {
  [fake, clean] = await Promise.all([startFakeLiteMail({ ...deviations, ...unchecked }), startFakeLiteMail()]);
  out = mkdtempSync(join(tmpdir(), 'litemail-contract-'));
  cleanOut = mkdtempSync(join(tmpdir(), 'litemail-contract-'));
  [run, cleanRun] = await Promise.all([runContract(fake.url, out), runContract(clean.url, cleanOut)]);
  report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  markdown = readFileSync(join(out, 'report.md'), 'utf8');
}, 90_000);

afterAll(async () => {
  await Promise.all([fake?.close(), clean?.close()]);
  for (const dir of [out, cleanOut]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const op = (id: string) => report.operations.find((o) => o.operationId === id)!;
const specValue = (file: string, pointer: string) => resolvePointer(YAML.parse(readFileSync(join(repoRoot, file), 'utf8')), pointer);
const lineText = (file: string, line: number) => readFileSync(join(repoRoot, file), 'utf8').split('\n')[line - 1] ?? '';

describe('npm run contract against a deviating API', () => {
  it('exits 1 (violations found) and sends only read-only requests, with the key', () => {
    expect(run.code, run.stderr).toBe(1);
    expect(fake.requests.length).toBeGreaterThan(10);
    expect(fake.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(fake.requests.every((r) => r.apiKey === API_KEY)).toBe(true);
  });

  it('reports exactly the deviating operations; every other read-only operation conforms', () => {
    const failing = report.operations.filter((o) => o.result === 'violations').map((o) => o.operationId);
    expect(failing.sort()).toEqual(Object.keys(deviations).sort());
    const others = report.operations.filter((o) => !(o.operationId in deviations) && !(o.operationId in unchecked));
    expect(others.length).toBeGreaterThan(10);
    for (const o of others) expect(o.result, o.operationId).toBe('ok');
    expect(report.summary.checked).toBe(report.operations.length - report.summary.skipped - report.summary.notChecked);
  });

  it('marks an error answer as checking the error response only, and a refused key as not checked', () => {
    expect(op('getDomainDetails')).toMatchObject({ result: 'ok', status: 404, note: 'only the error response was checked' });
    expect(op('listTags')).toMatchObject({ result: 'not-checked', status: 401, reason: expect.stringContaining('refused the key') });
  });

  it('reports an answer that crashed Prism as not checked, and checks the operations after it', () => {
    const o = op('getDashboardOverview');
    expect(o).toMatchObject({ result: 'not-checked', reason: expect.stringContaining('crashed') });
    expect(report.summary.notChecked).toBe(2);
    const after = report.operations.slice(report.operations.indexOf(o) + 1);
    expect(after.length).toBeGreaterThan(0);
    for (const next of after) expect(next.result, next.operationId).not.toBe('not-checked');
  });

  it('a wrong type: GET /v1/users walletBalance, located at the property in spec/paths/users.yaml', () => {
    const [v, ...rest] = op('retrieveUserDetails').violations!;
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ severity: 'Error', code: 'type', where: 'response body /data/walletBalance', received: '"240.50"' });
    expect(v!.spec).toMatchObject({ file: 'spec/paths/users.yaml', pointer: '/schemas/User/properties/walletBalance/type' });
    expect(specValue(v!.spec!.file, v!.spec!.pointer)).toBe('number');
    expect(lineText(v!.spec!.file, v!.spec!.line!)).toMatch(/^\s+type: number/);
  });

  it('a missing required field: GET /v1/wallet currency, located at the required list', () => {
    const [v] = op('getWalletBalance').violations!;
    expect(v).toMatchObject({ code: 'required', where: 'response body /data' });
    expect(v!.message).toContain("'currency'");
    expect(v!.spec!.file).toBe('spec/paths/wallet.yaml');
    expect(specValue(v!.spec!.file, v!.spec!.pointer)).toContain('currency');
  });

  it('a value outside the enum: GET /v1/mailboxes status, located at the enum', () => {
    const [v] = op('retrieveMailboxes').violations!;
    expect(v).toMatchObject({ code: 'enum', where: 'response body /data/mailboxes/0/status', received: '"SUSPENDED"' });
    expect(v!.spec!.file).toBe('spec/paths/mailboxes.yaml');
    const allowed = specValue(v!.spec!.file, v!.spec!.pointer);
    expect(allowed).toEqual(expect.arrayContaining(['ACTIVE', 'IN_PROGRESS']));
    expect(allowed).not.toContain('SUSPENDED');
  });

  it('a 500 without the error envelope: GET /v1/webhooks, located at the shared Error schema', () => {
    const o = op('listWebhooks');
    expect(o.status).toBe(500);
    const messages = o.violations!.map((v) => v.message).join('\n');
    expect(messages).toContain("'success'");
    expect(messages).toContain("'message'");
    for (const v of o.violations!) {
      expect(v.spec).toMatchObject({ file: 'spec/openapi.yaml', pointer: '/components/schemas/Error/required' });
    }
    expect(o.bodyExcerpt).toContain('upstream exploded');
  });

  it('an operation the API does not have (501): GET /v1/placement-tests, located at the operation', () => {
    const [v, ...rest] = op('listPlacementTests').violations!;
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ code: 'not-implemented' });
    expect(v!.spec!.file).toBe('spec/paths/placement.yaml');
    expect(specValue(v!.spec!.file, v!.spec!.pointer)).toMatchObject({ operationId: 'listPlacementTests' });
  });

  it('gives every violation a spec location that exists', () => {
    for (const o of report.operations) {
      for (const v of o.violations ?? []) {
        expect(v.spec, `${o.operationId} ${v.message}`).toBeDefined();
        expect(specValue(v.spec!.file, v.spec!.pointer), `${v.spec!.file}#${v.spec!.pointer}`).toBeDefined();
        expect(v.spec!.line).toBeGreaterThan(0);
      }
    }
  });

  it('writes the same findings in Markdown, grouped by operation with file:line locations', () => {
    for (const id of Object.keys(deviations)) expect(markdown).toContain(`(\`${id}\`)`);
    const users = op('retrieveUserDetails').violations![0]!.spec!;
    expect(markdown).toContain(`\`${users.file}:${users.line}\` \`#${users.pointer}\``);
    expect(markdown).toContain('response body /data/mailboxes/0/status');
    expect(markdown).not.toContain('### GET /v1/domains/{id} ');
  });

  it('never writes or prints the API key, even when the API echoes it', () => {
    // The fake did echo it: the 500 body in the report shows where, redacted.
    expect(op('listWebhooks').bodyExcerpt).toContain('[redacted]');
    for (const text of [readFileSync(join(out, 'report.json'), 'utf8'), markdown, run.stdout, run.stderr]) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(API_KEY.slice(3, -3));
    }
  });
});

describe('npm run contract against a conforming API', () => {
  it('exits 0 with no violations', () => {
    expect(cleanRun.code, cleanRun.stdout + cleanRun.stderr).toBe(0);
    const cleanReport: Report = JSON.parse(readFileSync(join(cleanOut, 'report.json'), 'utf8'));
    expect(cleanReport.summary).toMatchObject({ violations: 0, operationsWithViolations: 0, notChecked: 0 });
  });
});

// Each case is a process of its own that stops at its arguments: they run side by side.
describe('npm run contract usage errors (exit 2)', () => {
  it.concurrent.for<[name: string, args: string[], env: Record<string, string>, message: RegExp]>([
    ['no --upstream', [], { LITEMAIL_API_KEY: API_KEY }, /--upstream is required/],
    ['no API key', ['--upstream', 'http://127.0.0.1:9'], {}, /LITEMAIL_API_KEY/],
    ['plain http to a remote host', ['--upstream', 'http://api.example.com'], { LITEMAIL_API_KEY: API_KEY }, /plain http/],
    ['an unknown option', ['--upstream', 'https://api.example.com', '--bogus'], { LITEMAIL_API_KEY: API_KEY }, /bogus/],
  ])('%s', async ([_name, args, env, message], { expect }) => {
    const result = await runNode([...CONTRACT, ...args], { env: cleanEnv(env) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain(API_KEY);
  });
});
