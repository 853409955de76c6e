// The harness every test, the demo, the mock and the contract check start Prism with: it must fail
// clearly (not hang) when Prism cannot start, and leave nothing listening once stopped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPrism } from '../../scripts/mock/prism.mjs';
import { refuses } from '../support/refuses.js';
import { repoRoot } from '../support/run-node.js';

const MINIMAL_SPEC = join(repoRoot, 'test', 'fixtures', 'prism-minimal.yaml');

describe('startPrism', () => {
  it('rejects with Prism’s own output when the spec cannot be loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'litemail-prism-'));
    const spec = join(dir, 'broken.yaml');
    writeFileSync(spec, 'openapi: 3.1.0\npaths: [this is not an OpenAPI document\n');
    try {
      await expect(startPrism({ spec, timeoutMs: 30_000 })).rejects.toThrow(/Prism did not start[\s\S]*prism output/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // One Prism through its whole life, on a one-operation spec: each start-up costs seconds of CPU.
  it('serves on 127.0.0.1 and a free port, restarts Prism behind the same URL when it dies, and stops listening when stopped (front server and Prism)', async () => {
    const restarts: string[] = [];
    let exitSeen!: () => void;
    const restarting = new Promise<void>((resolve) => (exitSeen = resolve));
    const prism = await startPrism({ spec: MINIMAL_SPEC, onRestart: (reason) => (restarts.push(reason), exitSeen()) });
    let behind = prism.prism().url;
    try {
      const first = prism.prism();
      expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.url).not.toBe(prism.url);
      // A kept-alive connection must not hold the front server open (see the stop below).
      const res = await fetch(`${prism.url}/v1/users`, { headers: { 'x-api-key': 'lm_test_key', connection: 'keep-alive' } });
      expect(res.status).toBe(200);

      process.kill(first.pid!, 'SIGKILL');
      await restarting; // the exit was seen: the front server now waits for the next Prism
      const again = await fetch(`${prism.url}/v1/users`, { headers: { 'x-api-key': 'lm_test_key' } });
      expect(again.status).toBe(200);
      behind = prism.prism().url;
      expect(prism.prism().pid).not.toBe(first.pid);
      expect(restarts).toEqual([expect.stringMatching(/Prism exited .*restarting/)]);
      expect(await refuses(first.url)).toBe(true);
    } finally {
      await prism.stop();
    }
    expect(await refuses(prism.url)).toBe(true);
    expect(await refuses(behind)).toBe(true);
  }, 120_000); // two Prism start-ups, slow on a busy machine
});
