// Section 4, pagination: PAGES pages of GET /v1/mailboxes, each answered by the bench server after
// LATENCY_MS, walked with paginate() (today's package and the --baseline one) and with a raw fetch
// loop. Each page names the next, so pages cannot overlap: the floor is PAGES × LATENCY_MS.
import { API_KEY, LATENCY_MS, PAGE_SIZE, PAGES } from './server.mjs';
import { median } from './stats.mjs';
import { markdownTable, ms, times } from './table.mjs';

/** A walk over every page with a client's paginate(); resolves to the number of items. */
const paginateWith = (client) => async () => {
  let n = 0;
  for await (const _ of client.paginate('/v1/mailboxes', { params: { query: { limit: PAGE_SIZE } } })) n++;
  return n;
};

export async function run({ sdk, baseline, server, quick, log }) {
  const reps = quick ? 1 : 3;
  const baseUrl = server.url;
  log(`Pagination: ${PAGES} pages at ${LATENCY_MS} ms, ${reps} repetitions …`);
  const client = (from) => from.createLiteMailClient({ apiKey: API_KEY, baseUrl });
  const walks = [
    { name: 'litemail-sdk paginate()', role: 'litemail-sdk', walk: paginateWith(client(sdk)) },
    ...(baseline ? [{ name: `litemail-sdk at ${baseline.sha} paginate() (baseline)`, role: 'baseline', walk: paginateWith(client(baseline.sdk)) }] : []),
    {
      name: 'raw fetch loop',
      role: 'raw',
      walk: async () => {
        let n = 0;
        for (let page = 1; page; ) {
          const res = await fetch(`${baseUrl}/v1/mailboxes?page=${page}&limit=${PAGE_SIZE}`, { headers: { 'x-api-key': API_KEY } });
          const body = await res.json();
          n += body.data.mailboxes.length;
          page = body.data.nextPage;
        }
        return n;
      },
    },
  ];
  const samples = new Map(walks.map((w) => [w, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const w of rep % 2 ? [...walks].reverse() : walks) {
      const started = performance.now();
      const items = await w.walk();
      samples.get(w).push(performance.now() - started);
      if (items !== PAGES * PAGE_SIZE) throw new Error(`${w.name}: ${items} items, expected ${PAGES * PAGE_SIZE}`);
    }
  }
  return {
    pages: PAGES,
    pageSize: PAGE_SIZE,
    latencyMs: LATENCY_MS,
    reps,
    floorMs: PAGES * LATENCY_MS,
    walks: walks.map((w) => ({ name: w.name, role: w.role, ms: median(samples.get(w)) })),
  };
}

export function table(data) {
  return markdownTable(
    ['walk', 'time', 'vs floor', 'above floor per page'],
    data.walks.map((w) => [w.name, ms(w.ms), times(w.ms / data.floorMs, 3), `${((w.ms - data.floorMs) / data.pages).toFixed(2)} ms`]),
  );
}
