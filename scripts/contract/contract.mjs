// `npm run contract -- --upstream <url>`: checks the real LiteMail API against the spec.
//
// Prism runs as a validating proxy (`prism proxy`) between this script and the API. Every
// read-only operation of the spec (each GET that moves no money and whose required parameters
// have examples) is sent through it once; Prism validates the request and the API's response
// against the spec and reports what breaks it in the `sl-violations` response header. The
// violations are written, grouped by operation and with the place in spec/ to fix, to
// <out>/report.md and <out>/report.json. The API key never appears in either (it is redacted).
//
//   npm run contract -- --upstream https://api.litemail.ai [--out contract-report] [--api-key KEY]
//
// The key comes from LITEMAIL_API_KEY (or --api-key, which other users of the machine can see in
// the process list). Exit code: 0 when every operation was checked and nothing violates the spec;
// 1 when violations were found or an operation could not be checked; 2 on usage errors (bad or
// missing arguments, no API key) or when the proxy could not start.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startPrism } from '../mock/prism.mjs';
import { deref, listOperations, loadBundledSpec } from '../spec/spec.mjs';
import { escapeToken, operationPlaces, responsePlace, schemaFor, specFile, valueAt, where } from '../spec/spec-location.mjs';

const USAGE = `Usage: npm run contract -- --upstream <url> [--out <dir>] [--api-key <key>]

  --upstream  The LiteMail API to check, e.g. https://api.litemail.ai (plain http only for localhost)
  --out       Where to write report.md and report.json (default: contract-report)
  --api-key   Your API key (default: the LITEMAIL_API_KEY environment variable)

Exit code: 0 no violations, 1 violations found or operations not checked, 2 usage error.`;

const REQUEST_TIMEOUT_MS = 30_000;
const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const REDACTED = '[REDACTED]';

function usageError(message) {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Arguments.

let args;
try {
  args = parseArgs({
    options: {
      upstream: { type: 'string' },
      out: { type: 'string', default: 'contract-report' },
      'api-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  usageError(error.message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.upstream) usageError('--upstream is required.');
let upstream;
try {
  upstream = new URL(args.upstream);
} catch {
  usageError(`--upstream "${args.upstream}" is not a valid URL.`);
}
if (upstream.protocol !== 'https:' && upstream.protocol !== 'http:') usageError('--upstream must be an http(s) URL.');
if (upstream.protocol === 'http:' && !LOOPBACK_HOSTS.test(upstream.hostname)) {
  usageError(`--upstream "${upstream.origin}" uses plain http: the API key would travel unencrypted. Use https (http only for localhost).`);
}
if (upstream.username || upstream.password) usageError('--upstream must not contain credentials; pass the API key with LITEMAIL_API_KEY.');
const apiKey = args['api-key'] ?? process.env.LITEMAIL_API_KEY;
if (!apiKey || !apiKey.trim()) usageError('No API key: set LITEMAIL_API_KEY (or pass --api-key).');
const outDir = resolve(args.out);
const upstreamLabel = upstream.href.replace(/\/+$/, '');

/** Every occurrence of the key (raw or URL-encoded) replaced, in anything that is printed or written. */
function redact(text) {
  let out = String(text);
  for (const secret of new Set([apiKey, encodeURIComponent(apiKey)])) out = out.split(secret).join(REDACTED);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The spec: read-only operations, their requests, and where each lives in spec/.

const doc = loadBundledSpec();

function exampleOf(param) {
  const schema = deref(doc, param.schema) ?? {};
  if ('example' in param) return param.example;
  if (param.examples) return Object.values(param.examples)[0]?.value;
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.examples)) return schema.examples[0];
  return undefined;
}

/** One request per read-only operation; operations that cannot be sent are returned with `skip`. */
function readOnlyCases() {
  return listOperations(doc)
    .filter(({ method }) => method === 'GET')
    .map(({ path, method, op, pathParameters }) => {
      const base = { operationId: op.operationId, method, path };
      if (op['x-litemail-billable']) return { ...base, skip: 'billable (moves money)' };
      const params = [...pathParameters, ...(op.parameters ?? [])].map((p) => deref(doc, p));
      const pathParams = {};
      const query = new URLSearchParams();
      for (const p of params.filter((p) => p.required)) {
        const value = exampleOf(p);
        if (value === undefined) return { ...base, skip: `required ${p.in} parameter "${p.name}" has no example` };
        if (p.in === 'path') pathParams[p.name] = String(value);
        else if (p.in === 'query') for (const v of Array.isArray(value) ? value : [value]) query.append(p.name, String(v));
        else return { ...base, skip: `required ${p.in} parameter "${p.name}" is not supported` };
      }
      return { ...base, pathParams, query: query.toString(), pagination: op['x-litemail-pagination'] };
    });
}

const places = operationPlaces();

/** Where in spec/ a violation should be fixed. */
function specLocation(operationId, status, violation) {
  const place = places.get(operationId);
  if (!place) return undefined;
  const [side, part, ...tokens] = violation.location;
  if (side === 'request') {
    const suffix = part === 'body' ? '/requestBody' : part ? '/parameters' : '';
    return where(place.file, place.pointer + suffix);
  }
  const response = responsePlace(operationId, status);
  if (!response) return where(place.file, `${place.pointer}/responses`);
  if (part === 'headers') return where(response.file, `${response.pointer}/headers${tokens.length ? `/${escapeToken(tokens[0])}` : ''}`);
  if (part !== 'body') return where(response.file, `${response.pointer}/content`);
  const schema = `${response.pointer}/content/application~1json/schema`;
  if (!valueAt(specFile(response.file).value, schema)) return where(response.file, `${response.pointer}/content`);
  const found = schemaFor(response.file, schema, tokens);
  // Point at the keyword that failed (`type`, `enum`, `required`, …) when the schema has it.
  const keyword = !found.rest.length && typeof violation.code === 'string' && found.node && Object.hasOwn(found.node, violation.code) ? `/${violation.code}` : '';
  return where(found.file, found.pointer + keyword);
}

// ---------------------------------------------------------------------------------------------
// Reading Prism's answers.

function parseViolations(header) {
  if (!header) return [];
  try {
    return JSON.parse(header);
  } catch {
    // Prism cuts the header at 8 KB ("Too many violations! …"): keep what can be read.
    return [{ location: ['response'], severity: 'Error', code: 'truncated', message: `Prism reported more violations than fit in its header: ${header.slice(0, 300)}…` }];
  }
}

/** A short description of the value a violation is about (objects by their keys only). */
function describeValue(value) {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  const keys = Object.keys(value);
  return keys.length ? `an object with ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''}` : 'an empty object';
}

function excerpt(text, max = 300) {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Waits until Prism has logged what the upstream answered this request (its status), or gives up. */
async function upstreamStatus(prism, mark, path) {
  const pattern = new RegExp(`(?:The upstream call|Upstream call) to ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has returned (\\d+)|Request terminated with error`);
  for (let waited = 0; waited < 1_000; waited += 10) {
    const found = pattern.exec(prism.output().slice(mark));
    if (found) return found[1] ? Number(found[1]) : undefined;
    await new Promise((r) => setTimeout(r, 10));
  }
  return undefined;
}

/** When the proxy stopped answering: the error Prism died of, if it did die. */
async function crashed(prism, mark) {
  const alive = await fetch(prism.url, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );
  if (alive) return undefined;
  const log = prism.output().slice(mark);
  return (/^\w*Error: .*$/m.exec(log)?.[0] ?? 'it exited').slice(0, 200);
}

async function check(prism, c, ids) {
  let url = c.path;
  let idFrom;
  for (const [name, example] of Object.entries(c.pathParams)) {
    // A real id from the list above this path (GET /v1/domains for /v1/domains/{id}), when one was seen.
    const prefix = c.path.slice(0, c.path.indexOf(`/{${name}}`));
    const listed = ids.get(prefix);
    if (listed) idFrom = `GET ${prefix}`;
    url = url.replace(`{${name}}`, encodeURIComponent(listed ?? example));
  }
  if (c.query) url += `?${c.query}`;
  const result = { operationId: c.operationId, method: c.method, path: c.path, request: url, ...(idFrom ? { idFrom } : {}) };
  const mark = prism.output().length;
  let response;
  let text;
  try {
    response = await fetch(prism.url + url, {
      headers: { accept: 'application/json', 'x-api-key': apiKey },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    const crash = await crashed(prism, mark);
    if (crash) return { ...result, result: 'not-checked', reason: `the Prism proxy crashed on the API's answer (${crash}); restarted it`, crashed: true };
    return { ...result, result: 'not-checked', reason: `no answer through the proxy: ${error.cause?.message ?? error.message}` };
  }
  const status = response.status;
  const fromUpstream = await upstreamStatus(prism, mark, url.split('?')[0]);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const violationsHeader = response.headers.get('sl-violations');
  const contentType = response.headers.get('content-type') ?? '';
  const place = places.get(c.operationId);
  const operationPlace = place ? where(place.file, place.pointer) : undefined;

  if (fromUpstream === 501) {
    return {
      ...result,
      status: 501,
      result: 'violations',
      violations: [
        {
          severity: 'Error',
          code: 'not-implemented',
          where: 'response',
          message: 'The API answered 501 Not Implemented: it does not have this operation (Prism served its mock instead, so the body was not checked)',
          spec: operationPlace,
        },
      ],
    };
  }

  // Prism's own errors (problem+json without violations): the API's answer never got validated.
  if (!violationsHeader && contentType.includes('application/problem+json') && body?.type !== undefined) {
    const title = String(body.title ?? body.type);
    if (/invalid json response body/i.test(title)) {
      return {
        ...result,
        status: fromUpstream,
        result: 'violations',
        violations: [
          {
            severity: 'Error',
            code: 'invalid-json',
            where: 'response body',
            message: 'The response body is not valid JSON',
            spec: operationPlace && where(place.file, `${place.pointer}/responses`),
          },
        ],
      };
    }
    return { ...result, result: 'not-checked', reason: `the proxy could not get an answer: ${excerpt(title, 200)}` };
  }
  if (c.pagination && status < 300 && body) {
    const first = valueAt(body, c.pagination.items)?.[0];
    if (typeof first?.id === 'string') ids.set(c.path, first.id);
  }
  const violations = parseViolations(violationsHeader).map((v) => {
    const [side, part, ...tokens] = v.location ?? [];
    const pointer = tokens.map(escapeToken).join('/');
    const received = side === 'response' && part === 'body' && v.code !== 'required' ? describeValue(valueAt(body, tokens.length ? `/${pointer}` : '')) : undefined;
    return {
      severity: v.severity,
      code: v.code,
      where: [side, part].filter(Boolean).join(' ') + (tokens.length ? ` /${pointer}` : ''),
      message: v.message,
      ...(received !== undefined ? { received } : {}),
      spec: specLocation(c.operationId, status, v),
    };
  });
  if (!violations.length && [401, 403, 429].includes(status)) {
    const reason = status === 429 ? 'rate limited (429): run the check again later' : `the API refused the key (${status}): check LITEMAIL_API_KEY`;
    return { ...result, status, result: 'not-checked', reason };
  }
  return {
    ...result,
    status,
    result: violations.length ? 'violations' : 'ok',
    ...(!violations.length && status >= 300 ? { note: 'only the error response was checked' } : {}),
    ...(violations.length ? { violations } : {}),
    ...(violations.length && status >= 300 ? { bodyExcerpt: excerpt(text) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Reports.

function summaryLine(summary, strong = '') {
  const head = summary.violations
    ? `${strong}${summary.violations} violation${summary.violations === 1 ? '' : 's'}${strong} in ${summary.operationsWithViolations} of ${summary.checked} operations checked`
    : `No violations in the ${summary.checked} operations checked`;
  return `${head}${summary.notChecked ? `; ${summary.notChecked} not checked` : ''}${summary.skipped ? `; ${summary.skipped} skipped` : ''}.`;
}

function markdown(report) {
  const { summary } = report;
  const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const loc = (s) => (s ? `\`${s.file}${s.line ? `:${s.line}` : ''}\` \`#${s.pointer}\`${s.schema ? ` (schema \`${s.schema}\`)` : ''}` : '(not found in spec/)');
  const lines = [
    '# LiteMail contract report',
    '',
    `- Upstream: ${report.upstream}`,
    `- Spec: ${report.spec.title} ${report.spec.version} (\`generated/openapi.yaml\`, built from \`spec/\`)`,
    `- Run: ${report.generatedAt}`,
    `- Result: ${summaryLine(summary, '**')}`,
    '',
    'Only read-only operations are sent (GET, nothing billable). The API key is redacted; values from your',
    'account may appear under "received", so review this report before sharing it.',
    'Fix the spec at the location given for each violation (`spec/` is the only place API facts live), then run',
    '`npm run generate`.',
    '',
    '| Operation | Request | Status | Result |',
    '|---|---|---|---|',
    ...report.operations.map(
      (o) =>
        `| \`${o.operationId}\` | \`${cell(`${o.method} ${o.request ?? o.path}`)}\` | ${o.status ?? ''} | ${
          o.result === 'ok' ? (o.note ? `ok (${o.note})` : 'ok') : o.result === 'violations' ? `**${o.violations.length} violation${o.violations.length === 1 ? '' : 's'}**` : cell(`${o.result}: ${o.reason ?? o.skip}`)
        } |`,
    ),
    '',
  ];
  const failing = report.operations.filter((o) => o.result === 'violations');
  if (failing.length) lines.push('## Violations by operation', '');
  for (const o of failing) {
    lines.push(`### ${o.method} ${o.path} (\`${o.operationId}\`)`, '');
    lines.push(`Request \`${o.method} ${o.request}\`${o.idFrom ? ` (id taken from ${o.idFrom})` : ''} answered **${o.status ?? '?'}**. Operation: ${loc(o.spec)}`, '');
    for (const v of o.violations) {
      lines.push(
        `- **${v.severity}** \`${v.where}\`: ${v.message}${v.received !== undefined ? ` (received ${v.received})` : ''}${v.code ? ` [${v.code}]` : ''}`,
        `  - Fix at: ${loc(v.spec)}`,
      );
    }
    if (o.bodyExcerpt) lines.push(`- Body: \`${o.bodyExcerpt.replace(/`/g, "'")}\``);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Main.

const cases = readOnlyCases();
console.log(`Contract check: ${cases.filter((c) => !c.skip).length} read-only operations against ${upstreamLabel} through a validating Prism proxy`);
// Ctrl-C stops the proxy too, even while it is starting.
let starting = startPrism({ upstream: upstream.href });
const stopOnSignal = (signal) =>
  starting
    .then((p) => p.stop())
    .catch(() => {})
    .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);
let prism;
try {
  prism = await starting;
} catch (error) {
  console.error(redact(`Could not start the Prism proxy: ${error.message}`));
  process.exit(2);
}

const operations = [];
try {
  const ids = new Map();
  for (const c of cases) {
    const { skip, ...rest } = c;
    const o = skip ? { operationId: c.operationId, method: c.method, path: c.path, result: 'skipped', skip } : await check(prism, rest, ids);
    if (o.crashed) {
      // One odd answer (e.g. a malformed Content-Type) can kill Prism: start a new one for the rest.
      delete o.crashed;
      await prism.stop();
      starting = startPrism({ upstream: upstream.href });
      prism = await starting;
    }
    const place = places.get(c.operationId);
    if (place) o.spec = where(place.file, place.pointer);
    operations.push(o);
    const mark = { ok: '✓', violations: '✗', 'not-checked': '?', skipped: '-' }[o.result];
    const detail = o.result === 'violations' ? `${o.violations.length} violation${o.violations.length === 1 ? '' : 's'}` : (o.reason ?? o.skip ?? '');
    console.log(redact(`  ${mark} ${o.method} ${o.path}${o.status ? ` ${o.status}` : ''}${detail ? `: ${detail}` : ''}`));
  }
} finally {
  await prism.stop();
}

const count = (result) => operations.filter((o) => o.result === result).length;
const report = {
  generatedAt: new Date().toISOString(),
  upstream: upstreamLabel,
  spec: { title: doc.info.title, version: doc.info.version },
  summary: {
    checked: count('ok') + count('violations'),
    operationsWithViolations: count('violations'),
    violations: operations.reduce((n, o) => n + (o.violations?.length ?? 0), 0),
    notChecked: count('not-checked'),
    skipped: count('skipped'),
  },
  operations,
};
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'report.json'), redact(`${JSON.stringify(report, null, 2)}\n`));
writeFileSync(join(outDir, 'report.md'), redact(markdown(report)));
const { summary } = report;
console.log(`\n${summaryLine(summary)}`);
console.log(`Report: ${relative(process.cwd(), join(outDir, 'report.md')) || 'report.md'} and report.json`);
process.exitCode = summary.violations || summary.notChecked ? 1 : 0;
