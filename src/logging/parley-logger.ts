import { inspect } from 'node:util';
import { LoggerService } from '@nestjs/common';
import pino from 'pino';
import { isLogEntry, LogFields } from './log-fields';
import { LogOutput } from './log-output';

export type LogLevelSetting = 'debug' | 'info' | 'warn' | 'error';
type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Nest's start-up chatter: kept at debug level, so `log.level: debug` shows it. */
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'NestApplication', 'RoutesResolver', 'RouterExplorer']);

/**
 * A second line of defence: fields with these names never reach the output, whatever a
 * call site passes. The first is that call sites put no secret or message text in a line.
 */
const REDACTED_FIELDS = ['password', 'token', 'text', 'authorization', 'cookie', 'body'];
const REDACT_PATHS = [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((field) => `*.${field}`), 'req.headers'];

/**
 * Nest's LoggerService on pino: every line is one JSON object (or its text rendering) with
 * time, level, context, message and the call site's fields (user, address, protocol, session, node).
 * Call sites use Nest's `Logger` as before and may pass `{ message, ...fields }` instead of a string.
 */
export class ParleyLogger implements LoggerService {
  readonly pino: pino.Logger;

  constructor(
    readonly output: LogOutput,
    level: LogLevelSetting = 'info',
    base: LogFields = {},
  ) {
    this.pino = pino(
      {
        level,
        base: { pid: process.pid, ...base },
        messageKey: 'message',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      },
      output.stream,
    );
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Reopens the log file (SIGHUP); a no-op when logging to stdout. */
  reopen(): void {
    this.output.reopen();
  }

  /**
   * Nest passes the context last; `error` may pass a stack trace before it. Anything else
   * a caller adds is ignored rather than guessed at.
   */
  private write(level: PinoLevel, message: unknown, params: unknown[]): void {
    const last = params.at(-1);
    const context = params.length > 0 && typeof last === 'string' ? last : undefined;
    const effective = level === 'info' && context && FRAMEWORK_CONTEXTS.has(context) ? 'debug' : level;
    if (!this.pino.isLevelEnabled(effective)) return;
    const fields: Record<string, unknown> = { context };
    const stack = level === 'error' ? stackOf(context === undefined ? params : params.slice(0, -1)) : undefined;
    if (stack) fields.stack = stack;
    this.pino[effective](fields, this.messageText(message, fields));
  }

  private messageText(message: unknown, fields: Record<string, unknown>): string {
    if (typeof message === 'string') return message;
    if (message instanceof Error) {
      fields.stack ??= message.stack;
      return message.message;
    }
    if (isLogEntry(message)) {
      const { message: text, ...rest } = message;
      Object.assign(fields, rest);
      return text;
    }
    return inspect(message, { breakLength: Infinity });
  }
}

function stackOf(params: unknown[]): string | undefined {
  const first = params[0];
  if (typeof first === 'string' && first.length > 0) return first;
  if (first instanceof Error) return first.stack;
  return undefined;
}
