// Pagination starts where the caller says: `page` in the query is the first page asked for, and
// the walk goes on from the server's next page. Against a local server that counts requests. The
// page bodies, the pages asked for and the items expected are written here by hand.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiteMailClient } from '../../src/index.js';
import { FaultServer, startFaultServer } from '../support/fault-server.js';

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

/** A page of GET /v1/tags as LiteMail's list envelope has it (written by hand, not from the spec). */
function tagsPage(current: number, next: number | null, names: string[]) {
  const tags = names.map((name, i) => ({ id: `tag_${current}_${i}`, name, tagColor: '#000000' }));
  return { body: { success: true, data: { tags, currentPage: current, nextPage: next } } };
}

describe("paginate honours the caller's starting page", () => {
  it('page 3 in the query: asks for page 3, then the next page the server gives, and yields only their items', async () => {
    server.enqueue(tagsPage(3, 4, ['c1', 'c2']), tagsPage(4, null, ['d1']));
    const lm = createLiteMailClient({ apiKey: 'lm_test_pages_0123', baseUrl: server.url });
    const names: string[] = [];
    for await (const tag of lm.paginate('/v1/tags', { params: { query: { page: 3, limit: 2 } } })) names.push(tag.name);
    expect(names).toEqual(['c1', 'c2', 'd1']);
    expect(server.requests.map((r) => new URL(r.path, server.url).searchParams.get('page'))).toEqual(['3', '4']);
    expect(new URL(server.requests[0]!.path, server.url).searchParams.get('limit')).toBe('2');
    expect(server.count).toBe(2);
  });

  it('pages() from page 2 with maxPages 1: one request, for page 2', async () => {
    server.enqueue(tagsPage(2, 3, ['b1']));
    const lm = createLiteMailClient({ apiKey: 'lm_test_pages_0123', baseUrl: server.url });
    const seen: number[] = [];
    for await (const page of lm.pages('/v1/tags', { params: { query: { page: 2 } }, maxPages: 1 })) seen.push(page.items.length);
    expect(seen).toEqual([1]);
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/tags?page=2']);
  });
});
