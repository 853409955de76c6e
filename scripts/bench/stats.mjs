// The statistics the benchmark reports: quantiles (linear interpolation between the closest
// ranks) and the median. Pure; `npm run bench:validate` uses them too.

/** The q-quantile (0 ≤ q ≤ 1) of `xs`, interpolated between the two closest ranks. */
export function quantile(xs, q) {
  if (!xs.length) throw new Error('quantile of no values');
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

export const median = (xs) => quantile(xs, 0.5);

/** The median of the pairwise ratios a[i] / b[i]: samples taken in the same round compared with each other. */
export function medianRatio(a, b) {
  if (a.length !== b.length) throw new Error(`ratio of ${a.length} samples to ${b.length}`);
  return median(a.map((x, i) => x / b[i]));
}
