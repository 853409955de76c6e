// Pagination over every list the spec marks with x-litemail-pagination: the generated operation
// table says where the items and the page information are, so no list needs code of its own.
import type { MaybeOptionalInit } from 'openapi-fetch';
import type { RequiredKeysOf } from 'openapi-typescript-helpers';
import type { PageItems, PaginatedPath } from '../generated/operations.js';
import { pageParam, routes } from '../generated/routes.js';
import type { components, paths } from '../generated/schema.js';
import type { LiteMailClient } from './client.js';
import type { CallOptions } from './config.js';
import { LiteMailError } from './errors.js';
import { at } from './pointer.js';
import { unwrap } from './unwrap.js';

export type PageInfo = components['schemas']['Pagination'];

export interface PageCaps {
  /** Stop after this many items in all. */
  maxItems?: number;
  /** Stop after this many pages. */
  maxPages?: number;
}

export interface Page<Path extends PaginatedPath> {
  items: PageItems[Path][];
  pageInfo: PageInfo;
  response: Response;
}

type ListInit<Path extends PaginatedPath> = MaybeOptionalInit<paths[Path], 'get'> & CallOptions & PageCaps;
type ListArgs<Path extends PaginatedPath> =
  RequiredKeysOf<ListInit<Path>> extends never ? [ListInit<Path>?] : [ListInit<Path>];

export interface Paginator {
  /** Every item of a list, page after page. `page` in the query sets where to start. */
  paginate<Path extends PaginatedPath>(path: Path, ...init: ListArgs<Path>): AsyncGenerator<PageItems[Path]>;
  /** The same walk, one page at a time (items, page information, and the HTTP response). */
  pages<Path extends PaginatedPath>(path: Path, ...init: ListArgs<Path>): AsyncGenerator<Page<Path>>;
}


function checkCap(name: string, value: number | undefined): number {
  if (value === undefined) return Infinity;
  if (!Number.isInteger(value) || value < 1) throw new LiteMailError(`${name} must be a whole number of at least 1, got ${value}`);
  return value;
}

export function createPaginator(client: Pick<LiteMailClient, 'GET'>): Paginator {
  async function* pages(path: string, init: Record<string, any> = {}): AsyncGenerator<Page<any>> {
    const list = routes[`GET ${path}`]?.list;
    if (!list) throw new LiteMailError(`GET ${path} is not a paginated list in the LiteMail spec`);
    const { maxItems: itemsCap, maxPages: pagesCap, ...callInit } = init;
    const maxItems = checkCap('maxItems', itemsCap);
    const maxPages = checkCap('maxPages', pagesCap);
    let page = Number(callInit.params?.query?.[pageParam] ?? 1);
    let yielded = 0;
    let previous: number | undefined;

    for (let count = 0; count < maxPages && yielded < maxItems; count++) {
      const params = { ...callInit.params, query: { ...callInit.params?.query, [pageParam]: page } };
      const result = await (client.GET as any)(path, { ...callInit, params });
      const data = await unwrap(result as { data: unknown; response: Response });
      const items = at(data, list.items);
      const pageInfo = at(data, list.pageInfo) as PageInfo;
      const current = at(data, list.current);
      const next = at(data, list.next) ?? null;
      if (!Array.isArray(items) || typeof current !== 'number' || (next !== null && typeof next !== 'number')) {
        throw new LiteMailError(
          `GET ${path} page ${page}: the response has no items at ${list.items} or no page numbers at ${list.current} and ${list.next}`,
        );
      }
      if (current === previous || (next !== null && next <= current)) {
        throw new LiteMailError(
          `GET ${path}: the server returned page ${current} again (asked for page ${page}, next page ${next}); stopping instead of looping`,
        );
      }
      const taken = items.slice(0, maxItems - yielded);
      yielded += taken.length;
      yield { items: taken, pageInfo, response: result.response };
      if (next === null || items.length === 0) return;
      previous = current;
      page = next;
    }
  }

  async function* paginate(path: string, init?: Record<string, any>) {
    for await (const page of pages(path, init)) yield* page.items;
  }

  return { pages, paginate } as Paginator;
}
