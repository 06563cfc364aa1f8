import { DataSource, DataSourceOptions } from 'typeorm';

/** The advisory lock that serialises migrations of servers sharing one PostgreSQL database ("parl"). */
export const MIGRATIONS_LOCK = 0x7061726c;

/**
 * Connects and brings the schema up to date. On PostgreSQL several servers (the nodes of a
 * cluster, a CLI command) may start together on one new database; TypeORM creates its
 * migrations table outside the migrations' transaction, so without a lock the second to get
 * there fails. Each takes the lock in turn and finds the schema done by the first. PostgreSQL
 * releases the lock of a process that dies with it.
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  if (options.type !== 'postgres') return new DataSource(options).initialize();
  const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
  try {
    await migrateAlone(dataSource);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}

async function migrateAlone(dataSource: DataSource): Promise<void> {
  const lockHolder = dataSource.createQueryRunner();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK]);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATIONS_LOCK]).catch(() => undefined);
    await lockHolder.release();
  }
}
