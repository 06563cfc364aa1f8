import { DynamicModule, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AccountsService } from './accounts/accounts.service';
import type { AppOptions } from './app';
import { AdminListenerModule } from './admin/admin-listener.module';
import { TokensModule } from './admin/auth/tokens.module';
import { AccountsModule } from './accounts/accounts.module';
import { ChatModule } from './chat/chat.module';
import { ClusterModule } from './cluster/cluster.module';
import { ParleyConfigModule } from './config/config.module';
import { ParleyConfig } from './config/config.schema';
import { DatabaseModule } from './database/database.module';
import { ListenerNodeStatus } from './cluster/node-status';
import { LIVE_SERVER_STATUS, LiveServersRepository, ServerHeartbeat } from './database/live-servers';
import { GatewayModule } from './gateway/gateway.module';
import { SeedModule } from './seed/seed.module';
import { TransferModule } from './transfer/transfer.module';

/**
 * Start-up work of the server only (not of the CLI tools). The root module initialises last,
 * after the listeners are bound, so a start that fails (a port in use) cannot use up the
 * once-shown admin password; "listening" is logged after this.
 */
@Injectable()
class FirstStart implements OnModuleInit {
  constructor(private readonly accounts: AccountsService) {}

  onModuleInit(): Promise<void> {
    return this.accounts.ensureInitialAdmin();
  }
}

/** The running server: database, accounts, chat core, the gateways and the admin HTTP listener. */
@Module({})
export class ServerAppModule {
  static with(config: ParleyConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: ServerAppModule,
      imports: [
        ParleyConfigModule.forRoot(config, options.clock, options.hasher),
        ClusterModule,
        DatabaseModule,
        AccountsModule,
        ChatModule,
        GatewayModule,
        AdminListenerModule.with({ logger: options.logger }),
      ],
      providers: [FirstStart, LiveServersRepository, ServerHeartbeat, { provide: LIVE_SERVER_STATUS, useClass: ListenerNodeStatus }],
    };
  }
}

/** What the administrative CLI subcommands (import, export, user, token) need: no listeners. */
@Module({})
export class ToolsAppModule {
  static with(config: ParleyConfig): DynamicModule {
    return {
      module: ToolsAppModule,
      imports: [ParleyConfigModule.forRoot(config), DatabaseModule, AccountsModule, SeedModule, TransferModule, TokensModule],
      providers: [LiveServersRepository],
    };
  }
}
