import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, ModuleRef } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { CLUSTER_REDIS, CLUSTER_SETTINGS } from '../cluster/cluster-redis';
import { ClusterSettings } from '../cluster/cluster-settings';
import { RedisThrottlerStorage } from '../cluster/redis-throttler-storage';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { AboutController } from './about/about.controller';
import { AboutService } from './about/about.service';
import { AdminUsersService } from './admin-users.service';
import { AuditController } from './audit/audit.controller';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { AdminAuthGuard } from './auth/admin-auth.guard';
import { AuthController, SessionTokenController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { TokensController } from './auth/tokens.controller';
import { TokensRepository } from './auth/tokens.repository';
import { TokensService } from './auth/tokens.service';
import { BlocksController } from './blocks.controller';
import { CoreBridgeModule } from './core-bridge.module';
import { AccountErrorFilter, requestValidation } from './http-errors';
import { EventsController } from './live/events.controller';
import { LiveService } from './live/live.service';
import { MessagesController } from './messages.controller';
import { NodesController } from './nodes/nodes.controller';
import { NodesService } from './nodes/nodes.service';
import { MetricsService } from './observability/metrics.service';
import { ObservabilityController } from './observability/observability.controller';
import { RedisHealthIndicator } from './observability/redis-health';
import { StatsController } from './observability/stats.controller';
import { StatsService } from './observability/stats.service';
import { AnnouncementsController, SessionsController } from './sessions.controller';
import { LockoutsController, UsersController } from './users.controller';

/** The built console (admin-ui/dist), relative to both src/admin and dist/admin. */
export const ADMIN_UI_DIR = join(__dirname, '..', '..', 'admin-ui', 'dist');

const MINUTE_MS = 60_000;

/**
 * The admin application, loaded on the first HTTP request: REST API, OpenAPI, health, metrics
 * and the console's files, on the running core's providers (CoreBridgeModule).
 */
@Module({})
export class AdminModule {
  static on(core: ModuleRef): DynamicModule {
    return {
      module: AdminModule,
      imports: [
        CoreBridgeModule.from(core),
        TerminusModule,
        ThrottlerModule.forRootAsync({
          inject: [PARLEY_CONFIG, { token: CLUSTER_SETTINGS, optional: true }, { token: CLUSTER_REDIS, optional: true }],
          useFactory: (config: ParleyConfig, settings?: ClusterSettings | null, redis?: Redis | null) => ({
            throttlers: [{ name: 'login', ttl: MINUTE_MS, limit: config.http.login_attempts_per_minute }],
            storage: settings && redis ? new RedisThrottlerStorage(redis, settings) : undefined,
          }),
        }),
        ...(existsSync(ADMIN_UI_DIR)
          ? [ServeStaticModule.forRoot({ rootPath: ADMIN_UI_DIR, exclude: ['/api/{*path}', '/health', '/metrics'] })]
          : []),
      ],
      controllers: [
        AuthController,
        SessionTokenController,
        UsersController,
        LockoutsController,
        MessagesController,
        SessionsController,
        AnnouncementsController,
        BlocksController,
        AuditController,
        TokensController,
        StatsController,
        EventsController,
        AboutController,
        NodesController,
        ObservabilityController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AdminAuthGuard },
        { provide: APP_PIPE, useFactory: requestValidation },
        { provide: APP_FILTER, useClass: AccountErrorFilter },
        AuthService,
        TokensRepository,
        TokensService,
        AdminUsersService,
        AuditRepository,
        AuditService,
        StatsService,
        MetricsService,
        RedisHealthIndicator,
        LiveService,
        AboutService,
        NodesService,
      ],
    };
  }
}
