// The shape of the steps a call's request goes through (`limit`, `retry`, `attempt`, the error-body
// step), each a function of the next one, in the spirit of Octokit's request wrappers: every step
// can be tested alone with a fake `next`.
import type { OperationFacts } from '../../generated/operations.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { FetchLike } from '../options.js';

/** What a step may know of the call it serves. Read-only: a step keeps its own state in its closure. */
export interface CallContext {
  /** The spec's facts about the operation called (billable, idempotent), if it is one of the spec's. */
  readonly facts: OperationFacts | undefined;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly fetch: FetchLike;
  /** openapi-fetch's requestInitExt (e.g. an undici dispatcher), passed on to fetch. */
  readonly ext: RequestInit | undefined;
  /** Whether the caller passed an AbortSignal (otherwise the request's own signal can never fire). */
  readonly abortable: boolean;
  /** What the call's waits run on (retry backoff, the limiter's pacing); the attempt's deadline races real I/O and is on real time. */
  readonly clock: Clock;
  readonly log: Logger | undefined;
}

/**
 * A response, and what the steps still hold for it until its body has been read: the attempt's
 * timer (its deadline covers the body) and the limiter's slot. The call that receives it ends them.
 */
export interface Answer {
  readonly response: Response;
  /** Ends what is held for this response. Safe to call more than once. */
  done(): void;
  /** The attempt's deadline passed (ms it allowed), or undefined: a body read that failed then failed because of it. */
  expiredAfter(): number | undefined;
}

export type Send = (request: Request, call: CallContext) => Promise<Answer>;
export type Step = (next: Send) => Send;

/** An answer that holds nothing (already read, or never held). */
export function settled(response: Response): Answer {
  return { response, done: () => {}, expiredAfter: () => undefined };
}
