// The paginator against servers that page the ways LiteMail plausibly does: Zapmail's last page
// that still names a next page, page numbers as strings, empty pages, and servers that send an
// earlier page again. Each test checks the items AND how many requests the server saw. Then a
// stock Prism mock of the shipped spec (no paging help of any kind) must walk every list cleanly.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaginatedPath } from '../../generated/operations.js';
import { operationTable as operations } from '../../src/index.js';
import { startPrism } from '../../scripts/mock/prism.mjs';
import { LiteMailError, createLiteMailClient } from '../../src/index.js';
import { collect } from '../support/collect.js';
import { FaultServer, startFaultServer } from '../support/fault-server.js';

/** One mailbox-list page as LiteMail (after Zapmail) shapes it: the page information beside the items. */
function mailboxPage(ids: string[], info: Record<string, unknown>) {
  return { body: { success: true, message: 'Mailboxes fetched successfully', data: { mailboxes: ids.map((id) => ({ id })), totalSearchedCount: 99, ...info } } };
}

/** The `page` query value of every request the server saw. */
const pagesAsked = (server: FaultServer) => server.requests.map((r) => new URL(r.path, 'http://x').searchParams.get('page'));

// Every walk against a fault server gets a fresh one (the stock-Prism walks below start their own mock).
let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});
const client = () => createLiteMailClient({ apiKey: 'lm_test_paging', baseUrl: server.url, maxRetries: 0 });

describe('when a walk ends', () => {

  it("on Zapmail's own last page (currentPage 1, nextPage 2, totalPages 1): after that one request, no error", async () => {
    server.handle(() => mailboxPage(['a', 'b'], { currentPage: 1, nextPage: 2, totalPages: 1 }));
    const { items, error } = await collect(client().paginate('/v1/mailboxes'));
    expect(error).toBeUndefined();
    expect(items.map((m) => m.id)).toEqual(['a', 'b']);
    expect(server.count).toBe(1);
  });

  it('when currentPage reaches totalPages although nextPage is set: three pages, three requests', async () => {
    server.handle((r) => {
      const page = Number(new URL(r.path, 'http://x').searchParams.get('page'));
      return mailboxPage([`m${page}`], { currentPage: page, nextPage: page + 1, totalPages: 3 });
    });
    // maxPages only keeps a broken stop rule from running on: the walk must end by itself at 3.
    const { items, error } = await collect(client().paginate('/v1/mailboxes', { maxPages: 10 }));
    expect(error).toBeUndefined();
    expect(items.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(pagesAsked(server)).toEqual(['1', '2', '3']);
  });

  it('when nextPage is null, and when it is absent', async () => {
    server.enqueue(mailboxPage(['a'], { currentPage: 1, nextPage: 2, totalPages: 9 }), mailboxPage(['b'], { currentPage: 2, nextPage: null, totalPages: 9 }));
    const nulled = await collect(client().paginate('/v1/mailboxes'));
    expect(nulled.error).toBeUndefined();
    expect(nulled.items.map((m) => m.id)).toEqual(['a', 'b']);
    expect(server.count).toBe(2);

    server.reset();
    server.enqueue(mailboxPage(['c'], { currentPage: 1, totalPages: 9 }));
    const absent = await collect(client().paginate('/v1/mailboxes'));
    expect(absent.error).toBeUndefined();
    expect(absent.items.map((m) => m.id)).toEqual(['c']);
    expect(server.count).toBe(1);
  });

  it('on a page with no items, even when it names a next page', async () => {
    server.enqueue(mailboxPage(['a'], { currentPage: 1, nextPage: 2, totalPages: 5 }), mailboxPage([], { currentPage: 2, nextPage: 3, totalPages: 5 }));
    const { items, error } = await collect(client().paginate('/v1/mailboxes'));
    expect(error).toBeUndefined();
    expect(items.map((m) => m.id)).toEqual(['a']);
    expect(server.count).toBe(2);
  });

  it('at maxPages without asking for the page after', async () => {
    server.handle((r) => {
      const page = Number(new URL(r.path, 'http://x').searchParams.get('page'));
      return mailboxPage([`m${page}`], { currentPage: page, nextPage: page + 1, totalPages: 10 });
    });
    const { items } = await collect(client().paginate('/v1/mailboxes', { maxPages: 2 }));
    expect(items.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(server.count).toBe(2);
  });
});

describe('a server that sends an earlier page again', () => {

  it('page 1 for every page asked: a clear LiteMailError after the second request, never a loop', async () => {
    server.handle(() => mailboxPage(['a', 'b'], { currentPage: 1, nextPage: 2, totalPages: 3 }));
    const { items, error } = await collect(client().paginate('/v1/mailboxes'));
    expect(error).toBeInstanceOf(LiteMailError);
    expect((error as Error).message).toMatch(/GET \/v1\/mailboxes: the server returned page 1 again \(asked for page 2 after page 1\)/);
    expect(items.map((m) => m.id)).toEqual(['a', 'b']);
    expect(server.count).toBe(2);
  });

  it('page 1 again when page 3 is asked, after pages 1 and 2: the error, three requests', async () => {
    server.enqueue(
      mailboxPage(['a'], { currentPage: 1, nextPage: 2, totalPages: 4 }),
      mailboxPage(['b'], { currentPage: 2, nextPage: 3, totalPages: 4 }),
      mailboxPage(['a'], { currentPage: 1, nextPage: 2, totalPages: 4 }),
    );
    const { items, error } = await collect(client().paginate('/v1/mailboxes'));
    expect((error as Error).message).toMatch(/returned page 1 again \(asked for page 3 after page 2\)/);
    expect(items.map((m) => m.id)).toEqual(['a', 'b']);
    expect(server.count).toBe(3);
  });

  it('a page that names itself (or an earlier page) as the next one, before the last: the error, one request', async () => {
    server.handle(() => mailboxPage(['a'], { currentPage: 2, nextPage: 2, totalPages: 5 }));
    const { error } = await collect(client().paginate('/v1/mailboxes', { params: { query: { page: 2 } } }));
    expect(error).toBeInstanceOf(LiteMailError);
    expect((error as Error).message).toMatch(/page 2 of 5 names page 2 as the next one/);
    expect(server.count).toBe(1);
  });
});

describe('page numbers sent as strings', () => {

  it('a string of digits is that number: the walk goes on, and pageInfo holds numbers', async () => {
    server.enqueue(
      mailboxPage(['a'], { currentPage: '1', nextPage: '2', totalPages: '2' }),
      mailboxPage(['b'], { currentPage: '2', nextPage: '3', totalPages: '2' }),
    );
    const seen = [];
    for await (const page of client().pages('/v1/mailboxes')) seen.push(page.pageInfo);
    expect(seen).toEqual([
      { totalSearchedCount: 99, currentPage: 1, nextPage: 2, totalPages: 2 },
      { totalSearchedCount: 99, currentPage: 2, nextPage: 3, totalPages: 2 },
    ]);
    expect(pagesAsked(server)).toEqual(['1', '2']);
  });

  it.each([
    ['a word', { currentPage: 'one', nextPage: 2, totalPages: 3 }, /\/data\/currentPage is not a page number \(got "one"\)/],
    ['a fraction', { currentPage: 1, nextPage: 2.5, totalPages: 3 }, /\/data\/nextPage is not a page number \(got number\)/],
    ['a negative string', { currentPage: 1, nextPage: 2, totalPages: '-3' }, /\/data\/totalPages is not a page number \(got "-3"\)/],
    ['an object', { currentPage: { n: 1 }, nextPage: 2, totalPages: 3 }, /\/data\/currentPage is not a page number \(got object\)/],
  ])('%s is refused with a clear LiteMailError naming the field, after one request', async (_, info, message) => {
    server.handle(() => mailboxPage(['a'], info));
    const { items, error } = await collect(client().paginate('/v1/mailboxes'));
    expect(error).toBeInstanceOf(LiteMailError);
    expect((error as Error).message).toMatch(/^GET \/v1\/mailboxes page 1: /);
    expect((error as Error).message).toMatch(message);
    expect(items).toEqual([]);
    expect(server.count).toBe(1);
  });

  it('a missing currentPage is refused: without it a loop could not be seen', async () => {
    server.handle(() => mailboxPage(['a'], { nextPage: 2, totalPages: 3 }));
    const { error } = await collect(client().paginate('/v1/mailboxes'));
    expect((error as Error).message).toMatch(/no page number at \/data\/currentPage/);
    expect(server.count).toBe(1);
  });
});

describe('a stock Prism mock of the shipped spec (no paging middleware)', () => {
  // Written by hand: every list LiteMail has, so a list that loses its pagination, or a new one
  // without a complete default example, is noticed here.
  const LISTS: PaginatedPath[] = [
    '/v1/domains',
    '/v1/domains/assignable',
    '/v1/mailboxes',
    '/v1/mailboxes/warmup-analytics',
    '/v1/workspaces',
    '/v1/wallet/invoices',
    '/v1/export-history',
    '/v1/subscriptions',
    '/v1/tags',
    '/v1/placement-tests',
    '/v1/webhooks',
  ];
  let prism: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    prism = await startPrism({ front: false }); // Prism alone, without the mock's front server
  });
  afterAll(async () => {
    await prism?.stop();
  });

  it('the hand-written list is every paginated list of the spec', () => {
    const paginated = operations.filter((o) => o.pagination && o.method === 'GET').map((o) => o.path);
    expect([...paginated].sort()).toEqual([...LISTS].sort());
  });

  it.each(LISTS)('%s: walks to the end in one request, every item the page counts, no error', async (path) => {
    const lm = createLiteMailClient({ apiKey: 'lm_test_stock_prism', baseUrl: prism.url, maxRetries: 0 });
    let requests = 0;
    lm.use({ onRequest: () => void requests++ });
    const pages = [];
    for await (const page of lm.pages(path)) pages.push(page);
    expect(requests).toBe(1);
    expect(pages).toHaveLength(1);
    const [page] = pages;
    expect(page!.items.length).toBeGreaterThan(0);
    // A complete walk: the items seen are all the list says it holds.
    expect(page!.items).toHaveLength(page!.pageInfo.totalSearchedCount);
  });
});
