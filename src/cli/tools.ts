// The MCP server's tools: which operations are served (the mode, then --tools/--tag), and how each is
// presented to a client — a description within the 1,024 characters OpenAI's function calling
// accepts, annotations that never understate risk, and an input schema in the portable subset that
// clients and model providers accept (checked by the MCP Inspector's `--strict` lint). The spec is
// kept as it is; the conversion happens here, on the way out.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { UsageError } from './args.js';
import { blockingSchema } from './input.js';
import { didYouMean } from './suggest.js';
import { EVIDENCE_MEANING, operationIds, operations, tags, tagsNamed, type JsonSchema, type OperationDetails } from './spec-operations.js';

export interface Selection {
  /** Serve the operations that are not GETs (--allow-writes). */
  allowWrites: boolean;
  /** Serve the billable ones too (--allow-billable, with --allow-writes). */
  allowBillable: boolean;
  /** --tools: operationIds (a selection never widens the mode). */
  tools?: string[] | undefined;
  /** --tag: tags, in any letter case. */
  tags?: string[] | undefined;
}

/** What the mode allows: reads always; writes with --allow-writes; money with --allow-billable too. */
function allowed(op: OperationDetails, { allowWrites, allowBillable }: Selection): true | string {
  if (op.billable && !(allowWrites && allowBillable)) return `moves money: add ${allowWrites ? '' : '--allow-writes '}--allow-billable to serve it`;
  if (op.method !== 'GET' && !allowWrites) return 'writes: add --allow-writes to serve it';
  return true;
}

/**
 * The operations to serve. Without --tools or --tag, every one the mode allows. --tools names
 * operations (each must exist and be allowed by the mode: a usage error otherwise, rather than a
 * tool that silently goes missing); --tag adds the tag's operations that the mode allows.
 */
export function selectOperations(selection: Selection): OperationDetails[] {
  const named = new Set<string>();
  for (const id of selection.tools ?? []) {
    const op = operations.find((o) => o.operationId === id);
    if (!op) throw new UsageError(`--tools: "${id}" is not an operation${didYouMean(id, operationIds)}`);
    const verdict = allowed(op, selection);
    if (verdict !== true) throw new UsageError(`--tools: ${id} ${verdict}`);
    named.add(id);
  }
  const tagged = new Set<string>();
  for (const tag of selection.tags ?? []) {
    const found = tagsNamed(tag);
    if (!found.length) throw new UsageError(`--tag "${tag}" is not a tag of the spec (tags: ${tags.join(', ')})`);
    found.forEach((t) => tagged.add(t));
  }
  const chosen = (op: OperationDetails) => (!named.size && !tagged.size) || named.has(op.operationId) || tagged.has(op.tag);
  return operations.filter((op) => chosen(op) && allowed(op, selection) === true);
}

/** OpenAI's function calling refuses longer descriptions; other clients cut them. */
export const MAX_DESCRIPTION = 1024;
const MONEY = 'COSTS MONEY: it spends money or authorises spending. Call it only when the user asked for it.';

/** `text` cut at the last sentence that fits in `room` characters, marked with an ellipsis. */
function cut(text: string, room: number): string {
  if (text.length <= room) return text;
  const head = text.slice(0, room - 2);
  const end = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'));
  return `${(end > 0 ? head.slice(0, end + 1) : head).trimEnd()} …`;
}

/** The summary, method and path, the money warning, the spec's description (cut to fit) and the evidence level. */
export function describeTool(op: OperationDetails): string {
  const head = `${op.summary} (${op.method} ${op.path}).${op.billable ? `\n\n${MONEY}` : ''}\n\n`;
  const tail = `\n\nEvidence: ${op.evidence}, ${EVIDENCE_MEANING[op.evidence]}.`;
  return head + cut(op.description.trim(), MAX_DESCRIPTION - head.length - tail.length) + tail;
}

/**
 * MCP's hints, never understating risk: read-only for GETs alone; destructive for what cannot be
 * taken back (DELETE, an update that overwrites, and anything billable: money spent stays spent);
 * idempotent where the client itself may repeat the call (never a billable one).
 */
export function annotationsOf(op: OperationDetails): NonNullable<Tool['annotations']> {
  const readOnly = op.method === 'GET' && !op.billable;
  const destructive = op.billable || ['DELETE', 'PUT', 'PATCH'].includes(op.method);
  const idempotent = !op.billable && (['GET', 'HEAD', 'PUT', 'DELETE'].includes(op.method) || op.idempotent);
  return { readOnlyHint: readOnly, destructiveHint: !readOnly && destructive, idempotentHint: idempotent, openWorldHint: true };
}

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_ONE = ['items', 'not', 'contains', 'propertyNames', 'if', 'then', 'else'];

/**
 * A schema in the portable subset, same meaning: a bare `false` becomes `{ "not": {} }`, a bare
 * `true` becomes `{}`, and a `type` array becomes an `anyOf` of single types (what Gemini's function
 * declarations, among others, can read).
 */
export function portable(schema: unknown): unknown {
  if (schema === false) return { not: {} };
  if (schema === true) return {};
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema as JsonSchema)) {
    if (SCHEMA_MAPS.includes(keyword)) out[keyword] = Object.fromEntries(Object.entries(value as JsonSchema).map(([name, s]) => [name, portable(s)]));
    else if (SCHEMA_LISTS.includes(keyword)) out[keyword] = (value as unknown[]).map(portable);
    else if (SCHEMA_ONE.includes(keyword) || (keyword === 'additionalProperties' && typeof value === 'object')) out[keyword] = portable(value);
    else out[keyword] = value;
  }
  if (Array.isArray(out.type)) {
    const types = (out.type as string[]).map((type) => ({ type }));
    delete out.type;
    if (out.anyOf) out.allOf = [...((out.allOf as unknown[]) ?? []), { anyOf: types }];
    else out.anyOf = types;
  }
  return out;
}

/** The tool of an operation: its input schema is what blocks (`strict`: every constraint of the spec). */
export function toolOf(op: OperationDetails, strict: boolean): Tool {
  return {
    name: op.operationId,
    title: op.summary,
    description: describeTool(op),
    inputSchema: portable(blockingSchema(op, strict)) as Tool['inputSchema'],
    annotations: annotationsOf(op),
  };
}
