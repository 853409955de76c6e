// The official MCP Inspector's CLI (`@modelcontextprotocol/inspector`, a devDependency) lists the
// tools of `litemail mcp` with `--strict`: its tool-schema portability check (bare `true`/`false`
// schemas, `type` arrays, remote `$ref`s, schemas that constrain nothing) must find nothing, with
// every tool served, in the default mode and in `--strict` mode (the full spec constraints).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTs } from '../../scripts/lib/run-ts.mjs';
import { cleanEnv, repoRoot, runNode } from '../support/run-node.js';

const inspector = join(repoRoot, 'node_modules', '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js');
let cli: string;
let home: string;

beforeAll(async () => {
  cli = await buildTs('src/cli/bin.ts');
  // The Inspector may keep a catalog under ~/.mcp-inspector: give it a home of its own.
  home = mkdtempSync(join(tmpdir(), 'litemail-inspector-'));
});
afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('MCP Inspector --cli --strict --method tools/list', () => {
  it.each([[[] as string[]], [['--strict']]])('finds no portability problem with every tool served (extra flags %j)', async (extra) => {
    const result = await runNode(
      // `--` ends the Inspector's own options: without it, a server flag it also knows (--strict) would be taken as its own.
      [inspector, '--cli', '--strict', '--method', 'tools/list', '-e', 'LITEMAIL_API_KEY=lm_inspector_key', '-e', 'LITEMAIL_BASE_URL=http://127.0.0.1:9', '--', process.execPath, cli, 'mcp', '--allow-writes', '--allow-billable', ...extra],
      { env: cleanEnv({ HOME: home }) },
    );
    expect(result.stderr).not.toMatch(/^(Error|Warning): tool/m);
    expect(result.stderr).not.toMatch(/portability/);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).tools).toHaveLength(62);
    // The server ran in the mode asked for (its start line names it).
    expect(result.stderr).toContain(`litemail mcp: 62 tools on stdio (writes allowed, billable allowed${extra.length ? ', strict' : ''})`);
  });
});
