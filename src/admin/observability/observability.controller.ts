import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorFunction, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { PARLEY_VERSION } from '../../common/version';
import { Public } from '../auth/admin-request';
import { MetricsService } from './metrics.service';
import { RedisHealthIndicator } from './redis-health';

/** Unauthenticated, for probes and scrapers; the listener binds to 127.0.0.1 by default. */
@ApiTags('observability')
@Public()
@Controller()
export class ObservabilityController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly metrics: MetricsService,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** 200 when the database (and, in cluster mode, Redis) answers, 503 when not; both say which version is running. */
  @Get('health')
  @HealthCheck()
  @ApiServiceUnavailableResponse({ description: 'The database is unreachable, or Redis in cluster mode' })
  async check(): Promise<HealthCheckResult & { version: string }> {
    const checks: HealthIndicatorFunction[] = [() => this.database.pingCheck('database', { timeout: 3000 })];
    if (this.redis.enabled) checks.push(() => this.redis.pingCheck('redis'));
    try {
      const result = await this.health.check(checks);
      return { ...result, version: PARLEY_VERSION };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      throw new ServiceUnavailableException({ ...(error.getResponse() as object), version: PARLEY_VERSION });
    }
  }

  /** Prometheus text format. */
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus metrics', type: String })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
