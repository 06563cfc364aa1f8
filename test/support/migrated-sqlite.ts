import { join } from 'node:path';
import { DataSource, Logger, LoggerOptions } from 'typeorm';
import { ENTITIES } from '../../src/database/entities';
import { MIGRATIONS } from '../../src/database/migrations';
import { sqliteDriver } from '../../src/database/sqlite-driver';

/** A real SQLite file in `dataDir` with every migration run, as the server opens it. */
export function openMigratedSqlite(dataDir: string, log: { logging?: LoggerOptions; logger?: Logger } = {}): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'sqlite',
    driver: sqliteDriver,
    database: join(dataDir, 'parley.sqlite'),
    entities: ENTITIES,
    migrations: MIGRATIONS.sqlite,
    migrationsRun: true,
    logging: log.logging ?? false,
    logger: log.logger,
  });
  return dataSource.initialize();
}
