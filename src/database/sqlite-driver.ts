import * as sqlite3 from 'sqlite3';
import { EntityManager } from 'typeorm';

/**
 * A connection configured as Parley needs it, in the one place TypeORM's sqlite3 driver
 * allows (its `prepareDatabase` option belongs to better-sqlite3 and is ignored here).
 */
export class ParleyDatabase extends sqlite3.Database {
  private readonly prepared = new Map<string, sqlite3.Statement>();

  constructor(...args: ConstructorParameters<typeof sqlite3.Database>) {
    super(...args);
    // Statements run one after another anyway (one connection, one mutex). Queued here, the
    // waiting ones no longer sit in libuv's thread pool blocked on that mutex, where they
    // starved password hashing of threads.
    this.serialize();
    // WAL with a full sync per commit: a message is acknowledged only once it is on disk.
    // Without a callback a failure here (a file that is not a database) is an unhandled 'error'
    // event that kills the process; TypeORM's own first query reports the same error properly.
    this.run('PRAGMA synchronous = FULL', () => {});
  }

  /**
   * `sql` prepared once and kept for this connection. A TypeORM query prepares and finalizes
   * its statement every time, each a trip through libuv's pool; on the stored-message path
   * that cost more than running it. Calls on one statement queue in order.
   */
  statement(sql: string): sqlite3.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  /** Finalizes the kept statements first: SQLite refuses to close a connection that has any. */
  override close(callback?: (error: Error | null) => void): void {
    const statements = [...this.prepared.values()];
    this.prepared.clear();
    let left = statements.length;
    if (left === 0) return super.close(callback);
    for (const statement of statements) {
      statement.finalize(() => {
        if (--left === 0) super.close(callback);
      });
    }
  }
}

/**
 * The sqlite3 module as TypeORM sees it. TypeORM calls verbose(), which wraps every query in
 * a function that captures a stack trace and util.inspect()s every parameter to lengthen
 * error stacks; on the stored-message path that cost more CPU than the query itself, so
 * verbose() here changes nothing.
 */
export const sqliteDriver: typeof sqlite3 = Object.create(sqlite3, {
  Database: { value: ParleyDatabase },
  verbose: { value: () => sqliteDriver },
});

/** The rows of `sql`, run as a kept prepared statement on the manager's SQLite connection. */
export function allPrepared<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const statement = connectionOf(manager).statement(sql);
  return new Promise((resolve, reject) => {
    statement.all(params, (error: Error | null, rows: T[]) => (error ? resetThen(statement, () => reject(error)) : resolve(rows)));
  });
}

/** Runs `sql` (a write) as a kept prepared statement; resolves once it has committed. */
export function runPrepared(manager: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const statement = connectionOf(manager).statement(sql);
  return new Promise((resolve, reject) => {
    statement.run(params, function (this: sqlite3.RunResult, error: Error | null) {
      if (error) resetThen(statement, () => reject(error));
      else resolve(this.changes);
    });
  });
}

/**
 * A kept statement that failed (SQLITE_BUSY, say) stays active until it is reset, and while it
 * is active the connection's transaction stays open: later statements' writes would not commit.
 */
function resetThen(statement: sqlite3.Statement, then: () => void): void {
  statement.reset(() => then());
}

function connectionOf(manager: EntityManager): ParleyDatabase {
  const connection = (manager.connection.driver as { databaseConnection?: unknown }).databaseConnection;
  if (!(connection instanceof ParleyDatabase)) throw new Error('prepared statements need the SQLite connection');
  return connection;
}
