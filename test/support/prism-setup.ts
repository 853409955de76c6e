// Starts one Prism mock of generated/openapi.yaml for the whole run (127.0.0.1, free port) and
// stops it afterwards. Tests read its URL with `inject('prismUrl')`, and the URL of the Prism
// behind its front server (to see that this Prism is still the one answering) with
// `inject('prismBackendUrl')`.
//
// Vitest runs each project's global setup on its own, in this one process: the spec and e2e tiers
// share the Prism through `globalThis`, and the last of them to finish stops it.
import type { TestProject } from 'vitest/node';
import { startPrism } from '../../scripts/mock/prism.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
    prismBackendUrl: string;
  }
}

type Prism = Awaited<ReturnType<typeof startPrism>>;
const SHARED = Symbol.for('litemail-sdk.test.prism');
const shared = globalThis as typeof globalThis & { [SHARED]?: { prism: Promise<Prism>; users: number } };

export default async function setup(project: TestProject) {
  const entry = (shared[SHARED] ??= { prism: startPrism(), users: 0 });
  entry.users += 1;
  const release = async () => {
    entry.users -= 1;
    if (entry.users > 0) return;
    if (shared[SHARED] === entry) delete shared[SHARED];
    await entry.prism.then((prism) => prism.stop(), () => undefined);
  };
  let prism: Prism;
  try {
    prism = await entry.prism;
  } catch (error) {
    await release();
    throw error;
  }
  project.provide('prismUrl', prism.url);
  project.provide('prismBackendUrl', prism.prism().url);
  return release;
}
