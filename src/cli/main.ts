// `litemail`: every operation of the spec from the shell, plus `litemail mcp` (an MCP server).
// stdout carries only the JSON answer (or JSON lines with --all); everything else goes to stderr.
// Exit codes: 0 ok, 1 the API answered with an error (or could not be reached), 2 usage.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { MONEY_MARK, USAGE, operationHelp, operationList, tags } from './help.js';
import { checkInput, coerceParameters, requestInit, type Input } from './input.js';
import type { OperationsClient } from '../operations.js';
import { createClient, invoke } from './invoke.js';
import { BODY_KEY, findOperation, type OperationDetails } from './spec-operations.js';

export const EXIT = { ok: 0, apiError: 1, usage: 2 } as const;

/** A mistake in how the command was called: its message goes to stderr, the exit code is 2. */
export class UsageError extends Error {}

/** Flags of the command itself; every other `--name` is a parameter of the operation. */
const COMMAND_FLAGS = new Set(['body', 'all', 'yes', 'base-url', 'help', 'tag', 'allow-writes', 'allow-billable']);
const BOOLEAN_FLAGS = new Set(['all', 'yes', 'help', 'allow-writes', 'allow-billable']);

interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

/** `--name value`, `--name=value`, repeated names collect their values; booleans take none. */
export function parseArgs(argv: string[]): Parsed {
  const parsed: Parsed = { positional: [], flags: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') parsed.flags.set('help', ['true']);
    else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (!name) throw new UsageError(`"${arg}" is not an option`);
      let value: string;
      if (eq !== -1) value = arg.slice(eq + 1);
      else if (BOOLEAN_FLAGS.has(name)) value = 'true';
      else if (i + 1 < argv.length) value = argv[++i]!;
      else throw new UsageError(`--${name} needs a value`);
      parsed.flags.set(name, [...(parsed.flags.get(name) ?? []), value]);
    } else parsed.positional.push(arg);
  }
  return parsed;
}

function single(flags: Parsed['flags'], name: string): string | undefined {
  const values = flags.get(name);
  if (values && values.length > 1) throw new UsageError(`--${name} was given ${values.length} times`);
  return values?.[0];
}

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

/** The operation's input from the command line: parameters by spec name, converted and checked. */
function inputFrom(op: OperationDetails, flags: Parsed['flags']): Input {
  const input: Input = {};
  for (const [name, values] of flags) {
    if (COMMAND_FLAGS.has(name)) continue;
    const schema = op.input.properties[name];
    input[name] = schema?.type === 'array' || values.length > 1 ? values : values[0];
  }
  coerceParameters(op, input);
  const body = single(flags, 'body');
  if (body !== undefined) input[BODY_KEY] = readBody(body);
  const problems = checkInput(op, input, (name) => `--${name}`);
  if (problems.length) throw new UsageError(`${op.operationId}: ${problems.join('; ')}\nSee: litemail ${op.operationId} --help`);
  return input;
}

/** A billable operation runs only when confirmed: at a prompt on a terminal, by --yes otherwise. */
async function confirmMoney(op: OperationDetails, yes: boolean): Promise<void> {
  if (!op.billable || yes) return;
  const what = `${op.operationId} (${op.method} ${op.path}) moves money`;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new UsageError(`${what}; not on a terminal, so nothing was sent. Pass --yes to confirm.`);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question(`${MONEY_MARK} ${what}. Send it? [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError('Not confirmed: nothing was sent.');
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Every item of a paginated list as JSON lines; a progress line on stderr when it is a terminal. */
async function printAllPages(op: OperationDetails, input: Input, client: OperationsClient): Promise<void> {
  const started = performance.now();
  const progress = process.stderr.isTTY;
  let pages = 0;
  let items = 0;
  const pagesOf = client.pages as (id: string, init: object) => AsyncGenerator<{ items: unknown[] }>;
  for await (const page of pagesOf(op.operationId, requestInit(op, input))) {
    for (const item of page.items) process.stdout.write(`${JSON.stringify(item)}\n`);
    pages += 1;
    items += page.items.length;
    if (progress) {
      const rate = items / Math.max((performance.now() - started) / 1000, 0.001);
      process.stderr.write(`\r${op.operationId}: ${pages} pages, ${items} items, ${rate.toFixed(1)} items/s`);
    }
  }
  if (progress) process.stderr.write('\n');
}

/** The client, from --base-url and the environment: a missing key or a bad URL is a usage mistake. */
function clientFor(flags: Parsed['flags']): OperationsClient {
  const baseUrl = single(flags, 'base-url');
  try {
    return createClient(baseUrl === undefined ? {} : { baseUrl });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function callOperation(op: OperationDetails, flags: Parsed['flags']): Promise<number> {
  const all = flags.has('all');
  if (all && !op.paginated) throw new UsageError(`--all: ${op.operationId} is not a paginated list`);
  const input = inputFrom(op, flags);
  await confirmMoney(op, flags.has('yes'));
  const client = clientFor(flags);
  if (all) {
    await printAllPages(op, input, client);
    return EXIT.ok;
  }
  const outcome = await invoke(client, op, input);
  if (outcome.ok) {
    printJson(outcome.data);
    return EXIT.ok;
  }
  process.stderr.write(`litemail: ${op.operationId} failed with HTTP ${outcome.status}: ${outcome.message}\n`);
  return EXIT.apiError;
}

export async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [command, ...extra] = positional;
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (command === undefined || command === 'help') {
    process[command === undefined && !flags.has('help') ? 'stderr' : 'stdout'].write(`${USAGE}\n`);
    return command === undefined && !flags.has('help') ? EXIT.usage : EXIT.ok;
  }
  if (command === 'operations') {
    const tag = single(flags, 'tag');
    if (tag !== undefined && !tags().some((t) => t.toLowerCase() === tag.toLowerCase())) {
      throw new UsageError(`--tag "${tag}" is not a tag of the spec (tags: ${tags().join(', ')})`);
    }
    process.stdout.write(`${operationList(tag)}\n`);
    return EXIT.ok;
  }
  if (command === 'mcp') {
    if (flags.has('help')) {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    // Loaded only here: the MCP SDK is most of the bundle, and other commands should start fast.
    const { startMcpServer } = await import('./mcp.js');
    await startMcpServer({ allowWrites: flags.has('allow-writes'), allowBillable: flags.has('allow-billable') }, clientFor(flags));
    return EXIT.ok;
  }
  const op = findOperation(command);
  if (!op) throw new UsageError(`"${command}" is not an operation (see: litemail operations)`);
  if (flags.has('help')) {
    process.stdout.write(`${operationHelp(op)}\n`);
    return EXIT.ok;
  }
  return callOperation(op, flags);
}

/** Runs the command and exits: usage mistakes and bad configuration are 2; whatever fails once sent, 1. */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`litemail: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof UsageError ? EXIT.usage : EXIT.apiError;
    },
  );
}
