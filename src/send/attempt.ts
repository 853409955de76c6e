// One attempt: fetch within `timeoutMs`, redirects refused. The timer stays armed after the fetch
// returns, so the deadline also covers the body, which is read later (by openapi-fetch, or by the
// error-body step); the answer's `done` ends it. Buffering every body here would cost every call.
// The deadline races real I/O, so it is on the system clock, whatever clock the call waits on.
import { systemClock as clock } from '../clock.js';
import { fetchFailure, redirectRefused, targetOf } from '../errors.js';
import type { Answer, CallContext } from './step.js';

export async function attempt(request: Request, call: CallContext): Promise<Answer> {
  const { timeoutMs } = call;
  const deadline = new AbortController();
  const timer = clock.setTimeout(() => deadline.abort(), timeoutMs);
  const done = () => clock.clearTimeout(timer);
  let response: Response;
  try {
    const signal = call.abortable ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
    // Redirects are not followed: fetch would carry x-api-key to wherever Location points.
    response = await call.fetch(request, call.ext ? { ...call.ext, signal, redirect: 'manual' } : { signal, redirect: 'manual' });
  } catch (error) {
    done();
    if (request.signal.aborted) throw request.signal.reason ?? error; // the caller's abort, as it is
    throw fetchFailure(error, targetOf(request), deadline.signal.aborted ? timeoutMs : undefined);
  }
  // 304 Not Modified is not a redirect: like any other error status it is handed on.
  const status = response.status;
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400 && status !== 304 && response.headers.has('location'))) {
    done();
    await response.body?.cancel().catch(() => {});
    throw redirectRefused(targetOf(request), response.headers.get('location'), request.url);
  }
  return { response, done, expiredAfter: () => (deadline.signal.aborted ? timeoutMs : undefined) };
}
