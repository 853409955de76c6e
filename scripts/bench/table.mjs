// How the benchmark's figures are printed: a plain Markdown table and the number formats its
// cells use (kB are 1,000 bytes, as in the targets). Pure: each section builds its rows from its
// JSON data with these.

/** A Markdown table: a header row, the separator, one line per row. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

export const fixed = (n, digits = 1) => n.toFixed(digits);
export const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
export const us = (micros) => `${micros.toFixed(1)} µs`;
export const ms = (millis) => `${Math.round(millis)} ms`;
export const seconds = (millis) => `${(millis / 1000).toFixed(2)} s`;
export const times = (ratio, digits = 2) => `${ratio.toFixed(digits)}×`;
/** A difference with its sign (− for a negative one), e.g. "+31.4 µs". */
export const signed = (x, format = us) => `${x < 0 ? '−' : '+'}${format(Math.abs(x))}`;
/** A figure, or a dash when there is none (a baseline that was not measured). */
export const orDash = (value, format) => (value === undefined || value === null ? '–' : format(value));
