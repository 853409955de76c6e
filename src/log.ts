// Debug logging (LITEMAIL_LOG=debug or the `logLevel` option). What a line may contain is decided by
// src/redact.ts: headers go through safeHeaders, never as sent.

export type LogLevel = 'off' | 'debug';
export interface Logger {
  debug(message: string): void;
}

export const consoleLogger: Logger = {
  debug: (message) => console.debug(message),
};
