// The harness every test, the demo, the mock and the contract check start Prism with: it must fail
// clearly (not hang) when Prism cannot start, and leave nothing listening once stopped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPrism } from '../../scripts/mock/prism.mjs';
import { refuses } from '../support/refuses.js';

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

  it('serves on 127.0.0.1 and a free port, and stops listening when stopped (front server and Prism)', async () => {
    const prism = await startPrism();
    const behind = prism.prism().url;
    expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(behind).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(behind).not.toBe(prism.url);
    // A kept-alive connection must not hold the front server open.
    const res = await fetch(`${prism.url}/v1/users`, { headers: { 'x-api-key': 'lm_test_key', connection: 'keep-alive' } });
    expect(res.status).toBe(200);
    await prism.stop();
    expect(await refuses(prism.url)).toBe(true);
    expect(await refuses(behind)).toBe(true);
  });

  it('restarts Prism when it dies, behind the same URL', async () => {
    const restarts: string[] = [];
    const prism = await startPrism({ onRestart: (reason) => restarts.push(reason) });
    try {
      const first = prism.prism();
      process.kill(first.pid!, 'SIGKILL');
      await expect.poll(() => prism.prism().pid, { timeout: 60_000, interval: 200 }).not.toBe(first.pid);
      const res = await fetch(`${prism.url}/v1/users`, { headers: { 'x-api-key': 'lm_test_key' } });
      expect(res.status).toBe(200);
      expect(restarts).toEqual([expect.stringMatching(/Prism exited .*restarting/)]);
      expect(await refuses(first.url)).toBe(true);
    } finally {
      await prism.stop();
    }
  }, 120_000); // two Prism start-ups, slow on a busy machine
});
