import { Server } from 'node:http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';

/**
 * Binds the admin HTTP listener while modules initialise (routes are registered by then),
 * like the line listener, so a taken port fails the start before first-start work happens.
 * Nest closes the server at shutdown.
 */
@Injectable()
export class HttpListener implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('AdminHttp');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
  ) {}

  private get server(): Server {
    return this.adapterHost.httpAdapter.getHttpServer() as Server;
  }

  async onModuleInit(): Promise<void> {
    const { host, port } = this.config.http;
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  onApplicationBootstrap(): void {
    const { host } = this.config.http;
    this.logger.log(`admin console on http://${host.includes(':') ? `[${host}]` : host}:${this.port}`);
  }

  /** The bound port (differs from the configured one when that was 0). */
  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : this.config.http.port;
  }
}
