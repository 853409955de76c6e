// The public view of the spec's operations (`operationTable`): one object per operation, assembled
// from the generated table's columns. Built only by bundles that import it (a pure expression).
import { operationFacts, operationNames } from './facts.js';
import type { Evidence, HttpMethod } from '../generated/operations.js';

/** What the spec says of an operation: its name, route, tag, evidence level and the facts the client acts on. */
export interface OperationInfo {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The spec's path template, e.g. `/v1/mailboxes/{id}`. */
  readonly path: string;
  readonly tag: string;
  readonly evidence: Evidence;
  /** Spends money or authorises spending: never re-sent automatically. */
  readonly billable: boolean;
  /** A POST or PATCH that is safe to repeat. */
  readonly idempotent: boolean;
  /** JSON pointers to the items array and the object holding the page information of a list response. */
  readonly pagination?: { readonly items: string; readonly pageInfo: string };
}

/** Splits a route key, `METHOD /path`, into its method and path. */
export function splitRoute(route: string): { method: HttpMethod; path: string } {
  const space = route.indexOf(' ');
  return { method: route.slice(0, space) as HttpMethod, path: route.slice(space + 1) };
}

function buildTable(): readonly OperationInfo[] {
  return Object.entries(operationNames).map(([route, [operationId, tag, evidence]]) => {
    const { billable = false, idempotent = false, list } = operationFacts[route] ?? {};
    const info: OperationInfo = { operationId, ...splitRoute(route), tag, evidence, billable, idempotent };
    return list ? { ...info, pagination: { items: list.items, pageInfo: list.pageInfo } } : info;
  });
}

export const operationTable: readonly OperationInfo[] = /* @__PURE__ */ buildTable();
