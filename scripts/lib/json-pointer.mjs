// JSON pointers (RFC 6901) for the tools in scripts/: the one place they are escaped, unescaped and
// followed. (The library has its own, src/pointer.ts: it is bundled for browsers and cannot import
// the tools' .mjs files, nor they its .ts.)

/** A reference token for a property name or an index: `~` → `~0`, `/` → `~1`. */
export const escapeToken = (token) => String(token).replace(/~/g, '~0').replace(/\//g, '~1');

/** One reference token, unescaped. */
export const unescapeToken = (token) => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** The unescaped tokens of a pointer (`''` and `'/'`, the whole document: none). */
export const tokensOf = (pointer) => (pointer && pointer !== '/' ? pointer.split('/').slice(1).map(unescapeToken) : []);

/** The value at `pointer` inside `value`, or undefined when the path does not exist. */
export const resolvePointer = (value, pointer) => tokensOf(pointer).reduce((node, token) => (node == null ? undefined : node[token]), value);
