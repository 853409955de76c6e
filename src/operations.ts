// `litemail-sdk/operations`: call operations by their spec name. `withOperations(client)` adds
// `call(operationId, init)` to a client and lets `paginate`/`pages` take a list's operationId.
// Its own entry point, so the operation table (every operationId's method and path) weighs only
// on those who call by name: the core entry stays as small as it was. It uses the core, through the
// package's main entry, so errors are the same classes and calls go through the same transport.
import { operationNames } from './facts.js';
import type { PageItems, PaginatedOperations } from '../generated/operations.js';
import type { operations } from '../generated/schema.js';
import type { InitArg, InitOf, LiteMailResult, OptionalWhenNothingRequired } from './client.js';
import { LiteMailError, type CallOptions, type LiteMailClient, type Page, type PageCaps } from './index.js';
import { splitRoute } from './operation-table.js';

export type OperationId = keyof operations;

type ListPath<Id extends keyof PaginatedOperations> = PaginatedOperations[Id];
type ListInit<Id extends keyof PaginatedOperations> = InitOf<operations[Id]> & CallOptions & PageCaps;
type ListArgs<Id extends keyof PaginatedOperations> = OptionalWhenNothingRequired<ListInit<Id>>;

export interface OperationsClient extends LiteMailClient {
  /** Calls an operation by its spec `operationId`: the same `{ data, error, response }` as `GET`/`POST`/…. */
  call<Id extends OperationId, Init extends InitOf<operations[Id]>>(
    operationId: Id,
    ...init: InitArg<Init>
  ): Promise<LiteMailResult<operations[Id], Init>>;
  paginate: LiteMailClient['paginate'] &
    (<Id extends keyof PaginatedOperations>(operationId: Id, ...init: ListArgs<Id>) => AsyncGenerator<PageItems[ListPath<Id>]>);
  pages: LiteMailClient['pages'] &
    (<Id extends keyof PaginatedOperations>(operationId: Id, ...init: ListArgs<Id>) => AsyncGenerator<Page<ListPath<Id>>>);
}

/** Each operation's route by its operationId, built at the first call by name. */
let routesById: Map<string, string> | undefined;

function operationNamed(operationId: string): { method: string; path: string } {
  routesById ??= new Map(Object.entries(operationNames).map(([route, [id]]) => [id, route]));
  const route = routesById.get(operationId);
  if (!route) throw new LiteMailError(`"${operationId}" is not an operationId of the LiteMail spec`);
  return splitRoute(route);
}

/** A list's path, whether the caller named the list by its path or by its operationId. */
function listPath(pathOrId: string): string {
  return pathOrId.startsWith('/') ? pathOrId : operationNamed(pathOrId).path;
}

/** `client` with `call`, and with `paginate`/`pages` that also take an operationId. */
export function withOperations(client: LiteMailClient): OperationsClient {
  const methods = client as unknown as Record<string, (path: string, init?: object) => Promise<unknown>>;
  const { paginate, pages } = client as unknown as Record<'paginate' | 'pages', (path: string, init?: object) => AsyncGenerator>;
  return Object.assign(Object.create(client) as object, {
    call: (operationId: string, init?: object) => {
      const op = operationNamed(operationId);
      return methods[op.method]!(op.path, init);
    },
    paginate: (pathOrId: string, init?: object) => paginate(listPath(pathOrId), init),
    pages: (pathOrId: string, init?: object) => pages(listPath(pathOrId), init),
  }) as OperationsClient;
}
