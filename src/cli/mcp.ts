// `litemail mcp`: an MCP server on stdio (the command's `io`), one tool per served operation, named by operationId (which
// operations, and how each tool is presented: tools.ts). A tool that is not served is neither listed
// nor callable. Every text it hands back goes through `safe` (no credential of its own in a result).
// The low-level Server API is used because the tools' JSON Schemas come from the spec's table.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { LiteMailError } from '../index.js';
import type { OperationsClient } from '../operations.js';
import type { Safe } from './credentials.js';
import { checkInput, type Input } from './input.js';
import { describeFailure, invoke } from './invoke.js';
import type { Io } from './io.js';
import type { OperationDetails } from './spec-operations.js';
import { didYouMean } from './suggest.js';
import { toolOf } from './tools.js';

export interface McpOptions {
  /** The served operations (tools.ts `selectOperations`). */
  operations: OperationDetails[];
  /** Designed constraints block too, and the tool schemas show them. */
  strict: boolean;
}

export function createMcpServer({ operations, strict }: McpOptions, client: OperationsClient, version: string, safe: Safe): Server {
  /** A tool result of one text per item (each made safe): the answer first, then any warning. */
  const result = (texts: string[], isError = false): CallToolResult => ({
    content: texts.map((text) => ({ type: 'text' as const, text: safe(text) })),
    ...(isError ? { isError } : {}),
  });
  const served = new Map(operations.map((op) => [op.operationId, op]));
  const server = new Server({ name: 'litemail', version }, { capabilities: { tools: {} } });

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: operations.map((op) => toolOf(op, strict)) }));

  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const { name } = request.params;
    const op = served.get(name);
    if (!op) {
      const hint = didYouMean(name, [...served.keys()]);
      throw new McpError(ErrorCode.InvalidParams, safe(`Unknown tool "${name}" (not an operation, or not served in this server's mode)${hint}`));
    }
    const input = (request.params.arguments ?? {}) as Input;
    const { problems, warnings } = checkInput(op, input, (n) => n, strict);
    if (problems.length) return result([`Invalid input for ${op.operationId}: ${problems.join('; ')}`], true);
    // Designed constraints the input breaks: one text after the answer, one line each.
    const warning = warnings.length ? [warnings.map((w) => `Warning: ${w}; sent anyway, --strict refuses it`).join('\n')] : [];
    try {
      const outcome = await invoke(client, op, input);
      if (outcome.ok) return result([JSON.stringify(outcome.data, null, 2), ...warning]);
      return result([`LiteMail answered ${describeFailure(outcome)}`, ...warning], true);
    } catch (error) {
      // Connection failures and timeouts: a tool error for the agent, never a crash of the server.
      if (error instanceof LiteMailError) return result([error.message, ...warning], true);
      throw error;
    }
  });
  return server;
}

/** The package version, set by scripts/build/build.mjs in the bundle. */
declare const LITEMAIL_SDK_VERSION: string | undefined;

/** `client` is created before, so a missing API key stops the command before it speaks MCP. */
export async function startMcpServer(options: McpOptions, client: OperationsClient, mode: string, io: Io, safe: Safe): Promise<void> {
  const server = createMcpServer(options, client, typeof LITEMAIL_SDK_VERSION === 'string' ? LITEMAIL_SDK_VERSION : 'dev', safe);
  await server.connect(new StdioServerTransport(io.stdin, io.stdout));
  io.stderr.write(`litemail mcp: ${options.operations.length} tools on stdio (${mode})\n`);
}
