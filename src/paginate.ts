// Pagination over every list the spec marks with x-litemail-pagination: the generated operation
// table says where the items and the page information are, so no list needs code of its own.
import { operationFacts, pageNumbers, pageParam } from './facts.js';
import type { ListPointers, PageItems, PaginatedPath } from '../generated/operations.js';
import type { components, paths } from '../generated/schema.js';
import type { InitOf, LiteMailClient, OptionalWhenNothingRequired } from './client.js';
import { LiteMailError } from './errors.js';
import { resolvePageCaps, type CallOptions, type PageCaps } from './options.js';
import { at, unescapeToken } from './pointer.js';
import { unwrap } from './unwrap.js';

export type PageInfo = components['schemas']['Pagination'];

export interface Page<Path extends PaginatedPath> {
  items: PageItems[Path][];
  /** The page information the response gives beside the items (not the items), page numbers as numbers. */
  pageInfo: PageInfo;
  response: Response;
}

type ListInit<Path extends PaginatedPath> = InitOf<paths[Path]['get']> & CallOptions & PageCaps;
type ListArgs<Path extends PaginatedPath> = OptionalWhenNothingRequired<ListInit<Path>>;

export interface Paginator {
  /** Every item of a list, page after page. `page` in the query sets where to start. */
  paginate<Path extends PaginatedPath>(path: Path, ...init: ListArgs<Path>): AsyncGenerator<PageItems[Path]>;
  /** The same walk, one page at a time (items, page information, and the HTTP response). */
  pages<Path extends PaginatedPath>(path: Path, ...init: ListArgs<Path>): AsyncGenerator<Page<Path>>;
}

/**
 * A page number as a server may send it: a whole number, or a string of digits (Zapmail types
 * `page` and `limit` as strings, so a server echoing them may too). Undefined when absent or null.
 */
function pageNumber(value: unknown, what: () => string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number) && number >= 0) return number;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 20)) : typeof value;
  throw new LiteMailError(`${what()} is not a page number (got ${shown})`);
}

/** The key of `pointer` directly inside the object at `parent`, or undefined when it is deeper or elsewhere. */
function childKey(parent: string, pointer: string): string | undefined {
  const rest = pointer.startsWith(`${parent}/`) ? pointer.slice(parent.length + 1) : undefined;
  return rest === undefined || rest.includes('/') ? undefined : unescapeToken(rest);
}

/** One page of a list response: its items, its page numbers, and the page information as the spec types it. */
function readPage(data: unknown, list: ListPointers, where: () => string) {
  const items = at(data, list.items);
  const info = at(data, list.pageInfo) as Record<string, unknown> | null | undefined;
  if (!Array.isArray(items) || info === null || typeof info !== 'object') {
    throw new LiteMailError(`${where()}: the response has no items at ${list.items} or no page information at ${list.pageInfo}`);
  }
  // The page numbers are fields of the page information, named by the spec (x-litemail-paging).
  const number = (name: string) => pageNumber(info[name], () => `${where()}: ${list.pageInfo}/${name}`);
  const [current, next, total] = [number(pageNumbers.current), number(pageNumbers.next), number(pageNumbers.total)];
  if (current === undefined) throw new LiteMailError(`${where()}: the response has no page number at ${list.pageInfo}/${pageNumbers.current}`);
  // Page information without the items when they sit in the same object (Zapmail's shape), with
  // the page numbers as numbers even when the server sent strings.
  const pageInfo: Record<string, unknown> = { ...info };
  const itemsKey = list.items.startsWith(`${list.pageInfo}/`) ? list.items.slice(list.pageInfo.length + 1) : undefined;
  if (itemsKey !== undefined && !itemsKey.includes('/')) delete pageInfo[unescapeToken(itemsKey)];
  for (const [name, value] of [[pageNumbers.current, current], [pageNumbers.next, next], [pageNumbers.total, total]] as const) {
    if (value !== undefined && name in pageInfo) pageInfo[name] = value;
  }
  return { items, current, next, total, pageInfo: pageInfo as PageInfo };
}

export function createPaginator(client: Pick<LiteMailClient, 'GET'>): Paginator {
  async function* pages(path: string, init: Record<string, any> = {}): AsyncGenerator<Page<any>> {
    const list = operationFacts[`GET ${path}`]?.list;
    if (!list) throw new LiteMailError(`GET ${path} is not a paginated list in the LiteMail spec`);
    const { maxItems, maxPages, prefetch, callInit } = resolvePageCaps(init as PageCaps & Record<string, any>);
    let page = pageNumber(callInit.params?.query?.[pageParam], () => `the ${pageParam} query parameter`) ?? 1;
    let yielded = 0;
    let previous: number | undefined;

    // Requests of a walk that ends early (a break, a cap, an error) are cancelled, queued or not.
    const stop = prefetch ? new AbortController() : undefined;
    const signal = stop && (callInit.signal ? AbortSignal.any([callInit.signal, stop.signal]) : stop.signal);
    const fetchPage = async (number: number) => {
      const params = { ...callInit.params, query: { ...callInit.params?.query, [pageParam]: number } };
      const result = await (client.GET as any)(path, { ...callInit, params, ...(signal && { signal }) });
      const data = await unwrap(result as { data: unknown; response: Response });
      return { ...readPage(data, list, () => `GET ${path} page ${number}`), response: result.response as Response };
    };
    /** Pages requested ahead, by number; each settles quietly until it is read. */
    const requested = new Map<number, Promise<Awaited<ReturnType<typeof fetchPage>>>>();

    try {
      for (let count = 0; count < maxPages && yielded < maxItems; count++) {
        const asked = page;
        const pending = requested.get(asked) ?? fetchPage(asked);
        requested.delete(asked);
        const { items, current, next, total, pageInfo, response } = await pending;
        if (previous !== undefined && current <= previous) {
          throw new LiteMailError(
            `GET ${path}: the server returned page ${current} again (asked for page ${asked} after page ${previous}); stopping instead of looping`,
          );
        }
        const taken = items.slice(0, maxItems - yielded);
        yielded += taken.length;
        // The list ends at whichever comes first: no next page, the last page by count (Zapmail's
        // last page still names a next page), or a page with nothing on it.
        const last = next === undefined || (total !== undefined && current >= total) || items.length === 0;
        if (!last && next <= current) {
          throw new LiteMailError(`GET ${path}: page ${current} of ${total ?? '?'} names page ${next} as the next one; stopping instead of looping`);
        }
        // Ask for the following pages before handing this one over, so they load while it is read;
        // only when numbering is consecutive and the count is known, and never past a cap.
        if (prefetch && !last && next === current + 1 && total !== undefined) {
          const pagesLeft = Math.min(total - current, maxPages - count - 1, Math.ceil((maxItems - yielded) / Math.max(1, items.length)));
          for (let number = next; number <= current + Math.min(prefetch, pagesLeft); number++) {
            if (requested.has(number)) continue;
            const request = fetchPage(number);
            request.catch(() => {}); // an error surfaces when (if) its page is read
            requested.set(number, request);
          }
        }
        yield { items: taken, pageInfo, response };
        if (last) return;
        previous = current;
        page = next;
      }
    } finally {
      stop?.abort();
    }
  }

  async function* paginate(path: string, init?: Record<string, any>) {
    for await (const page of pages(path, init)) yield* page.items;
  }

  return { pages, paginate } as Paginator;
}
