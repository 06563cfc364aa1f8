import { DynamicModule, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getDataSourceToken, getRepositoryToken } from '@nestjs/typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { BlockList } from '../chat/block-list';
import { BlocksRepository } from '../chat/blocks.repository';
import { SessionControlService } from '../chat/session-control.service';
import { StoredMessagesRepository } from '../chat/stored-messages.repository';
import { CLUSTER_REDIS, CLUSTER_SETTINGS } from '../cluster/cluster-redis';
import { NodeIdentity } from '../cluster/node-identity';
import { Activity } from '../common/activity';
import { ActivityTally } from '../common/activity-tally';
import { BootTime } from '../common/boot-time';
import { Clock } from '../common/clock';
import { PARLEY_CONFIG } from '../config/config.schema';
import { Dialect } from '../database/dialect';
import { ApiTokenEntity, AuditEntryEntity } from '../database/entities';
import { LiveServersRepository } from '../database/live-servers';
import { IrcServer } from '../gateway/irc/irc-server';
import { LineServer } from '../gateway/line-server';
import { HttpListener } from './http-listener';

/**
 * What the admin application uses of the running core: the same instances, not copies (one
 * database connection, one session registry). A token missing here fails the admin
 * application's start with Nest's "can't resolve dependencies" error, naming it.
 */
const CORE_TOKENS = [
  PARLEY_CONFIG,
  Clock,
  BootTime,
  Activity,
  ActivityTally,
  CLUSTER_SETTINGS,
  CLUSTER_REDIS,
  NodeIdentity,
  getDataSourceToken(),
  Dialect,
  getRepositoryToken(ApiTokenEntity),
  getRepositoryToken(AuditEntryEntity),
  LiveServersRepository,
  AccountsService,
  SessionControlService,
  BlockList,
  BlocksRepository,
  StoredMessagesRepository,
  LineServer,
  IrcServer,
  HttpListener,
];

const LIFECYCLE_HOOKS = new Set<PropertyKey>([
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/** Makes the core's providers (CORE_TOKENS) visible to every module of the admin application. */
@Module({})
export class CoreBridgeModule {
  static from(core: ModuleRef): DynamicModule {
    const providers = CORE_TOKENS.map((token) => ({ provide: token, useValue: withoutLifecycle(core.get(token, { strict: false })) }));
    return { module: CoreBridgeModule, global: true, providers, exports: CORE_TOKENS };
  }
}

/**
 * Nest runs the lifecycle hooks of every provider of an application, values included: the
 * admin application must not start the core's listeners again, nor stop them when it closes.
 * The core's own application runs those hooks; here they are hidden.
 */
function withoutLifecycle(instance: unknown): unknown {
  if (typeof instance !== 'object' || instance === null) return instance;
  return new Proxy(instance, {
    get: (target, property) => (LIFECYCLE_HOOKS.has(property) ? undefined : Reflect.get(target, property, target)),
  });
}
