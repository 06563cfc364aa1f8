/**
 * What went wrong with the database, in words a user can act on; undefined when the error is
 * not the database's. The signal is the driver's code, which TypeORM copies onto the errors
 * it wraps: SQLite result codes (SQLITE_BUSY, ...), PostgreSQL SQLSTATEs (57014, ...), or the
 * socket errors of a lost connection to the PostgreSQL server.
 */
export function describeStorageFailure(error: unknown): string | undefined {
  const code = driverCode(error);
  if (code === undefined) return lostPostgresConnection(error) ? 'the connection to the database was lost' : undefined;
  return code.startsWith('SQLITE_') ? sqliteFailure(code) : postgresFailure(code);
}

/**
 * A constraint failed (a row's recipient was deleted meanwhile, say): that row is bad, not the
 * database. SQLITE_CONSTRAINT, or a PostgreSQL integrity_constraint_violation (SQLSTATE class 23).
 */
export function isConstraintViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code === 'SQLITE_CONSTRAINT' || (code !== undefined && /^23[0-9A-Z]{3}$/.test(code));
}

function sqliteFailure(code: string): string | undefined {
  switch (code) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'the database is locked by another process';
    case 'SQLITE_FULL':
      return "the server's disk is full";
    case 'SQLITE_READONLY':
      return 'the database is read-only';
    case 'SQLITE_IOERR':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return 'the database cannot be read or written';
    case 'SQLITE_MISUSE':
      return 'the database is closed';
    default:
      return undefined;
  }
}

/** SQLSTATE classes and codes: https://www.postgresql.org/docs/current/errcodes-appendix.html */
function postgresFailure(code: string): string | undefined {
  switch (code) {
    case '57014': // query_canceled: statement_timeout
      return 'the database did not answer in time';
    case '55P03': // lock_not_available
    case '40P01': // deadlock_detected
    case '40001': // serialization_failure
      return 'the database is busy with conflicting changes';
    case '53100': // disk_full
      return "the database server's disk is full";
    case '25006': // read_only_sql_transaction
      return 'the database is read-only';
    case '57P01': // admin_shutdown: the backend was terminated
    case '57P02': // crash_shutdown
    case '57P03': // cannot_connect_now: starting up or shutting down
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ETIMEDOUT':
      return 'the connection to the database was lost';
    default:
      // 08xxx connection exceptions, 53xxx insufficient resources.
      if (code.startsWith('08')) return 'the connection to the database was lost';
      if (code.startsWith('53')) return 'the database server is out of resources';
      return undefined;
  }
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

function driverCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  const found = typeof code === 'string' ? code : driverError?.code;
  if (typeof found !== 'string') return undefined;
  return found.startsWith('SQLITE_') || /^[0-9A-Z]{5}$/.test(found) || SOCKET_CODES.has(found) ? found : undefined;
}

/** node-postgres reports a connection that died under a query without a code. */
function lostPostgresConnection(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /^Connection terminated|^Client has encountered a connection error/.test(message);
}
