import { IncomingMessage, ServerResponse } from 'node:http';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { QuietLogger } from '../common/quiet-logger';
import { httpAccessLog } from '../logging/http-access';
import { ParleyLogger } from '../logging/parley-logger';
import { AdminApp, AdminAppOptions } from './admin-app-options';
import { AdminModule } from './admin.module';
import { configureHttp } from './configure-http';

/**
 * Starts the admin application on the running core, without a listener of its own: the
 * core's HttpListener hands it each request. Loaded on the first request (a dynamic import).
 */
export async function startAdminApp(core: ModuleRef, options: AdminAppOptions): Promise<AdminApp> {
  const app = await NestFactory.create<NestExpressApplication>(AdminModule.on(core), new ExpressAdapter(), {
    logger: options.logger ?? new QuietLogger('parley'),
    abortOnError: false,
    bodyParser: false,
  });
  const logger = options.logger;
  configureHttp(app, logger instanceof ParleyLogger ? httpAccessLog(logger.pino) : undefined);
  await app.init();
  const express = app.getHttpAdapter().getInstance() as (request: IncomingMessage, response: ServerResponse) => void;
  return { handle: express, close: () => app.close() };
}
