import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PasswordHasher } from './accounts/password-hasher';
import { AdminAppOptions } from './admin/admin-app-options';
import { ServerAppModule, ToolsAppModule } from './app.module';
import { clusterSettings } from './cluster/cluster-settings';
import { ClusterTransport } from './cluster/cluster-transport';
import { Clock } from './common/clock';
import { QuietLogger } from './common/quiet-logger';
import { ParleyConfig } from './config/config.schema';
import { prepareDatabase } from './database/database-options';

export interface AppOptions extends AdminAppOptions {
  clock?: Clock;
  /** Replaces argon2id (tests only). */
  hasher?: PasswordHasher;
}

/**
 * Boots the server: the core and its listeners (the admin application behind the HTTP
 * listener loads on its first request). Throws ConfigError for unusable settings.
 */
export async function createServerApp(config: ParleyConfig, options: AppOptions = {}): Promise<INestApplicationContext> {
  clusterSettings(config); // throws ConfigError before boot: cluster mode without PostgreSQL
  await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(ServerAppModule.with(config, options), {
    logger: options.logger ?? new QuietLogger('parley'),
    abortOnError: false,
  });
  await app.init();
  // Cluster mode: the bus's handlers are added in init, then it subscribes.
  await app.get(ClusterTransport).listen();
  return app;
}

export async function createToolsApp(config: ParleyConfig, options: AppOptions = {}): Promise<INestApplicationContext> {
  await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(ToolsAppModule.with(config), {
    logger: options.logger ?? new QuietLogger('parley'),
    abortOnError: false,
  });
  await app.init();
  return app;
}
