// Prism serves a list's first example whatever page is asked for. A list whose spec gives named
// examples page1, page2, … can still be walked page by page against the mock: this openapi-fetch
// middleware asks Prism for the example of the requested page (`Prefer: example=pageN`).
// Mock only: the real API pages by itself.
import { listOperations } from './spec.mjs';

/** @param {any} doc the bundled spec */
export function mockPagesMiddleware(doc) {
  const paged = new Set(
    listOperations(doc)
      .filter(({ method, op }) => method === 'GET' && op.responses?.['200']?.content?.['application/json']?.examples?.page1)
      .map(({ path }) => path),
  );
  const pageParam = doc.components.schemas.Pagination['x-litemail-paging'].pageParam;
  return {
    /** @param {{ request: Request, schemaPath: string }} params */
    onRequest({ request, schemaPath }) {
      if (!paged.has(schemaPath)) return undefined;
      const page = new URL(request.url).searchParams.get(pageParam) ?? '1';
      request.headers.set('Prefer', `example=page${page}`);
      return request;
    },
  };
}
