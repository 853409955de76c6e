// The pure parts of `npm run bench` (scripts/bench/): statistics, the order of interleaved rounds,
// table formatting, the targets summary and the flags. Expected values worked out by hand.
import { describe, expect, it } from 'vitest';
import { UsageError, parseFlags } from '../../scripts/bench/flags.mjs';
import { table as paginationTable } from '../../scripts/bench/pagination.mjs';
import { report } from '../../scripts/bench/report.mjs';
import { roundOrder } from '../../scripts/bench/rounds.mjs';
import { median, medianRatio, quantile } from '../../scripts/bench/stats.mjs';
import { summarise, summaryRows } from '../../scripts/bench/summary.mjs';
import { kB, markdownTable, orDash, signed } from '../../scripts/bench/table.mjs';

describe('statistics', () => {
  it('interpolates quantiles between the closest ranks, whatever the order of the samples', () => {
    expect(quantile([4, 1, 3, 2], 0.25)).toBe(1.75);
    expect(quantile([4, 1, 3, 2], 0.75)).toBe(3.25);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(() => quantile([], 0.5)).toThrow(/no values/);
  });

  it('compares samples of the same round: the median of the pairwise ratios', () => {
    expect(medianRatio([2, 6, 9], [1, 3, 3])).toBe(2);
    // Ratios 1, 10, 1: the median is 1, where the ratio of the medians would be 10 / 1.
    expect(medianRatio([1, 10, 100], [1, 1, 100])).toBe(1);
    expect(() => medianRatio([1, 2], [1])).toThrow(/2 samples to 1/);
  });
});

describe('interleaved rounds', () => {
  it('rotates the order every round and reverses it every other round', () => {
    expect(roundOrder(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(roundOrder(['a', 'b', 'c'], 1)).toEqual(['a', 'c', 'b']);
    expect(roundOrder(['a', 'b', 'c'], 2)).toEqual(['c', 'a', 'b']);
    expect(roundOrder(['a', 'b', 'c'], 3)).toEqual(['c', 'b', 'a']);
  });
});

describe('tables', () => {
  it('prints a plain Markdown table', () => {
    expect(markdownTable(['walk', 'time'], [['a', '1 ms'], ['b', '2 ms']])).toBe('| walk | time |\n|---|---|\n| a | 1 ms |\n| b | 2 ms |');
  });

  it('formats sizes in kB of 1,000 bytes, signed differences, and a dash only for a missing figure', () => {
    expect(kB(9292)).toBe('9.29 kB');
    expect(signed(31.44)).toBe('+31.4 µs');
    expect(signed(-2.94)).toBe('−2.9 µs');
    expect(orDash(null, kB)).toBe('–');
    expect(orDash(undefined, kB)).toBe('–');
    expect(orDash(0, kB)).toBe('0.00 kB');
  });

  it("prints a section's figures from its JSON alone", () => {
    const data = { pages: 100, floorMs: 2000, walks: [{ name: 'litemail-sdk paginate()', role: 'litemail-sdk', ms: 2250 }] };
    expect(paginationTable(data)).toBe(
      '| walk | time | vs floor | above floor per page |\n|---|---|---|---|\n| litemail-sdk paginate() | 2250 ms | 1.125× | 2.50 ms |',
    );
  });
});

describe('targets', () => {
  const sections = {
    size: { entries: [{ id: 'core', now: { min: 25_777, gzip: 7_950 }, baseline: { min: 25_543, gzip: 9_202 } }] },
    'per-call': {
      contenders: [
        { role: 'openapi-fetch', vsOpenapiFetch: 1 },
        { role: 'litemail-sdk', vsOpenapiFetch: 1.12 },
        { role: 'baseline', vsOpenapiFetch: 1.05 },
      ],
    },
    typecheck: { configurations: [{ id: 'consumer', now: { wallMs: 2000 }, baseline: null }] },
  };

  it("reads each target's figure and the baseline's from its section; a target at its bound is met", () => {
    expect(summarise(sections)).toEqual([
      { id: 'core-entry', measure: expect.stringContaining('core entry'), unit: 'bytes', now: 7950, baseline: 9202, max: 8000, met: true },
      { id: 'per-call', measure: expect.stringContaining('openapi-fetch'), unit: 'ratio', now: 1.12, baseline: 1.05, max: 1.1, met: false },
      { id: 'typecheck', measure: expect.stringContaining('type-check'), unit: 'ms', now: 2000, baseline: null, max: 2000, met: true },
    ]);
  });

  it('prints each figure next to its target and the baseline', () => {
    expect(summaryRows(summarise(sections)).map(([, ...cells]) => cells)).toEqual([
      ['7.95 kB', '9.20 kB', '≤ 8.00 kB', 'yes'],
      ['1.12×', '1.05×', '≤ 1.10×', 'no'],
      ['2.00 s', '–', '≤ 2.00 s', 'yes'],
    ]);
  });

  it('leaves out the targets of sections that did not run', () => {
    expect(summarise({ typecheck: sections.typecheck }).map((row) => row.id)).toEqual(['typecheck']);
  });

  it('prints a saved run: the machine and its load, then only the sections it holds', () => {
    const run = {
      startedAt: '2026-12-02T06:00:00.000Z',
      seconds: 12.4,
      command: 'npm run bench -- --only pagination',
      quick: false,
      machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryGiB: 23.5, os: 'Linux', loadAverage: { start: [2.5, 1, 0.25], end: [3, 2, 1] } },
      software: { node: '20.20.2', litemailSdk: '0.2.0', openapiFetch: '0.17.0', typescript: '5.9.3', esbuild: '0.28.2' },
      baseline: null,
      sections: { pagination: { pages: 100, floorMs: 2000, walks: [{ name: 'raw fetch loop', role: 'raw', ms: 2100 }] } },
      summary: [],
    };
    const text = report(run);
    expect(text).toContain('load average (1, 5, 15 min) 2.50, 1.00, 0.25 at the start, 3.00, 2.00, 1.00 at the end');
    expect(text).toContain('## 4. Pagination\n\n| walk |');
    expect(text).toContain('| raw fetch loop | 2100 ms | 1.050× | 1.00 ms |');
    expect(text).not.toContain('## Targets');
    expect(text).not.toContain('## 1.');
  });
});

describe('flags', () => {
  const known = { sections: ['per-call', 'size', 'typecheck', 'pagination', 'ratelimit'], defaultJson: 'last-run.json' };

  it('runs every section by default and writes the JSON to the default file', () => {
    expect(parseFlags([], known)).toEqual({ help: false, quick: false, only: known.sections, json: 'last-run.json' });
  });

  it('keeps the flags users rely on: --quick, --only, --baseline, --rates', () => {
    expect(parseFlags(['--quick', '--only', 'ratelimit', '--rates', '200,50', '--baseline', '69ecf99'], known)).toEqual({
      help: false,
      quick: true,
      only: ['ratelimit'],
      baseline: '69ecf99',
      rates: [200, 50],
      json: 'last-run.json',
    });
  });

  it('runs the chosen sections in report order', () => {
    expect(parseFlags(['--only', 'size,per-call'], known).only).toEqual(['per-call', 'size']);
  });

  it.each([
    [['--only', 'sizes'], /no section "sizes"/],
    [['--rates', '200,0'], /positive numbers/],
    [['--rates', 'fast'], /positive numbers/],
    [['--bogus'], /bogus/],
    [['--from', 'run.json', '--quick'], /takes no other flag/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseFlags(argv, known)).toThrow(UsageError);
    expect(() => parseFlags(argv, known)).toThrow(message);
  });
});
