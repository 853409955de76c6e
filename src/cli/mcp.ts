// `litemail mcp`: an MCP server on stdio, one tool per operation of the spec, named by operationId.
// Read-only by default (GET operations only); --allow-writes adds the others, and an operation that
// moves money needs --allow-billable as well. A tool that is not enabled is neither listed nor callable.
// The low-level Server API is used because the tools' JSON Schemas come from the spec as they are.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { LiteMailError } from '../errors.js';
import type { OperationsClient } from '../operations.js';
import { checkInput, type Input } from './input.js';
import { invoke } from './invoke.js';
import { EVIDENCE_MEANING, operations, type OperationDetails } from './spec-operations.js';

export interface McpOptions {
  allowWrites: boolean;
  allowBillable: boolean;
}

/** The money guard: reads always; writes with --allow-writes; money with --allow-billable too. */
export function enabledOperations({ allowWrites, allowBillable }: McpOptions): OperationDetails[] {
  return operations.filter((op) => (op.method === 'GET' || allowWrites) && (!op.billable || allowBillable));
}

function toolOf(op: OperationDetails): Tool {
  const money = op.billable ? '\n\nCOSTS MONEY: this operation moves money or creates billable things. Call it only when the user asked for it.' : '';
  return {
    name: op.operationId,
    title: op.summary,
    description: `${op.summary} (${op.method} ${op.path}).${money}\n\n${op.description.trim()}\n\nEvidence: ${op.evidence}, ${EVIDENCE_MEANING[op.evidence]}.`,
    inputSchema: op.input as Tool['inputSchema'],
    annotations: { readOnlyHint: op.method === 'GET', destructiveHint: op.method === 'DELETE', openWorldHint: true },
  };
}

const text = (value: string, isError = false): CallToolResult => ({ content: [{ type: 'text', text: value }], ...(isError ? { isError } : {}) });

export function createMcpServer(options: McpOptions, client: OperationsClient, version: string): Server {
  const enabled = new Map(enabledOperations(options).map((op) => [op.operationId, op]));
  const server = new Server({ name: 'litemail', version }, { capabilities: { tools: {} } });

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...enabled.values()].map(toolOf) }));

  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const op = enabled.get(request.params.name);
    if (!op) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${request.params.name}" (not an operation, or not enabled in this server's mode)`);
    }
    const input = (request.params.arguments ?? {}) as Input;
    const problems = checkInput(op, input, (name) => name);
    if (problems.length) return text(`Invalid input for ${op.operationId}: ${problems.join('; ')}`, true);
    try {
      const outcome = await invoke(client, op, input);
      if (outcome.ok) return text(JSON.stringify(outcome.data, null, 2));
      return text(`LiteMail answered HTTP ${outcome.status}: ${outcome.message}\n${JSON.stringify(outcome.body ?? null, null, 2)}`, true);
    } catch (error) {
      // Connection failures and timeouts: a tool error for the agent, never a crash of the server.
      if (error instanceof LiteMailError) return text(error.message, true);
      throw error;
    }
  });
  return server;
}

/** The package version, set by scripts/build/build.mjs in the bundle. */
declare const LITEMAIL_SDK_VERSION: string | undefined;

/** `client` is created before, so a missing API key stops the command at once rather than failing every call. */
export async function startMcpServer(options: McpOptions, client: OperationsClient): Promise<void> {
  const server = createMcpServer(options, client, typeof LITEMAIL_SDK_VERSION === 'string' ? LITEMAIL_SDK_VERSION : 'dev');
  await server.connect(new StdioServerTransport());
  process.stderr.write(`litemail mcp: ${enabledOperations(options).length} tools on stdio (${options.allowWrites ? 'writes allowed' : 'read-only'}${options.allowBillable ? ', billable allowed' : ''})\n`);
}
