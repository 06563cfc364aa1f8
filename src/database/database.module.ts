import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { databaseOptions } from './database-options';
import { Dialect, dialectFor } from './dialect';
import { ENTITIES } from './entities';
import { openDataSource } from './open-data-source';

/** SQLite in the data directory, or PostgreSQL at database.url; the Dialect matches it. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [PARLEY_CONFIG],
      useFactory: (config: ParleyConfig) => ({ ...databaseOptions(config), retryAttempts: 0 }),
      dataSourceFactory: (options) => openDataSource(options as DataSourceOptions),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [{ provide: Dialect, inject: [getDataSourceToken()], useFactory: dialectFor }],
  exports: [TypeOrmModule, Dialect],
})
export class DatabaseModule {}
