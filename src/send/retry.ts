// The retry loop: sends the request again while the retry policy (src/retry-policy.ts) allows it,
// waiting between attempts on the call's clock, and logs each attempt. A discarded answer is ended
// here (its body cancelled, its timer and slot given back) before the wait.
import { sleep } from '../clock.js';
import { targetOf } from '../errors.js';
import { parseRetryAfter } from '../retry-after.js';
import { retryDelayMs, retryFailure, retryResponse } from '../retry-policy.js';
import type { Step } from './step.js';

export const retry: Step = (next) => async (request, call) => {
  const { clock, log } = call;
  const attempts = 1 + call.maxRetries;
  const line = (n: number, what: string, started: number) =>
    log?.debug(`litemail ${request.method} ${targetOf(request).path} -> ${what} (attempt ${n}/${attempts}, ${Math.round(clock.now() - started)} ms)`);

  for (let n = 1; ; n++) {
    const last = n === attempts;
    // A body can be read once: every attempt but the last sends a clone of a request that has one.
    const sent = last || request.body === null ? request : request.clone();
    const started = log ? clock.now() : 0;
    let retryAfterMs: number | undefined;
    try {
      const answer = await next(sent, call);
      const { response } = answer;
      if (log) line(n, String(response.status), started);
      if (response.ok || last) return answer;
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      if (!retryResponse(request.method, call.facts, response.status, retryAfterMs)) return answer;
      await response.body?.cancel().catch(() => {});
      answer.done();
    } catch (error) {
      if (log) line(n, (error as Error)?.name ?? 'error', started);
      if (last || !retryFailure(request.method, call.facts, error)) throw error;
    }
    const delay = retryDelayMs(n - 1, retryAfterMs);
    log?.debug(`litemail ${request.method} ${targetOf(request).path} retrying in ${Math.round(delay)} ms`);
    await sleep(clock, delay, request.signal);
  }
};
