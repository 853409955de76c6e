// The limiter step: each attempt takes a slot of the client's limiter (src/rate-limit.ts) before it
// is sent, tells it what the server answered (a 429 slows the client down, a success brings it
// back), and gives the slot back when its answer is done — for a success, once its body is read.
// The wait for a slot is not part of the attempt: its timeout starts once the slot is taken.
import { targetOf } from '../errors.js';
import type { Limiter, Permit } from '../limiter/limiter.js';
import { parseRetryAfter } from '../retry-after.js';
import type { Step } from './step.js';

export function limit(limiter: Limiter): Step {
  return (next) => async (request, call) => {
    const permit = limiter.tryAcquire() ?? (await queue(limiter, request, call));
    let answer;
    try {
      answer = await next(request, call);
    } catch (error) {
      permit.release();
      throw error;
    }
    const { response, done } = answer;
    permit.answered(response.status, response.status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined);
    return {
      response,
      expiredAfter: answer.expiredAfter,
      done: () => {
        done();
        permit.release();
      },
    };
  };
}

/** Waits for a slot in order of arrival, saying so in the debug log. */
async function queue(limiter: Limiter, request: Request, call: Parameters<ReturnType<Step>>[1]): Promise<Permit> {
  const { log, clock } = call;
  const target = targetOf(request);
  const queuedAt = log ? clock.now() : 0;
  log?.debug(`litemail ${target.method} ${target.path} queued (${limiter.waiting} waiting, ${limiter.inFlight} in flight)`);
  const permit = await limiter.wait(call.abortable ? request.signal : undefined);
  log?.debug(`litemail ${target.method} ${target.path} waited ${Math.round(clock.now() - queuedAt)} ms for a slot`);
  return permit;
}
