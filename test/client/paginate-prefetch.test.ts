// Pagination with `prefetch`: pages requested ahead once the first page says how many there are,
// still yielded in page order, never requested past maxPages, maxItems or the last page, ending with
// the same errors as a walk without prefetch, and cancelled when the walk stops early. The server
// counts the page requests it received.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiteMailError, InternalServerError, createLiteMailClient, type LiteMailClientOptions } from '../../src/index.js';
import { collect } from '../support/collect.js';
import { FaultServer, startFaultServer, type FaultResponse } from '../support/fault-server.js';

const PAGE_SIZE = 10;
let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

const client = (options: LiteMailClientOptions = {}) =>
  createLiteMailClient({ apiKey: 'lm_test_prefetch', baseUrl: server.url, maxRetries: 0, ...options });
const pageOf = (path: string) => Number(new URL(path, 'http://x').searchParams.get('page'));
const pagesAsked = () => server.requests.map((r) => pageOf(r.path));

/** A list of `total` pages of PAGE_SIZE mailboxes, Zapmail's shape; each answer delayed a random 0–30 ms. */
function list(total: number, override: (page: number) => FaultResponse | undefined = () => undefined) {
  server.handle((request) => {
    const page = pageOf(request.path);
    return (
      override(page) ?? {
        delayMs: Math.floor(Math.random() * 30),
        body: {
          success: true,
          data: {
            mailboxes: Array.from({ length: PAGE_SIZE }, (_, i) => ({ id: `m${page}-${i}` })),
            currentPage: page,
            nextPage: page + 1,
            totalPages: total,
            totalSearchedCount: total * PAGE_SIZE,
          },
        },
      }
    );
  });
}

const idsOf = (pages: number[]) => pages.flatMap((page) => Array.from({ length: PAGE_SIZE }, (_, i) => `m${page}-${i}`));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('prefetch', () => {
  it('12 pages with prefetch 4: every item once, in page order, each page requested once', async () => {
    list(12);
    const { items, error } = await collect(client().paginate('/v1/mailboxes', { prefetch: 4 }));
    expect(error).toBeUndefined();
    expect(items.map((m) => m.id)).toEqual(idsOf(range(1, 12)));
    expect(pagesAsked().sort((a, b) => a - b)).toEqual(range(1, 12));
  });

  it('requests pages ahead: more than one page request at the server at once, never more than prefetch', async () => {
    let open = 0;
    let most = 0;
    server.handle(async (request) => {
      most = Math.max(most, ++open);
      await new Promise((resolve) => setTimeout(resolve, 60));
      open--;
      const page = pageOf(request.path);
      return { body: { success: true, data: { mailboxes: [{ id: `m${page}` }], currentPage: page, nextPage: page + 1, totalPages: 9, totalSearchedCount: 9 } } };
    });
    const { items } = await collect(client().paginate('/v1/mailboxes', { prefetch: 3 }));
    expect(items.map((m) => m.id)).toEqual(range(1, 9).map((p) => `m${p}`));
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('maxPages 3 with prefetch 8: pages 1–3 only', async () => {
    list(50);
    const { items } = await collect(client().pages('/v1/mailboxes', { prefetch: 8, maxPages: 3 }));
    expect(items.map((p) => p.pageInfo.currentPage)).toEqual([1, 2, 3]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pagesAsked().sort((a, b) => a - b)).toEqual([1, 2, 3]);
  });

  it('maxItems 25 (10 a page) with prefetch 8: pages 1–3 only, 25 items', async () => {
    list(50);
    const { items } = await collect(client().paginate('/v1/mailboxes', { prefetch: 8, maxItems: 25 }));
    expect(items).toHaveLength(25);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pagesAsked().sort((a, b) => a - b)).toEqual([1, 2, 3]);
  });

  it('the last page by count: nothing requested past totalPages', async () => {
    list(4);
    const { items } = await collect(client().paginate('/v1/mailboxes', { prefetch: 10 }));
    expect(items).toHaveLength(40);
    expect(pagesAsked().sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
  });

  it('starts where the query says, and prefetches from there', async () => {
    list(8);
    const { items } = await collect(client().paginate('/v1/mailboxes', { prefetch: 2, params: { query: { page: 6 } } }));
    expect(items.map((m) => m.id)).toEqual(idsOf([6, 7, 8]));
    expect(pagesAsked().sort((a, b) => a - b)).toEqual([6, 7, 8]);
  });

  it('a page failing ahead: the pages before it are yielded, then the same error as without prefetch', async () => {
    const failing = (page: number): FaultResponse | undefined =>
      page === 4 ? { status: 500, body: { success: false, message: 'page 4 broke' } } : undefined;
    list(10, failing);
    const ahead = await collect(client().paginate('/v1/mailboxes', { prefetch: 5 }));
    server.reset();
    list(10, failing);
    const inTurn = await collect(client().paginate('/v1/mailboxes'));

    expect(ahead.items.map((m) => m.id)).toEqual(idsOf([1, 2, 3]));
    expect(ahead.error).toBeInstanceOf(InternalServerError);
    expect(inTurn.items.map((m) => m.id)).toEqual(ahead.items.map((m) => m.id));
    expect((ahead.error as Error).message).toBe((inTurn.error as Error).message);
  });

  it('a server that ignores the page number: the same "returned page again" error as without prefetch', async () => {
    const stuck = (): FaultResponse => ({ body: { success: true, data: { mailboxes: [{ id: 'x' }], currentPage: 1, nextPage: 2, totalPages: 5 } } });
    server.handle(stuck);
    const ahead = await collect(client().paginate('/v1/mailboxes', { prefetch: 3 }));
    const inTurn = await collect(client().paginate('/v1/mailboxes'));
    expect(ahead.error).toBeInstanceOf(LiteMailError);
    expect((ahead.error as Error).message).toBe((inTurn.error as Error).message);
    expect((ahead.error as Error).message).toContain('returned page 1 again');
    expect(ahead.items).toEqual(inTurn.items);
  });

  it('numbering that is not consecutive: falls back to following nextPage', async () => {
    server.handle((request) => {
      const page = pageOf(request.path);
      const next = page === 1 ? 3 : page === 3 ? 5 : null;
      return { body: { success: true, data: { mailboxes: [{ id: `m${page}` }], currentPage: page, nextPage: next, totalPages: 5 } } };
    });
    const { items, error } = await collect(client().paginate('/v1/mailboxes', { prefetch: 4 }));
    expect(error).toBeUndefined();
    expect(items.map((m) => m.id)).toEqual(['m1', 'm3', 'm5']);
    expect(pagesAsked()).toEqual([1, 3, 5]); // no guessed page 2 or 4
  });

  it('a walk stopped early (break) cancels the pages still queued for the limiter', async () => {
    list(40);
    const lm = client({ rateLimit: { maxConcurrent: 1 } });
    for await (const mailbox of lm.paginate('/v1/mailboxes', { prefetch: 6 })) {
      if (mailbox.id === 'm1-0') break;
    }
    // Page 1 was read; at most the one prefetched page holding the only slot went out.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(server.count).toBeLessThanOrEqual(2);
    // And the limiter is free again: a new call does not wait behind cancelled pages.
    const next = await collect(lm.paginate('/v1/mailboxes', { maxPages: 1 }));
    expect(next.items).toHaveLength(PAGE_SIZE);
  });

  it.each([-1, 1.5, 33, Number.NaN])('prefetch %s: a LiteMailError naming prefetch', async (prefetch) => {
    list(2);
    const { error } = await collect(client().paginate('/v1/mailboxes', { prefetch }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect((error as Error).message).toContain('prefetch must be a whole number from 0 to 32');
    expect(server.count).toBe(0);
  });
});
