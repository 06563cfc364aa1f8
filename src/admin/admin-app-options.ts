import { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerService, LogLevel } from '@nestjs/common';

/** What the server hands to its admin application when that loads: the logger the core logs with. */
export const ADMIN_APP_OPTIONS = Symbol('ADMIN_APP_OPTIONS');

export interface AdminAppOptions {
  logger?: LoggerService | LogLevel[] | false;
}

/** The loaded admin application, as the listener uses it. */
export interface AdminApp {
  handle(request: IncomingMessage, response: ServerResponse): void;
  close(): Promise<void>;
}
