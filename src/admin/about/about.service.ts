import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CLUSTER_SETTINGS } from '../../cluster/cluster-redis';
import { ClusterSettings } from '../../cluster/cluster-settings';
import { BootTime } from '../../common/boot-time';
import { Clock } from '../../common/clock';
import { PARLEY_CONFIG, ParleyConfig } from '../../config/config.schema';
import { DATABASE_FILE } from '../../database/data-dir';
import { IrcServer } from '../../gateway/irc/irc-server';
import { LineServer } from '../../gateway/line-server';
import { isoDate } from '../dto/dates';
import { HttpListener } from '../http-listener';
import { NodesService } from '../nodes/nodes.service';
import { AboutDto, DatabaseInfoDto, ListenerDto } from './about.dto';

/** package.json, relative to both src/admin/about and dist/admin/about. */
const PACKAGE_JSON = join(__dirname, '..', '..', '..', 'package.json');

/** Sections other features add to the config (PostgreSQL); read only when present. */
interface OptionalSections {
  database?: { url?: string };
}

/** The server panel of the console: version, uptime, listeners, database, and the nodes in cluster mode. */
@Injectable()
export class AboutService {
  private readonly version: string;

  constructor(
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    private readonly clock: Clock,
    private readonly boot: BootTime,
    private readonly modules: ModuleRef,
    private readonly http: HttpListener,
    private readonly nodes: NodesService,
    @Optional() @Inject(CLUSTER_SETTINGS) private readonly cluster?: ClusterSettings | null,
  ) {
    this.version = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
  }

  async about(): Promise<AboutDto> {
    return {
      version: this.version,
      startedAt: isoDate(this.boot.at),
      uptimeSeconds: Math.floor((this.clock.now().getTime() - this.boot.at.getTime()) / 1000),
      listeners: this.listeners(),
      database: this.database(),
      clusterNodes: this.cluster ? await this.nodes.live() : null,
    };
  }

  private listeners(): ListenerDto[] {
    const { line, tls, http, irc } = this.config;
    const lineServer = this.modules.get(LineServer, { strict: false });
    const listeners = [{ name: 'admin HTTP', address: `http://${hostPort(http.host, this.http.port)}` }];
    listeners.push({ name: 'line', address: hostPort(line.host, lineServer.port) });
    if (tls.enabled) listeners.push({ name: 'line (TLS)', address: hostPort(tls.host, lineServer.tlsPort ?? tls.port) });
    const ircServer = this.modules.get(IrcServer, { strict: false });
    if (ircServer.port !== undefined) {
      listeners.push({ name: 'irc', address: hostPort(irc.host, ircServer.port) });
      if (ircServer.tlsPort !== undefined) listeners.push({ name: 'irc (TLS)', address: hostPort(irc.host, ircServer.tlsPort) });
    }
    return listeners;
  }

  private database(): DatabaseInfoDto {
    const url = (this.config as ParleyConfig & OptionalSections).database?.url;
    if (url) return { kind: 'postgres', location: withoutPassword(url) };
    return { kind: 'sqlite', location: resolve(this.config.data.dir, DATABASE_FILE) };
  }
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** postgres://user:secret@host/db → postgres://user@host/db */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1@');
  }
}
