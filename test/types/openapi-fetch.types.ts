// Type tests, checked by `tsc --noEmit` in `npm test`: the client's types are written to be cheap
// for a user's type-check (BENCHMARKS.md section 3), and these lines prove that they are still
// openapi-fetch's types for every operation of the spec: the same paths per method, the same init
// (so the same calls compile and fail) and the same `data` and `error`.
import type { Client, FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import type { InitOf, LiteMailResult, OptionalWhenNothingRequired } from '../../src/client.js';
import type { PathsByMethod } from '../../generated/operations.js';
import { createLiteMailClient, type CallOptions, type PageCaps, type operations, type paths } from '../../src/index.js';
import { withOperations } from '../../src/operations.js';

/** True when A and B are the same type, not merely assignable to each other. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only for `true`. */
type Expect<T extends true> = T;
/** The operation object at a path and method. */
type Op<P extends keyof paths, M> = paths[P][M & keyof paths[P]] extends Record<string | number, any> ? paths[P][M & keyof paths[P]] : never;

/** Each method's paths are `PathsWithMethod`'s. */
export type SamePaths = Expect<Equals<{ [M in HttpMethod]: PathsByMethod[M] }, { [M in HttpMethod]: PathsWithMethod<paths, M> }>>;

/** The operations (`"METHOD /path"`) whose init differs from openapi-fetch's: none. */
type DifferentInits = {
  [M in HttpMethod]: { [P in PathsByMethod[M]]: Equals<InitOf<Op<P, M>>, MaybeOptionalInit<paths[P], M>> extends true ? never : `${Uppercase<M>} ${P}` }[PathsByMethod[M]];
}[HttpMethod];
export type SameInits = Expect<Equals<DifferentInits, never>>;

/**
 * The arguments after the path for an init known before the call (paginate's: an operation's init
 * with the per-call options and the caps): optional exactly when openapi-fetch's rule, RequiredKeysOf
 * as in its InitParam, says so. Checked on every operation, the ones that need their init included.
 */
type ByRequiredKeys<Init> = RequiredKeysOf<Init> extends never ? [Init?] : [Init];
type DifferentArgs = {
  [M in HttpMethod]: {
    [P in PathsByMethod[M]]: Equals<
      OptionalWhenNothingRequired<InitOf<Op<P, M>> & CallOptions & PageCaps>,
      ByRequiredKeys<MaybeOptionalInit<paths[P], M> & CallOptions & PageCaps>
    > extends true
      ? never
      : `${Uppercase<M>} ${P}`;
  }[PathsByMethod[M]];
}[HttpMethod];
export type SameArgs = Expect<Equals<DifferentArgs, never>>;

/** The result of an operation, for a call without `parseAs` and with two of its values. */
type SameResult<O extends Record<string | number, any>> = Equals<
  [LiteMailResult<O, {}>, LiteMailResult<O, { parseAs: 'text' }>, LiteMailResult<O, { parseAs: 'stream' }>],
  [FetchResponse<O, {}, 'application/json'>, FetchResponse<O, { parseAs: 'text' }, 'application/json'>, FetchResponse<O, { parseAs: 'stream' }, 'application/json'>]
>;

/** The operations (`"METHOD /path"`) whose result differs from openapi-fetch's: none. */
type DifferentResults = {
  [M in HttpMethod]: { [P in PathsByMethod[M]]: SameResult<Op<P, M>> extends true ? never : `${Uppercase<M>} ${P}` }[PathsByMethod[M]];
}[HttpMethod];
export type SameResults = Expect<Equals<DifferentResults, never>>;

/** Called by name (litemail-sdk/operations), with openapi-fetch's init as if the operation were a path's `get`. */
type DifferentByName = {
  [Id in keyof operations]: Equals<
    [InitOf<operations[Id]>, LiteMailResult<operations[Id], {}>],
    [MaybeOptionalInit<{ get: operations[Id] }, 'get'>, FetchResponse<operations[Id], {}, 'application/json'>]
  > extends true
    ? never
    : Id;
}[keyof operations];
export type SameByName = Expect<Equals<DifferentByName, never>>;

/** Whole calls, as written: the inferred result is the one openapi-fetch's own client infers. */
declare const openapiFetch: Client<paths, 'application/json'>;
const lm = withOperations(createLiteMailClient({ apiKey: 'lm_types_only', baseUrl: 'http://127.0.0.1:1' }));
const id = 'cm4q7r2x10003lm08abcd1234';
export async function sameCalls() {
  const user = [await lm.GET('/v1/users'), await openapiFetch.GET('/v1/users')] as const;
  const mailbox = [await lm.GET('/v1/mailboxes/{id}', { params: { path: { id } } }), await openapiFetch.GET('/v1/mailboxes/{id}', { params: { path: { id } } })] as const;
  const text = [await lm.GET('/v1/users', { parseAs: 'text' }), await openapiFetch.GET('/v1/users', { parseAs: 'text' })] as const;
  const body = { domainName: 'b2bforcelabs.com' };
  const post = [await lm.POST('/v1/cloudflare-credentials', { body }), await openapiFetch.POST('/v1/cloudflare-credentials', { body })] as const;
  const request = [await lm.request('delete', '/v1/tags/{id}', { params: { path: { id } } }), await openapiFetch.request('delete', '/v1/tags/{id}', { params: { path: { id } } })] as const;
  const byName = [await lm.call('getMailboxDetails', { params: { path: { id } }, parseAs: 'stream' }), await openapiFetch.GET('/v1/mailboxes/{id}', { params: { path: { id } }, parseAs: 'stream' })] as const;
  // Each pair: this client's result, then openapi-fetch's.
  type SameAsOpenapiFetch = [
    Expect<Equals<(typeof user)[0], (typeof user)[1]>>,
    Expect<Equals<(typeof mailbox)[0], (typeof mailbox)[1]>>,
    Expect<Equals<(typeof text)[0], (typeof text)[1]>>,
    Expect<Equals<(typeof post)[0], (typeof post)[1]>>,
    Expect<Equals<(typeof request)[0], (typeof request)[1]>>,
    Expect<Equals<(typeof byName)[0], (typeof byName)[1]>>,
  ];
  return [user, mailbox, text, post, request, byName] as const;
}

// The checks can fail: another operation has another init and another result.
// @ts-expect-error GET /v1/mailboxes/{id} needs its path parameter: its init is not optional
export type CanFailInit = Expect<Equals<InitOf<Op<'/v1/mailboxes/{id}', 'get'>>, MaybeOptionalInit<paths['/v1/mailboxes'], 'get'>>>;
// @ts-expect-error the result of GET /v1/users is not that of GET /v1/mailboxes
export type CanFail = Expect<Equals<LiteMailResult<Op<'/v1/users', 'get'>, {}>, FetchResponse<Op<'/v1/mailboxes', 'get'>, {}, 'application/json'>>>;
