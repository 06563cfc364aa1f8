import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ChatModule } from '../chat/chat.module';
import { CommandDispatcher } from './commands/command-dispatcher';
import { LineServer } from './line-server';

/** The telnet-style line protocol front door. */
@Module({
  imports: [AccountsModule, ChatModule],
  providers: [LineServer, CommandDispatcher],
  exports: [LineServer],
})
export class GatewayModule {}
