import * as sqlite3 from 'sqlite3';

/**
 * A connection configured as Parley needs it, in the one place TypeORM's sqlite3 driver
 * allows (its `prepareDatabase` option belongs to better-sqlite3 and is ignored here).
 */
class ParleyDatabase extends sqlite3.Database {
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
