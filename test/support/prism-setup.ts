// Starts one Prism mock of generated/openapi.yaml for the whole run (127.0.0.1, free port) and
// stops it afterwards. Tests read its URL with `inject('prismUrl')`.
import type { TestProject } from 'vitest/node';
import { startPrism } from '../../scripts/mock/prism.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const prism = await startPrism();
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}
