// `litemail`: every operation of the spec from the shell, plus `litemail mcp` (an MCP server).
// This module owns the commands: which flags each takes, and what it does with them. stdout carries
// only the JSON answer (or JSON lines with --all); everything else goes to stderr, and all of it
// through `safe` (no credential in any output). Exit codes: 0 ok, 1 the API answered with an error
// (or could not be reached), 2 usage (nothing was sent). What it reads and writes is `main`'s `io`
// (io.ts): the process's own from `run`, a test's in-process.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { OperationsClient } from '../operations.js';
import { EXIT, UsageError, readFlags, type Flags, type FlagValues } from './args.js';
import { safeFor, type Safe } from './credentials.js';
import { MONEY_MARK, USAGE, operationHelp, operationList } from './help.js';
import { checkInput, coerceParameters, requestInit, type Input } from './input.js';
import { createClient, describeFailure, invoke } from './invoke.js';
import { processIo, type Io } from './io.js';
import { BODY_KEY, findOperation, operationIds, tags, tagsNamed, type OperationDetails } from './spec-operations.js';
import { didYouMean } from './suggest.js';
import { selectOperations } from './tools.js';

const HELP: Flags = { help: { type: 'boolean', short: 'h' } };
const COMMON: Flags = { strict: { type: 'boolean' }, 'base-url': { type: 'string' }, ...HELP };
const OPERATIONS_FLAGS: Flags = { tag: { type: 'string' }, ...HELP };
const MCP_FLAGS: Flags = {
  'allow-writes': { type: 'boolean' },
  'allow-billable': { type: 'boolean' },
  tools: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  ...COMMON,
};

/** An operation's flags: its parameters by spec name, then the command's own that apply to it. */
function operationFlags(op: OperationDetails): Flags {
  const parameters: Flags = Object.fromEntries(
    op.parameters.map((p) => [p.name, { type: 'string', ...(op.input.properties[p.name]?.type === 'array' ? { multiple: true } : {}) }]),
  );
  const own: Flags = {
    ...(op.input.properties[BODY_KEY] ? { body: { type: 'string' } } : {}),
    ...(op.paginated ? { all: { type: 'boolean' } } : {}),
    yes: { type: 'boolean' },
    ...COMMON,
  };
  const clash = Object.keys(own).find((name) => name in parameters);
  if (clash) throw new Error(`${op.operationId}: its parameter --${clash} clashes with the command's own --${clash}`);
  return { ...parameters, ...own };
}

const text = (value: FlagValues[string]) => (typeof value === 'string' ? value : undefined);

function readBody(text: string): unknown {
  let source = text;
  if (text.startsWith('@')) {
    try {
      source = readFileSync(text.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(`--body ${text}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new UsageError(`--body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The operation's input from its flags: parameters by spec name, converted and checked; designed constraints it breaks. */
function inputFrom(op: OperationDetails, values: FlagValues, strict: boolean): { input: Input; warnings: string[] } {
  const input: Input = {};
  for (const p of op.parameters) if (values[p.name] !== undefined) input[p.name] = values[p.name];
  coerceParameters(op, input);
  const body = text(values.body);
  if (body !== undefined) input[BODY_KEY] = readBody(body);
  const { problems, warnings } = checkInput(op, input, (name) => `--${name}`, strict);
  if (problems.length) throw new UsageError(`${op.operationId}: ${problems.join('; ')}\nSee: litemail ${op.operationId} --help`);
  return { input, warnings };
}

/** What a call will send, for the money prompt: each parameter given, and the body. */
function sending(op: OperationDetails, input: Input): string {
  const lines = op.parameters.filter((p) => input[p.name] !== undefined).map((p) => `  --${p.name} ${JSON.stringify(input[p.name])}`);
  if (input[BODY_KEY] !== undefined) lines.push(`  body: ${JSON.stringify(input[BODY_KEY], null, 2).replace(/\n/g, '\n  ')}`);
  return lines.join('\n') || '  no parameters and no body';
}

/** One run of the command: its I/O, and the filter everything it prints goes through. */
interface Session {
  io: Io;
  safe: Safe;
}

/** A billable operation runs only when confirmed: at a prompt on a terminal, by --yes otherwise. */
async function confirmMoney(op: OperationDetails, yes: boolean, input: Input, { io, safe }: Session): Promise<void> {
  if (!op.billable || yes) return;
  const what = `${op.operationId} (${op.method} ${op.path}) moves money`;
  if (!io.terminal.stdin || !io.terminal.stderr) {
    throw new UsageError(`${what}; not on a terminal, so nothing was sent. Pass --yes to confirm.`);
  }
  const prompt = createInterface({ input: io.stdin, output: io.stderr });
  // Input that ends before an answer (Ctrl-D, a closed pipe) is a no: readline leaves the question
  // pending when its input closes, so the close settles it.
  const answer = await new Promise<string>((resolve) => {
    prompt.once('close', () => resolve(''));
    prompt.question(safe(`${MONEY_MARK} ${what}. It will send:\n${sending(op, input)}\nSend it? [y/N] `)).then(resolve, () => resolve(''));
  });
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError('Not confirmed: nothing was sent.');
}

const print = ({ io, safe }: Session, line: string) => io.stdout.write(`${safe(line)}\n`);

/** Every item of a paginated list as JSON lines; a progress line on stderr when it is a terminal. */
async function printAllPages(op: OperationDetails, input: Input, client: OperationsClient, session: Session): Promise<void> {
  const { stderr, terminal } = session.io;
  const started = performance.now();
  const progress = terminal.stderr;
  let pages = 0;
  let items = 0;
  const pagesOf = client.pages as (id: string, init: object) => AsyncGenerator<{ items: unknown[] }>;
  for await (const page of pagesOf(op.operationId, requestInit(op, input))) {
    for (const item of page.items) print(session, JSON.stringify(item));
    pages += 1;
    items += page.items.length;
    if (progress) {
      const rate = items / Math.max((performance.now() - started) / 1000, 0.001);
      stderr.write(`\r${op.operationId}: ${pages} pages, ${items} items, ${rate.toFixed(1)} items/s`);
    }
  }
  if (progress) stderr.write('\n');
}

async function callOperation(op: OperationDetails, args: string[], session: Session): Promise<number> {
  const { io, safe } = session;
  if (!op.paginated && args.some((arg) => arg === '--all' || arg.startsWith('--all='))) {
    throw new UsageError(`--all: ${op.operationId} is not a paginated list`);
  }
  const values = readFlags(args, operationFlags(op), op.operationId);
  if (values.help) {
    io.stdout.write(`${operationHelp(op)}\n`);
    return EXIT.ok;
  }
  const { input, warnings } = inputFrom(op, values, values.strict === true);
  await confirmMoney(op, values.yes === true, input, session);
  const client = createClient(text(values['base-url']), io, safe);
  for (const warning of warnings) io.stderr.write(safe(`litemail: warning: ${warning}; sent anyway, --strict refuses it\n`));
  if (values.all) {
    await printAllPages(op, input, client, session);
    return EXIT.ok;
  }
  const outcome = await invoke(client, op, input);
  if (outcome.ok) {
    print(session, JSON.stringify(outcome.data, null, 2));
    return EXIT.ok;
  }
  io.stderr.write(safe(`litemail: ${op.operationId} failed with ${describeFailure(outcome)}\n`));
  return EXIT.apiError;
}

function listOperations(args: string[], io: Io): number {
  const { tag, help } = readFlags(args, OPERATIONS_FLAGS, 'operations');
  if (help) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (typeof tag === 'string' && !tagsNamed(tag).length) throw new UsageError(`--tag "${tag}" is not a tag of the spec (tags: ${tags.join(', ')})`);
  io.stdout.write(`${operationList(text(tag))}\n`);
  return EXIT.ok;
}

/** What `litemail mcp <args>` serves, from its flags (a usage error for any mistake); `help` when --help was given. */
export function mcpOptions(args: string[]): { help: boolean; operations: OperationDetails[]; strict: boolean; baseUrl: string | undefined; mode: string } {
  const values = readFlags(args, MCP_FLAGS, 'mcp');
  const allowWrites = values['allow-writes'] === true;
  const allowBillable = values['allow-billable'] === true;
  if (allowBillable && !allowWrites) throw new UsageError('--allow-billable needs --allow-writes: the operations that move money are writes');
  const tools = (values.tools as string[] | undefined)?.flatMap((list) => list.split(',')).map((id) => id.trim()).filter(Boolean);
  if (values.tools && !tools?.length) throw new UsageError('--tools needs operationIds, separated by commas');
  const strict = values.strict === true;
  return {
    help: values.help === true,
    operations: selectOperations({ allowWrites, allowBillable, tools, tags: values.tag as string[] | undefined }),
    strict,
    baseUrl: text(values['base-url']),
    mode: [allowWrites ? 'writes allowed' : 'read-only', allowBillable && 'billable allowed', strict && 'strict'].filter(Boolean).join(', '),
  };
}

/** Starts the MCP server on `io`'s stdin and stdout; the code is returned once it serves. */
async function serveMcp(args: string[], { io, safe }: Session): Promise<number> {
  const { help, operations, strict, baseUrl, mode } = mcpOptions(args);
  if (help) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const client = createClient(baseUrl, io, safe);
  // Loaded only here: the MCP SDK is most of the bundle, and other commands should start fast.
  const { startMcpServer } = await import('./mcp.js');
  await startMcpServer({ operations, strict }, client, mode, io, safe);
  return EXIT.ok;
}

async function command(argv: string[], session: Session): Promise<number> {
  const { stdout, stderr } = session.io;
  const [name, ...args] = argv;
  if (name === undefined || name.startsWith('-')) {
    const { help } = readFlags(argv, HELP, 'litemail');
    (help ? stdout : stderr).write(`${USAGE}\n`);
    return help ? EXIT.ok : EXIT.usage;
  }
  if (name === 'help') {
    readFlags(args, {}, 'help');
    stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (name === 'operations') return listOperations(args, session.io);
  if (name === 'mcp') return serveMcp(args, session);
  const op = findOperation(name);
  if (!op) throw new UsageError(`"${name}" is not an operation${didYouMean(name, [...operationIds, 'operations', 'mcp'])} (see: litemail operations)`);
  return callOperation(op, args, session);
}

/**
 * `litemail argv` on `io`; its exit code: 0 ok, usage mistakes and bad configuration 2 (their
 * message on stderr), whatever fails once sent 1.
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const safe = safeFor(io.env);
  try {
    return await command(argv, { io, safe });
  } catch (error) {
    io.stderr.write(safe(`litemail: ${error instanceof Error ? error.message : String(error)}\n`));
    return error instanceof UsageError ? EXIT.usage : EXIT.apiError;
  }
}

/** The command on the process's own I/O (bin.ts). */
export function run(argv: string[]): void {
  void main(argv, processIo()).then((code) => {
    process.exitCode = code;
  });
}
