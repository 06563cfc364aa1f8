import 'reflect-metadata';
import { INestApplicationContext, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { PasswordHasher } from './accounts/password-hasher';
import { configureHttp } from './admin/configure-http';
import { ServerAppModule, ToolsAppModule } from './app.module';
import { clusterSettings } from './cluster/cluster-settings';
import { ClusterTransport } from './cluster/cluster-transport';
import { Clock } from './common/clock';
import { QuietLogger } from './common/quiet-logger';
import { ParleyConfig } from './config/config.schema';
import { prepareDatabase } from './database/database-options';
import { httpAccessLog } from './logging/http-access';
import { ParleyLogger } from './logging/parley-logger';

export interface AppOptions {
  logger?: LoggerService | LogLevel[] | false;
  clock?: Clock;
  /** Replaces argon2id (tests only). */
  hasher?: PasswordHasher;
}

/** Boots the server (both listeners included); throws ConfigError for unusable settings. */
export async function createServerApp(config: ParleyConfig, options: AppOptions = {}): Promise<NestExpressApplication> {
  clusterSettings(config); // throws ConfigError before boot: cluster mode without PostgreSQL
  await prepareDatabase(config);
  const app = await NestFactory.create<NestExpressApplication>(ServerAppModule.with(config, options.clock, options.hasher), {
    logger: options.logger ?? new QuietLogger('parley'),
    abortOnError: false,
    bodyParser: false,
    // Keep-alive connections of browsers must not hold a shutdown open.
    forceCloseConnections: true,
  });
  const logger = options.logger;
  configureHttp(app, logger instanceof ParleyLogger ? httpAccessLog(logger.pino) : undefined);
  const bus = app.get(ClusterTransport).server;
  if (bus) app.connectMicroservice({ strategy: bus });
  await app.init();
  // Cluster mode is a hybrid app: the bus's handlers are added in init, then it subscribes.
  if (bus) await app.startAllMicroservices();
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
