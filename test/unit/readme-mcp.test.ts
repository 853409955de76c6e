// The README's table of ready MCP selections stays true: each row's flags are accepted by
// `litemail mcp`, serve the number of tools the row says, and list about the tokens it says
// (bytes of the tools/list answer ÷ 4, to the nearest hundred).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mcpOptions } from '../../src/cli/main.js';
import { toolOf } from '../../src/cli/tools.js';
import { repoRoot } from '../support/run-node.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const table = /<!-- mcp-selections:start -->\n([\s\S]*?)\n<!-- mcp-selections:end -->/.exec(readme)?.[1] ?? '';
const rows = table
  .split('\n')
  .slice(2)
  .map((line) => line.split('|').map((cell) => cell.trim()))
  .map(([, name, flags, tools, tokens]) => ({ name: name!, flags: flags!.replace(/^`|`$/g, ''), tools: Number(tools), tokens: Number(tokens!.replace(/[~,]/g, '')) }));

/** Shell words: split at spaces, double quotes keep spaces. */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);

describe('README: ready MCP selections', () => {
  it('has the table', () => {
    expect(rows.length).toBeGreaterThanOrEqual(5);
  });

  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const { operations, strict } = mcpOptions(words(row.flags));
    expect(operations).toHaveLength(row.tools);
    const bytes = Buffer.byteLength(JSON.stringify({ tools: operations.map((op) => toolOf(op, strict)) }));
    expect(Math.round(bytes / 4 / 100) * 100).toBe(row.tokens);
  });
});
