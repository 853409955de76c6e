// What tests share: test keys (never a real one), the client factory on fake time, and the local
// servers. A client made here waits (backoff, Retry-After, pacing) on an EagerClock: no real time
// passes, and `clock.delays` says exactly what it waited for.
import { createClientOnClock } from '../../src/client.js';
import type { Clock } from '../../src/clock.js';
import type { LiteMailClientOptions } from '../../src/index.js';
import { EagerClock } from './clock.js';

export { ManualClock, EagerClock } from './clock.js';
export { FaultServer, startFaultServer, UNSCRIPTED_STATUS, type FaultResponse, type RecordedRequest } from './fault-server.js';
export { startFakeLiteMail } from './fake-litemail.js';
export { startRecordingProxy } from './recording-proxy.js';
export { rejectionOf } from './rejection.js';

/** Keys that look like LiteMail's, so a leak shows up in any output that is searched for them. */
export const TEST_KEY = 'lm_test_key_5Qm2x8Rt0Zp4';
export const TEST_BEARER = 'test.bearer.token_9Vf1';

/** A client of `baseUrl` with the test key, its waits on `clock` (a fresh EagerClock unless given). */
export function testClient<C extends Clock = EagerClock>(baseUrl: string, options: LiteMailClientOptions = {}, clock?: C) {
  const on = (clock ?? new EagerClock()) as C;
  return { client: createClientOnClock({ apiKey: TEST_KEY, baseUrl, ...options }, on), clock: on };
}
