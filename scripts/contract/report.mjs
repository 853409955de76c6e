// What `npm run contract` writes: the report object (report.json), the same findings in Markdown
// grouped by operation (report.md), and the one-line progress and summary it prints. Pure
// functions of the results; redaction is applied by the entry (contract.ts) to everything it
// writes or prints.

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The report: when and against what the check ran, the counts, and every operation's result.
 * @param {{ upstream: string, spec: { title: string, version: string }, operations: any[], generatedAt?: string }} run
 */
export function buildReport({ upstream, spec, operations, generatedAt = new Date().toISOString() }) {
  const count = (result) => operations.filter((o) => o.result === result).length;
  return {
    generatedAt,
    upstream,
    spec,
    summary: {
      checked: count('ok') + count('violations'),
      operationsWithViolations: count('violations'),
      violations: operations.reduce((n, o) => n + (o.violations?.length ?? 0), 0),
      notChecked: count('not-checked'),
      skipped: count('skipped'),
    },
    operations,
  };
}

export function summaryLine(summary, strong = '') {
  const head = summary.violations
    ? `${strong}${plural(summary.violations, 'violation')}${strong} in ${summary.operationsWithViolations} of ${summary.checked} operations checked`
    : `No violations in the ${summary.checked} operations checked`;
  return `${head}${summary.notChecked ? `; ${summary.notChecked} not checked` : ''}${summary.skipped ? `; ${summary.skipped} skipped` : ''}.`;
}

/** The line printed as each operation is done: a mark, the operation, its status and what was found. */
export function progressLine(o) {
  const mark = { ok: '✓', violations: '✗', 'not-checked': '?', skipped: '-' }[o.result];
  const detail = o.result === 'violations' ? plural(o.violations.length, 'violation') : (o.reason ?? o.skip ?? '');
  return `  ${mark} ${o.method} ${o.path}${o.status ? ` ${o.status}` : ''}${detail ? `: ${detail}` : ''}`;
}

export function markdown(report) {
  const { summary } = report;
  const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const loc = (s) => (s ? `\`${s.file}${s.line ? `:${s.line}` : ''}\` \`#${s.pointer}\`${s.schema ? ` (schema \`${s.schema}\`)` : ''}` : '(not found in spec/)');
  const outcome = (o) => {
    if (o.result === 'ok') return o.note ? `ok (${o.note})` : 'ok';
    if (o.result === 'violations') return `**${plural(o.violations.length, 'violation')}**`;
    return cell(`${o.result}: ${o.reason ?? o.skip}`);
  };
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
    ...report.operations.map((o) => `| \`${o.operationId}\` | \`${cell(`${o.method} ${o.request ?? o.path}`)}\` | ${o.status ?? ''} | ${outcome(o)} |`),
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
