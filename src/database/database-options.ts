import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { ParleyConfig } from '../config/config.schema';
import { DATABASE_FILE, prepareDataDir } from './data-dir';
import { probePostgres } from './database-url';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { sqliteDriver } from './sqlite-driver';

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(config: ParleyConfig): DatabaseKind {
  return config.database.url === '' ? 'sqlite' : 'postgres';
}

/** Checks, before the application boots, that the configured database can be used. */
export async function prepareDatabase(config: ParleyConfig): Promise<void> {
  if (databaseKind(config) === 'sqlite') prepareDataDir(config.data.dir);
  else await probePostgres(config.database.url);
}

/** TypeORM's options for the configured database; migrations run at start, never `synchronize`. */
export function databaseOptions(config: ParleyConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrationsRun: true,
    synchronize: false,
    // Callers log failures with their context; TypeORM's own log would print message texts.
    logging: false,
  } as const;
  if (databaseKind(config) === 'sqlite') {
    return {
      ...common,
      type: 'sqlite',
      driver: sqliteDriver,
      database: join(prepareDataDir(config.data.dir), DATABASE_FILE),
      migrations: MIGRATIONS.sqlite,
      enableWAL: true,
      busyTimeout: config.data.busy_timeout_ms,
    };
  }
  const { url, statement_timeout_ms: statementTimeout, pool_size: poolSize } = config.database;
  return {
    ...common,
    type: 'postgres',
    url,
    migrations: MIGRATIONS.postgres,
    // All in one transaction; servers starting together take turns (openDataSource).
    migrationsTransactionMode: 'all',
    poolSize,
    connectTimeoutMS: 5000,
    // Sent as a startup parameter: every pooled connection, new or re-made, has it.
    extra: { statement_timeout: statementTimeout || undefined, application_name: 'parley' },
  };
}
