// Prism as a validating proxy in front of the real API: starting it (and stopping it on Ctrl-C,
// even while it starts), sending one GET through it, reading from its log what the API answered,
// and telling a crash of Prism from a slow or absent API. Owns everything that knows Prism's
// process and log format; what the answers mean is check.mjs's.
import { startPrism } from '../mock/prism.mjs';

const REQUEST_TIMEOUT_MS = 30_000;

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Starts `prism proxy <spec> <upstream>` and resolves once it listens.
 * @param {URL} upstream
 */
export async function startProxy(upstream) {
  let starting = startPrism({ upstream: upstream.href });
  const stopOnSignal = (signal) =>
    starting
      .then((p) => p.stop())
      .catch(() => {})
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  let prism = await starting;

  /** Waits until Prism has logged what the upstream answered this request (its status), or gives up. */
  async function upstreamStatus(mark, path) {
    const pattern = new RegExp(`(?:The upstream call|Upstream call) to ${escapeRegExp(path)} has returned (\\d+)|Request terminated with error`);
    for (let waited = 0; waited < 1_000; waited += 10) {
      const found = pattern.exec(prism.output().slice(mark));
      if (found) return found[1] ? Number(found[1]) : undefined;
      await new Promise((r) => setTimeout(r, 10));
    }
    return undefined;
  }

  /** When the proxy stopped answering: the error Prism died of, if it did die. */
  async function crashed(mark) {
    const alive = await fetch(prism.url, { signal: AbortSignal.timeout(2_000) }).then(
      () => true,
      () => false,
    );
    if (alive) return undefined;
    return (/^\w*Error: .*$/m.exec(prism.output().slice(mark))?.[0] ?? 'it exited').slice(0, 200);
  }

  return {
    /**
     * GET `url` (path and query) through the proxy with `headers`.
     * @returns {Promise<{ response: Response, text: string, fromUpstream: number | undefined } | { failure: string, crash?: string }>}
     *   the answer and the status the API itself gave (Prism may answer in its place), or why there was none
     */
    async get(url, headers) {
      const mark = prism.output().length;
      try {
        const response = await fetch(prism.url + url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        const text = await response.text();
        return { response, text, fromUpstream: await upstreamStatus(mark, url.split('?')[0]) };
      } catch (error) {
        const crash = await crashed(mark);
        return crash ? { failure: 'crashed', crash } : { failure: error.cause?.message ?? error.message };
      }
    },
    /** A new Prism in place of one that died: one odd answer (e.g. a malformed Content-Type) can kill it. */
    async restart() {
      await prism.stop();
      starting = startPrism({ upstream: upstream.href });
      prism = await starting;
    },
    stop: () => prism.stop(),
  };
}
