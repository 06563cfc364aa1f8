/**
 * What went wrong with the database, in words a user can act on. The driver's SQLite result
 * code (SQLITE_BUSY, ...) is the signal; TypeORM copies it onto the errors it wraps.
 */
export function describeStorageFailure(error: unknown): string | undefined {
  const code = sqliteCode(error);
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

/** A constraint failed (a row's recipient was deleted meanwhile, say): that row is bad, not the database. */
export function isConstraintViolation(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT';
}

function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  const found = typeof code === 'string' ? code : driverError?.code;
  return typeof found === 'string' && found.startsWith('SQLITE_') ? found : undefined;
}
