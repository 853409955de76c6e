// The benchmark's printed output, made from its JSON alone (so a saved run prints the same with
// --from): where and how it ran, the targets table, then each section's tables. Figures only: the
// prose that explains them is written by hand in BENCHMARKS.md.
import { SECTIONS } from './sections.mjs';
import { summaryRows } from './summary.mjs';
import { markdownTable } from './table.mjs';

const loads = (l) => l.map((x) => x.toFixed(2)).join(', ');

export function report(run) {
  const { machine, software } = run;
  const lines = [
    `- Run ${run.startedAt} (${Math.round(run.seconds)} s): \`${run.command}\`${run.quick ? ' — quick: fewer rounds, not for the figures' : ''}`,
    `- Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}; load average (1, 5, 15 min) ${loads(machine.loadAverage.start)} at the start, ${loads(machine.loadAverage.end)} at the end`,
    `- Software: Node ${software.node}, litemail-sdk ${software.litemailSdk}, openapi-fetch ${software.openapiFetch}, TypeScript ${software.typescript}, esbuild ${software.esbuild}`,
  ];
  const parts = [lines.join('\n')];
  if (run.summary.length) {
    const header = ['measure', 'now', run.baseline ? `baseline ${run.baseline.sha}` : 'baseline (none)', 'target', 'met'];
    parts.push(`## Targets\n\n${markdownTable(header, summaryRows(run.summary))}`);
  }
  for (const section of SECTIONS) {
    const data = run.sections[section.id];
    if (data) parts.push(`## ${section.title}\n\n${section.table(data, run)}`);
  }
  return `${parts.join('\n\n')}\n`;
}
