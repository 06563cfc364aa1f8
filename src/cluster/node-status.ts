import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { SessionRegistry } from '../chat/session-registry';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { LiveServerStatus } from '../database/live-servers';
import { LineServer } from '../gateway/line-server';

const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '[::]']);

/**
 * This server's line listener and its local session count, for its live_servers row. A
 * listener bound to every interface is shown with the machine's host name, which is what
 * another host would connect to. The gateway and chat modules are looked up when read, so this
 * provider does not need them imported.
 */
@Injectable()
export class ListenerNodeStatus implements LiveServerStatus {
  constructor(
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    private readonly modules: ModuleRef,
  ) {}

  address(): string {
    const host = this.config.line.host;
    const port = this.modules.get(LineServer, { strict: false }).port;
    const shown = WILDCARD_HOSTS.has(host) ? hostname() : host;
    return `${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  }

  sessions(): number {
    return this.modules.get(SessionRegistry, { strict: false }).size;
  }
}
