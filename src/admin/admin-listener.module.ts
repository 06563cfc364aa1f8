import { DynamicModule, Module } from '@nestjs/common';
import { ADMIN_APP_OPTIONS, AdminAppOptions } from './admin-app-options';
import { HttpListener } from './http-listener';

/** The admin HTTP listener, part of the core; the admin application itself loads on demand. */
@Module({})
export class AdminListenerModule {
  static with(options: AdminAppOptions): DynamicModule {
    return {
      module: AdminListenerModule,
      providers: [HttpListener, { provide: ADMIN_APP_OPTIONS, useValue: options }],
      exports: [HttpListener],
    };
  }
}
