import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import * as sqlite3 from 'sqlite3';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { prepareDataDir, DATABASE_FILE } from './data-dir';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * TypeORM calls sqlite3.verbose(), which wraps every query in a function that captures a
 * stack trace and util.inspect()s every parameter, to lengthen error stacks. On the stored
 * message path that cost more CPU than the query itself, so TypeORM gets a view of the
 * module whose verbose() changes nothing.
 */
const withoutLongStackTraces: typeof sqlite3 = Object.create(sqlite3, { verbose: { value: () => sqlite3 } });

/** SQLite in the data directory; migrations run at start, never `synchronize`. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [PARLEY_CONFIG],
      useFactory: (config: ParleyConfig) => ({
        type: 'sqlite',
        driver: withoutLongStackTraces,
        database: join(prepareDataDir(config.data.dir), DATABASE_FILE),
        entities: ENTITIES,
        migrations: MIGRATIONS,
        migrationsRun: true,
        synchronize: false,
        enableWAL: true,
        busyTimeout: 5000,
        retryAttempts: 0,
        // WAL with a full sync per commit: a message is acknowledged only once it is on disk.
        prepareDatabase: (db: { run(sql: string): void }) => db.run('PRAGMA synchronous = FULL'),
        logging: ['error'],
      }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
