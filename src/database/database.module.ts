import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { prepareDataDir, DATABASE_FILE } from './data-dir';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** SQLite in the data directory; migrations run at start, never `synchronize`. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [PARLEY_CONFIG],
      useFactory: (config: ParleyConfig) => ({
        type: 'sqlite',
        database: join(prepareDataDir(config.data.dir), DATABASE_FILE),
        entities: ENTITIES,
        migrations: MIGRATIONS,
        migrationsRun: true,
        synchronize: false,
        enableWAL: true,
        busyTimeout: config.data.busy_timeout_ms,
        retryAttempts: 0,
        // WAL with a full sync per commit: a message is acknowledged only once it is on disk.
        prepareDatabase: (db: { run(sql: string): void }) => db.run('PRAGMA synchronous = FULL'),
        // Callers log failures with their context; TypeORM's own log would print message texts.
        logging: false,
      }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
