// The operations as the `litemail` command and the MCP server see them: the package's table of
// operations (`operationTable`: name, route, tag, evidence, money and retry marks, pagination),
// each row extended by its details for the CLI (generated/operation-details.json, keyed by route:
// words, parameters, the input schema and its designed constraints), bundled into the CLI, never
// parsed at run time.
import table from '../../generated/operation-details.json' with { type: 'json' };
import { operationTable, type OperationInfo } from '../index.js';

/** A JSON Schema, as the spec gives it (self-contained: every `$ref` is inlined). */
export type JsonSchema = { [keyword: string]: unknown };

/** What the generated details add to a row of the table of operations. */
interface Details {
  summary: string;
  description: string;
  parameters: { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required: boolean }[];
  /** One object: every parameter by its spec name, and `body` for the request body. */
  input: { type: 'object'; properties: Record<string, JsonSchema>; required: string[]; additionalProperties: false };
  /**
   * The constraints of `input` that the spec designed rather than observed, by their place in it as
   * a validator names them (`#/properties/id/pattern`), each with where it is written in spec/.
   */
  designed: Record<string, string>;
}

/** A row of the table of operations with its details. `billable` needs --yes / --allow-billable. */
export interface OperationDetails extends OperationInfo, Details {
  /** A paginated list (`--all`). */
  paginated: boolean;
}

const details = table.details as unknown as Record<string, Details>;
export const operations: readonly OperationDetails[] = operationTable.map((info) => ({
  ...info,
  ...details[`${info.method} ${info.path}`]!,
  paginated: info.pagination !== undefined,
}));

/** The input property that carries the request body (see scripts/generate/operation-details.mjs). */
export const BODY_KEY = 'body';

export function findOperation(operationId: string): OperationDetails | undefined {
  return operations.find((op) => op.operationId === operationId);
}

export const operationIds: readonly string[] = operations.map((op) => op.operationId);

/** The spec's tags, in spec order. */
export const tags: readonly string[] = [...new Set(operations.map((op) => op.tag))];

/** The spec's tag written `name` in any letter case (two tags may differ only in case: both match). */
export function tagsNamed(name: string): string[] {
  return tags.filter((tag) => tag.toLowerCase() === name.toLowerCase());
}

/** What each evidence level means (the spec's `x-litemail-evidence`), for help texts and tool descriptions. */
export const EVIDENCE_MEANING: Record<OperationInfo['evidence'], string> = {
  documented: "method and path seen on LiteMail's docs",
  'method-documented': "the method is LiteMail's; the path and shapes are this SDK's design and may be wrong",
  inferred: "only the title is LiteMail's; method, path and shapes are guesses and may be wrong",
};
