// Type tests, checked by `tsc --noEmit` in `npm test`: the client's types are written to be cheap
// for a user's type-check (BENCHMARKS.md section 3), and these lines prove that they are still
// openapi-fetch's types for every operation of the spec: the same paths per method, the same init
// (so the same calls compile and fail) and the same `data` and `error`.
import type { HttpMethod, PathsWithMethod } from 'openapi-typescript-helpers';
import type { PathsByMethod } from '../../generated/operations.js';
import type { paths } from '../../src/index.js';

/** True when A and B are the same type, not merely assignable to each other. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only for `true`. */
type Expect<T extends true> = T;

/** Each method's paths are `PathsWithMethod`'s. */
export type SamePaths = Expect<Equals<{ [M in HttpMethod]: PathsByMethod[M] }, { [M in HttpMethod]: PathsWithMethod<paths, M> }>>;
