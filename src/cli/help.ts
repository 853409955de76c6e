// Texts of the `litemail` command, written from the generated operation table: the list of
// operations, the command's usage, and each operation's help (summary, description, parameters, body).
import { BODY_KEY, EVIDENCE_MEANING, operations, type JsonSchema, type OperationDetails } from './spec-operations.js';

export const MONEY_MARK = '$';

export const USAGE = `Usage:
  litemail operations [--tag <tag>]        list the operations (${MONEY_MARK} = moves money)
  litemail <operationId> [--<parameter> <value> …] [--body '<json>' | --body @file.json]
                         [--all] [--yes] [--strict] [--base-url <url>]
  litemail <operationId> --help            the operation's parameters and body
  litemail mcp [--allow-writes [--allow-billable]] [--tools <id,…>] [--tag <tag> …]
               [--strict] [--base-url <url>]
                                           an MCP server on stdio (read-only by default)

The command comes first, then its flags. A switch (--all, --yes, --strict, --allow-…) takes no
value: --yes=false is a usage error; leave the switch out to keep it off. Unknown flags are errors.
Environment: LITEMAIL_API_KEY (required to call), LITEMAIL_BASE_URL, LITEMAIL_LOG=debug (to stderr).
Output: the JSON answer on stdout; errors and warnings on stderr. Exit codes: 0 ok, 1 API or
connection error, 2 usage (nothing was sent).
  --all     on a paginated list: every page, one item per line (JSON lines)
  --yes     confirm an operation that moves money (required when not on a terminal)
  --strict  also refuse what breaks the spec's designed constraints (guessed patterns, lengths,
            formats, closed bodies); without it they only warn, and the call is sent
  --tools, --tag   (mcp) serve only these operations / tags; never beyond what the mode allows`;

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length);
}

/** `litemail operations`: one line per operation. */
export function operationList(tag: string | undefined): string {
  const chosen = operations.filter((op) => tag === undefined || op.tag.toLowerCase() === tag.toLowerCase());
  const idWidth = Math.max(...chosen.map((op) => op.operationId.length), 11) + 2;
  const pathWidth = Math.max(...chosen.map((op) => op.path.length), 4) + 2;
  return chosen
    .map((op) =>
      [op.billable ? MONEY_MARK : ' ', pad(op.operationId, idWidth), pad(op.method, 8), pad(op.path, pathWidth), pad(op.evidence, 19), op.tag]
        .join(' ')
        .trimEnd(),
    )
    .join('\n');
}

/** A schema's type in a few words: `string`, `integer ≥ 1`, `"ACTIVE" | "PAUSED"`, `array of string`. */
function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.type === 'array') return `array of ${typeOf((schema.items as JsonSchema | undefined) ?? {})}`;
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) return 'one of the modes below';
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  return typeof schema.format === 'string' ? `${type} (${schema.format})` : type;
}

/** An object schema's properties, one line each, and the modes of a oneOf, one level deep. */
function describeSchema(schema: JsonSchema, indent: string): string[] {
  const modes = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (modes) return modes.flatMap((mode, i) => [`${indent}mode ${i + 1}${mode.title ? `: ${mode.title}` : ''}`, ...describeSchema(mode, `${indent}  `)]);
  const properties = Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {});
  const required = new Set((schema.required as string[] | undefined) ?? []);
  if (schema.type === 'array') return [`${indent}an array; each item:`, ...describeSchema((schema.items as JsonSchema) ?? {}, `${indent}  `)];
  return properties
    .filter(([, property]) => !(property.not && Object.keys(property.not as object).length === 0))
    .map(([name, property]) => `${indent}${name}${required.has(name) ? '' : '?'}: ${typeOf(property)}${property.description ? `  ${String(property.description).split('\n')[0]}` : ''}`);
}

/** `litemail <operationId> --help`. */
export function operationHelp(op: OperationDetails): string {
  const lines = [
    `${op.operationId}: ${op.summary}`,
    `  ${op.method} ${op.path}   tag ${op.tag}   evidence ${op.evidence} (${EVIDENCE_MEANING[op.evidence]})`,
  ];
  if (op.billable) lines.push(`  ${MONEY_MARK} Moves money: asks for confirmation on a terminal; pass --yes otherwise.`);
  if (op.paginated) lines.push('  Paginated list: --all prints every item of every page, one JSON line each.');
  if (op.description) lines.push('', ...op.description.trim().split('\n').map((line) => `  ${line}`));
  const parameters = op.parameters.map((p) => {
    const schema = op.input.properties[p.name] ?? {};
    const required = op.input.required.includes(p.name) ? ' (required)' : '';
    return `  --${p.name} <${typeOf(schema)}>${required}  ${p.in}${schema.description ? `: ${String(schema.description).split('\n')[0]}` : ''}`;
  });
  lines.push('', 'Parameters:', ...(parameters.length ? parameters : ['  none']));
  const body = op.input.properties[BODY_KEY];
  if (body) {
    const required = op.input.required.includes(BODY_KEY) ? ' (required)' : '';
    lines.push('', `Body${required}: --body '<json>' or --body @file.json`, ...describeSchema(body, '  '));
  }
  return lines.join('\n');
}
