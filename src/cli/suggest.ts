// "Did you mean …?" for a name that is not one we know (an operation, a tool): the known names closest
// to it, ignoring letter case, by edit distance, and those that contain it.

/** Levenshtein distance between two strings. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to three of `known` that `name` was probably meant to be, closest first. */
export function closest(name: string, known: readonly string[]): string[] {
  const wanted = name.toLowerCase();
  const near = Math.max(2, Math.floor(wanted.length / 4));
  return known
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const d = distance(wanted, lower);
      return { candidate, d: wanted.length >= 4 && lower.includes(wanted) ? Math.min(d, near) : d };
    })
    .filter(({ d }) => d <= near)
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

/** `; did you mean a or b?`, or nothing when no known name is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const names = closest(name, known);
  return names.length ? `; did you mean ${names.join(' or ')}?` : '';
}
