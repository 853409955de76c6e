// The targets the benchmark is held to (issue 18's riders), each read from its section's data:
// today's figure, the --baseline package's from the same run, the target, and whether it is met.
// A target whose section did not run is left out.
import { kB, orDash, seconds, times } from './table.mjs';

export const TARGETS = [
  {
    id: 'core-entry',
    measure: 'core entry (`createLiteMailClient` + `unwrap`), minified + gzip',
    section: 'size',
    max: 8_000,
    unit: 'bytes',
    format: kB,
    read: (size) => {
      const core = size.entries.find((e) => e.id === 'core');
      return { now: core.now.gzip, baseline: core.baseline?.gzip };
    },
  },
  {
    id: 'per-call',
    measure: 'per-call time ÷ bare openapi-fetch (median of per-round ratios)',
    section: 'per-call',
    max: 1.1,
    unit: 'ratio',
    format: (x) => times(x),
    read: (perCall) => ({
      now: perCall.contenders.find((c) => c.role === 'litemail-sdk').vsOpenapiFetch,
      baseline: perCall.contenders.find((c) => c.role === 'baseline')?.vsOpenapiFetch,
    }),
  },
  {
    id: 'typecheck',
    measure: 'consumer type-check of every operation (tsc wall time)',
    section: 'typecheck',
    max: 2_000,
    unit: 'ms',
    format: seconds,
    read: (typecheck) => {
      const consumer = typecheck.configurations.find((c) => c.id === 'consumer');
      return { now: consumer.now.wallMs, baseline: consumer.baseline?.wallMs };
    },
  },
];

/** One row per target whose section ran: `{ id, measure, unit, now, baseline, max, met }` (plain numbers). */
export function summarise(sections) {
  return TARGETS.filter((t) => sections[t.section]).map((t) => {
    const { now, baseline } = t.read(sections[t.section]);
    return { id: t.id, measure: t.measure, unit: t.unit, now, baseline: baseline ?? null, max: t.max, met: now <= t.max };
  });
}

/**
 * The summary as table rows: measure, now, baseline, target, met.
 * @returns {string[][]}
 */
export function summaryRows(summary) {
  return summary.map((row) => {
    const { format } = TARGETS.find((t) => t.id === row.id);
    return [row.measure, format(row.now), orDash(row.baseline, format), `≤ ${format(row.max)}`, row.met ? 'yes' : 'no'];
  });
}
