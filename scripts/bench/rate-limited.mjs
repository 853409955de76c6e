// Section 5, against a rate-limited server: a thin adapter over ratelimit.mjs, which owns the
// scenarios, their server and their table (it is changed on its own; this file only calls it).
import { rateLimitBench, rateLimitReport } from './ratelimit.mjs';

export async function run({ sdk, createClient, rates, log }) {
  return rateLimitBench(sdk, createClient, { ...(rates ? { rates } : {}), log });
}

export function table(data) {
  // Its report may open with a heading of its own; the benchmark's report gives each section one.
  return rateLimitReport(data).replace(/^## .*\n+/, '').trimEnd();
}
