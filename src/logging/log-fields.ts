/**
 * What a log line may say about who and where, besides its message. Call sites pass these in
 * an object instead of a string: `logger.log({ message: 'alice logged in', user, address })`.
 * Never put a password, a token or message text in a log line, in the message or a field.
 */
export interface LogFields {
  /** The account the line is about (the admin, for admin actions). */
  user?: string;
  /** The client's IP address. */
  address?: string;
  /** `line`, `irc`, `http`. */
  protocol?: string;
  /** The chat session's id (its row in the session history). */
  session?: number | string;
  /** The cluster node; set once for the whole process in cluster mode. */
  node?: string;
  /** Anything else worth a field (an audit action, a reason, a status code). */
  [field: string]: string | number | boolean | undefined;
}

/** A structured log entry as call sites write it. */
export interface LogEntry extends LogFields {
  message: string;
}

export function isLogEntry(value: unknown): value is LogEntry {
  return typeof value === 'object' && value !== null && typeof (value as LogEntry).message === 'string';
}
