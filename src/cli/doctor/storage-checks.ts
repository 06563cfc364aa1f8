import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ParleyConfig } from '../../config/config.schema';
import { DATABASE_FILE, prepareDataDir } from '../../database/data-dir';
import { ENTITIES } from '../../database/entities';
import { MIGRATIONS } from '../../database/migrations';
import { sqliteDriver } from '../../database/sqlite-driver';
import { CheckResult, fail, pass, reasonOf } from './check';

const CONNECT_TIMEOUT_MS = 5000;

/** The data dir exists (or is created, as at start-up) and a file can be written in it. */
export function checkDataDir(config: ParleyConfig): CheckResult {
  try {
    const dir = prepareDataDir(config.data.dir);
    const probe = join(dir, `.parley-doctor-${process.pid}`);
    writeFileSync(probe, 'probe');
    rmSync(probe);
    return pass('data dir', `${dir} is writable`);
  } catch (error) {
    return fail('data dir', reasonOf(error));
  }
}

/** The database answers, and every migration of this version (and no unknown one) has run. */
export async function checkDatabase(config: ParleyConfig): Promise<CheckResult> {
  let target: DatabaseTarget;
  try {
    target = databaseTarget(config);
  } catch (error) {
    return fail('database', reasonOf(error));
  }
  if (target.missingFile) {
    return pass('database', `${target.label} does not exist yet; parley server creates it and applies ${MIGRATIONS.sqlite.length} migrations`);
  }
  const source = new DataSource(target.options);
  try {
    await source.initialize();
    return pass('database', `${target.label}: ${await migrationState(source, target.migrations)}`);
  } catch (error) {
    return fail('database', `${target.label}: ${reasonOf(error)}`);
  } finally {
    if (source.isInitialized) await source.destroy().catch(() => {});
  }
}

/** Throws, with the operator's next step, unless the applied migrations are exactly this version's. */
async function migrationState(source: DataSource, migrations: { name: string }[]): Promise<string> {
  const known = migrations.map((migration) => migration.name);
  const hasTable = await source.createQueryRunner().hasTable('migrations');
  const applied = hasTable ? ((await source.query('SELECT name FROM migrations')) as { name: string }[]).map((row) => row.name) : [];
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`migrations from a newer Parley have run (${unknown.join(', ')}); upgrade Parley`);
  const pending = known.filter((name) => !applied.includes(name));
  if (pending.length > 0) {
    throw new Error(`${pending.length} migrations not applied (${pending.join(', ')}); back up, then start parley server to apply them`);
  }
  return `reachable, ${applied.length} migrations applied, none pending`;
}

interface DatabaseTarget {
  label: string;
  options: DataSourceOptions;
  migrations: { name: string }[];
  missingFile: boolean;
}

/** SQLite in the data dir, or PostgreSQL at `database.url`, each with its migrations. */
function databaseTarget(config: ParleyConfig): DatabaseTarget {
  const url = config.database.url;
  const common = { entities: ENTITIES, migrationsRun: false, synchronize: false, logging: false } as const;
  if (url) {
    const label = `PostgreSQL at ${url.replace(/\/\/[^@/]*@/, '//')}`;
    const migrations = MIGRATIONS.postgres;
    return { label, missingFile: false, migrations, options: { ...common, migrations, type: 'postgres', url, connectTimeoutMS: CONNECT_TIMEOUT_MS } };
  }
  const file = join(prepareDataDir(config.data.dir), DATABASE_FILE);
  const migrations = MIGRATIONS.sqlite;
  return {
    label: `SQLite ${file}`,
    missingFile: !existsSync(file),
    migrations,
    options: { ...common, migrations, type: 'sqlite', driver: sqliteDriver, database: file },
  };
}
