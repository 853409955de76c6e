// Section 1, per-call time: sequential GET /v1/users (the spec's example body) to the bench server,
// through raw fetch, bare openapi-fetch, litemail-sdk (and the --baseline package), in interleaved
// rounds; wall and CPU time per call, ratios to raw fetch and to openapi-fetch from the same rounds.
//
// Beside them, a breakdown: the steps litemail-sdk's transport takes beneath openapi-fetch,
// emulated one by one as a custom `fetch` under bare openapi-fetch, so the CPU cost of each step
// can be read off. A probe (transportTraits) tells which of the emulated steps the built client
// still takes; the others are measured as what they would add.
import { CALLS_PER_ROUND, createContender, runRounds } from './rounds.mjs';
import { API_KEY } from './server.mjs';
import { median, medianRatio, quantile } from './stats.mjs';
import { markdownTable, signed, times, us } from './table.mjs';

/** The emulated steps, in the order they are stacked, as the table names them. */
const STEPS = {
  timeout: '… + per-attempt timeout (AbortController, timer, fetch init with signal and redirect)',
  buffer: '… + body buffered (arrayBuffer, new Response)',
  clone: '… + request.clone() before sending',
};

/** A custom fetch for openapi-fetch that takes the chosen steps of the transport. */
function steppedFetch({ buffer = false, timeout = false, clone = false }) {
  return async (request) => {
    const sent = clone ? request.clone() : request;
    let controller;
    let timer;
    if (timeout) {
      controller = new AbortController();
      timer = setTimeout(() => controller.abort(), 30_000);
    }
    try {
      // These calls pass no signal of their own, so there is nothing to compose the timeout with.
      const response = await (timeout ? fetch(sent, { signal: controller.signal, redirect: 'manual' }) : fetch(sent));
      if (!buffer) return response;
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * What the built client's transport does, observed from outside through its public options: whether
 * the response openapi-fetch gets is a copy of the one fetch returned (the body was buffered), and
 * whether the first attempt of a GET sends a clone of openapi-fetch's Request.
 */
async function transportTraits(sdk) {
  let made;
  let sent;
  let returned;
  const client = sdk.createLiteMailClient({
    apiKey: API_KEY,
    baseUrl: 'http://127.0.0.1:9',
    fetch: async (input) => {
      sent = input;
      returned = new Response('{"success":true}', { status: 200, headers: { 'content-type': 'application/json' } });
      return returned;
    },
  });
  client.use({
    onRequest({ request }) {
      made = request;
      return undefined;
    },
  });
  const { response } = await client.GET('/v1/users');
  return { buffers: response !== returned, clones: sent !== made };
}

/** A contender that GETs /v1/users through an openapi-fetch-shaped client and checks the body; `role` says what it stands for. */
function viaClient(name, role, client, extra = {}) {
  const contender = createContender(name, role, async () => {
    const { data } = await client.GET('/v1/users');
    if (!data?.success) throw new Error(`${name}: bad response`);
  });
  return Object.assign(contender, extra);
}

export async function run({ sdk, createClient, baseline, server, quick, log }) {
  const baseUrl = server.url;
  const headers = { 'x-api-key': API_KEY };
  const rounds = quick ? 4 : 30;
  log(`Per-call time: ${rounds} rounds × ${CALLS_PER_ROUND} calls per contender …`);
  const traits = await transportTraits(sdk);
  const bare = (fetchImpl) => createClient({ baseUrl, headers, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  const lite = (from, options = {}) => from.createLiteMailClient({ apiKey: API_KEY, baseUrl, ...options });

  const raw = createContender('raw fetch', 'raw', async () => {
    const res = await fetch(`${baseUrl}/v1/users`, { headers });
    const data = await res.json();
    if (!res.ok || !data.success) throw new Error('raw fetch: bad response');
  });
  // The steps litemail-sdk takes first (so the last of them is litemail-sdk without its own
  // bookkeeping), then those it no longer takes (what they would cost on top).
  const present = ['timeout', ...(traits.buffers ? ['buffer'] : []), ...(traits.clones ? ['clone'] : [])];
  const absent = ['buffer', 'clone'].filter((t) => !present.includes(t));
  const steps = [viaClient('openapi-fetch + custom fetch (pass-through)', 'step', bare(steppedFetch({})), { technique: 'pass-through', present: true })];
  let taken = {};
  for (const technique of [...present, ...absent]) {
    taken = { ...taken, [technique]: true };
    const isPresent = present.includes(technique);
    const name = isPresent ? STEPS[technique] : `${STEPS[technique]}: not done by litemail-sdk now`;
    steps.push(viaClient(name, 'step', bare(steppedFetch(taken)), { technique, present: isPresent }));
  }
  const openapiFetch = viaClient('openapi-fetch', 'openapi-fetch', bare());
  const contenders = [
    raw,
    openapiFetch,
    viaClient('litemail-sdk', 'litemail-sdk', lite(sdk)),
    ...(baseline ? [viaClient(`litemail-sdk at ${baseline.sha} (baseline)`, 'baseline', lite(baseline.sdk))] : []),
    ...steps,
    ...(traits.clones ? [viaClient('litemail-sdk with maxRetries: 0 (no clone)', 'no-clone', lite(sdk, { maxRetries: 0 }))] : []),
  ];
  await runRounds(contenders, rounds);

  const wall = (c) => c.samples.map((x) => x.wall);
  const cpu = (c) => c.samples.map((x) => x.cpu);
  const perCall = (xs) => xs.map((x) => (x * 1000) / CALLS_PER_ROUND);
  return {
    rounds,
    callsPerRound: CALLS_PER_ROUND,
    traits,
    contenders: contenders.map((c) => ({
      name: c.name,
      role: c.group,
      ...(c.technique ? { technique: c.technique, present: c.present } : {}),
      wallUs: { median: median(perCall(wall(c))), p25: quantile(perCall(wall(c)), 0.25), p75: quantile(perCall(wall(c)), 0.75) },
      cpuUs: median(perCall(cpu(c))),
      vsRaw: medianRatio(wall(c), wall(raw)),
      vsRawOfMedians: median(wall(c)) / median(wall(raw)),
      vsOpenapiFetch: medianRatio(wall(c), wall(openapiFetch)),
      cpuVsRaw: medianRatio(cpu(c), cpu(raw)),
      cpuVsOpenapiFetch: medianRatio(cpu(c), cpu(openapiFetch)),
    })),
  };
}

export function table(data) {
  const main = data.contenders.filter((c) => !['step', 'no-clone'].includes(c.role));
  const contenders = markdownTable(
    ['contender', 'median per call', 'p25 – p75', 'vs raw fetch', 'vs openapi-fetch', 'CPU per call', 'CPU vs openapi-fetch'],
    main.map((c) => [
      c.name,
      us(c.wallUs.median),
      `${c.wallUs.p25.toFixed(1)} – ${c.wallUs.p75.toFixed(1)} µs`,
      `${times(c.vsRaw)} (${times(c.vsRawOfMedians)})`,
      times(c.vsOpenapiFetch),
      us(c.cpuUs),
      times(c.cpuVsOpenapiFetch),
    ]),
  );
  // Each step against the row before it, from bare openapi-fetch up; litemail-sdk against the
  // last step it still takes (the rest is its own bookkeeping).
  const chain = [data.contenders.find((c) => c.role === 'openapi-fetch'), ...data.contenders.filter((c) => c.role === 'step')];
  const lite = data.contenders.find((c) => c.role === 'litemail-sdk');
  const lastTaken = chain.filter((c) => c.role === 'step' && c.present).at(-1);
  const noClone = data.contenders.find((c) => c.role === 'no-clone');
  const breakdown = markdownTable(
    ['step', 'wall per call', 'CPU per call', 'CPU step cost'],
    [
      ...chain.map((c, i) => [c.name, us(c.wallUs.median), us(c.cpuUs), i === 0 ? '' : signed(c.cpuUs - chain[i - 1].cpuUs)]),
      ...(noClone ? [[noClone.name, us(noClone.wallUs.median), us(noClone.cpuUs), `litemail-sdk − this: ${signed(lite.cpuUs - noClone.cpuUs)}`]] : []),
      ['litemail-sdk', us(lite.wallUs.median), us(lite.cpuUs), `${signed(lite.cpuUs - lastTaken.cpuUs)} over the last step it takes`],
    ],
  );
  return `${contenders}\n\n${breakdown}`;
}
