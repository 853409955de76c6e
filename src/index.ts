// litemail-sdk: the public API. Everything about the API itself (paths, bodies, pagination,
// which calls move money) comes from the spec through generated/.
export { createLiteMailClient, type LiteMailClient, type LiteMailMethod } from './client.js';
export type { LiteMailClientOptions, CallOptions, PageCaps } from './options.js';
export type { Logger, LogLevel } from './log.js';
export type { RateLimitOptions } from './options.js';
export type { Page, PageInfo, Paginator } from './paginate.js';
export { unwrap } from './unwrap.js';
export { redact, REDACTED } from './redact.js';
export {
  LiteMailError,
  LiteMailApiError,
  LiteMailConnectionError,
  LiteMailTimeoutError,
  LiteMailParseError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  InternalServerError,
} from './errors.js';
export type { paths, components, operations } from '../generated/schema.js';
export { operationTable, type OperationInfo } from './operation-table.js';
export type { HttpMethod, PaginatedPath, PageItems } from '../generated/operations.js';
