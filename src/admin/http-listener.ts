import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { ADMIN_APP_OPTIONS, AdminApp, AdminAppOptions } from './admin-app-options';

/**
 * The admin HTTP listener. It binds while the core's modules initialise, like the line
 * listener, so a taken port fails the start before first-start work happens. The admin
 * application behind it (Express, the controllers, Swagger, validation, metrics) is loaded on
 * the first request: a server nobody administers does not hold it in memory. Requests that
 * arrive while it loads wait for it.
 */
@Injectable()
export class HttpListener implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AdminHttp');
  protected readonly server: Server = createServer((request, response) => this.serve(request, response));
  private admin: Promise<AdminApp> | null = null;
  private closing = false;

  constructor(
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    @Inject(ADMIN_APP_OPTIONS) private readonly options: AdminAppOptions,
    private readonly core: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    const { host, port } = this.config.http;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  onApplicationBootstrap(): void {
    const { host } = this.config.http;
    this.logger.log(`admin console on http://${host.includes(':') ? `[${host}]` : host}:${this.port}`);
  }

  /** Closes the admin application if it was loaded, then the listener and its connections (browsers keep them alive). */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    const admin = this.admin;
    await admin?.then((app) => app.close()).catch(() => undefined);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The bound port (differs from the configured one when that was 0). */
  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : this.config.http.port;
  }

  /** Whether a request has started the admin application (it may still be loading). */
  get loaded(): boolean {
    return this.admin !== null;
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    if (this.closing) return unavailable(response, 'The server is shutting down');
    this.load().then(
      (app) => app.handle(request, response),
      (error: Error) => {
        this.logger.error(`the admin application cannot start: ${error.message}`);
        unavailable(response, 'The admin console cannot start; see the server log');
      },
    );
  }

  private load(): Promise<AdminApp> {
    if (!this.admin) {
      const loading = this.startAdmin();
      // A failed start is not kept: the next request tries again.
      loading.catch(() => {
        if (this.admin === loading) this.admin = null;
      });
      this.admin = loading;
    }
    return this.admin;
  }

  /** Imports and starts the admin application (one start for all the requests that wait for it). */
  protected async startAdmin(): Promise<AdminApp> {
    const { startAdminApp } = await import('./admin-app.js');
    return startAdminApp(this.core, this.options);
  }
}

function unavailable(response: ServerResponse, message: string): void {
  response.writeHead(503, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ statusCode: 503, message }));
}
