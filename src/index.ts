// litemail-sdk: the public API. Everything about the API itself (paths, bodies, pagination,
// which calls move money) comes from the spec through generated/.
export { createLiteMailClient, type LiteMailClient, type LiteMailMethod } from './client.js';
export type { LiteMailClientOptions, CallOptions } from './config.js';
export type { Logger, LogLevel } from './log.js';
export type { RateLimitOptions } from './rate-limit.js';
export type { Page, PageCaps, PageInfo, Paginator } from './paginate.js';
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
export { operations as operationTable, type OperationInfo, type PaginatedPath, type PageItems } from '../generated/operations.js';
