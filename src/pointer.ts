// JSON pointers (RFC 6901): the spec says where things are in a response body this way.

/** A reference token for a property name or an index: `~` → `~0`, `/` → `~1`. */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** One reference token of a pointer, unescaped (`~1` is `/`, `~0` is `~`). */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value at `pointer` inside `value`, or undefined when the path does not exist. */
export function at(value: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map(unescapeToken)
    .reduce<unknown>((node, token) => (node == null ? undefined : (node as Record<string, unknown>)[token]), value);
}
