// The harness every test, the demo, the mock and the contract check start Prism with: it must fail
// clearly (not hang) when Prism cannot start, and leave nothing listening once stopped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPrism } from '../scripts/lib/prism.mjs';

function refuses(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

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

  it('serves on 127.0.0.1 and a free port, and stops listening when stopped', async () => {
    const prism = await startPrism();
    expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${prism.url}/v1/users`, { headers: { 'x-api-key': 'lm_test_key' } });
    expect(res.status).toBe(200);
    await prism.stop();
    expect(await refuses(prism.url)).toBe(true);
  });
});
