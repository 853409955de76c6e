// JSON pointers (RFC 6901): the spec says where things are in a response body this way.

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
