// Interleaved rounds: the way the benchmark compares contenders that call the same server. Each
// round makes CALLS_PER_ROUND sequential calls and records wall and CPU time; the contenders take
// turns, in an order that rotates every round and reverses every other round, so that none always
// runs first (or right after the slowest). `npm run bench:validate` uses these too.

export const CALLS_PER_ROUND = 400;

/** A contender: `call` made CALLS_PER_ROUND times per round; `samples` collects the rounds. */
export function createContender(name, group, call) {
  return {
    name,
    group,
    samples: [],
    /** One round: wall time and this process's CPU time (user + system), in ms. */
    async round() {
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < CALLS_PER_ROUND; i++) await call();
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      return { wall, cpu: (used.user + used.system) / 1000 };
    },
  };
}

/** The order of `contenders` in round `round`: rotated by the round number, reversed in odd rounds. */
export function roundOrder(contenders, round) {
  const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
  return round % 2 ? order.reverse() : order;
}

/** One warm-up round each (JIT, connection pool), then `rounds` interleaved rounds into each contender's samples. */
export async function runRounds(contenders, rounds) {
  for (const c of contenders) await c.round();
  for (let round = 0; round < rounds; round++) {
    for (const c of roundOrder(contenders, round)) c.samples.push(await c.round());
  }
}
