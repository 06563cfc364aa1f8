import { DataSource, Logger } from 'typeorm';
import { UserEntity } from '../../src/database/entities';
import { openMigratedSqlite } from '../support/migrated-sqlite';
import { makeDataDir, removeDataDir } from '../support/test-server';

/** Records the SQL TypeORM runs, to ask SQLite how it would run it. */
class QueryRecorder implements Logger {
  readonly queries: Array<{ sql: string; parameters: unknown[] }> = [];
  logQuery(sql: string, parameters?: unknown[]): void {
    this.queries.push({ sql, parameters: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

describe('the admin accounts are found through their own index (real SQLite)', () => {
  const recorder = new QueryRecorder();
  let dataDir: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    dataDir = makeDataDir();
    dataSource = await openMigratedSqlite(dataDir, { logging: ['query'], logger: recorder });
  });

  afterAll(async () => {
    await dataSource.destroy();
    removeDataDir(dataDir);
  });

  /** SQLite's plan for the last SELECT on users that TypeORM ran. */
  async function planOfLastSelect(): Promise<string> {
    const last = recorder.queries.filter((query) => /^SELECT/.test(query.sql) && query.sql.includes('"users"')).pop();
    if (!last) throw new Error('no SELECT on users was recorded');
    const rows: Array<{ detail: string }> = await dataSource.query(`EXPLAIN QUERY PLAN ${last.sql}`, last.parameters);
    return rows.map((row) => row.detail).join('; ');
  }

  it('asking whether an admin exists, and counting them, reads no other account', async () => {
    const users = dataSource.getRepository(UserEntity);
    await users.insert(Array.from({ length: 50 }, (_, i) => ({ username: `u${i}`, usernameKey: `u${i}`, passwordHash: 'x' })));
    await users.insert({ username: 'root', usernameKey: 'root', passwordHash: 'x', role: 'admin' });

    expect(await users.existsBy({ role: 'admin' })).toBe(true);
    expect(await planOfLastSelect()).toMatch(/USING COVERING INDEX IDX_users_admins/);
    expect(await users.countBy({ role: 'admin' })).toBe(1);
    expect(await planOfLastSelect()).toMatch(/USING COVERING INDEX IDX_users_admins/);
  });
});
