import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ChatModule } from '../chat/chat.module';
import { CommandDispatcher } from './commands/command-dispatcher';
import { connectionLimitsProvider } from './connection-limits';
import { IrcServer } from './irc/irc-server';
import { LineServer } from './line-server';

/** The front doors: the telnet-style line protocol and IRC, sharing one set of connection limits. */
@Module({
  imports: [AccountsModule, ChatModule],
  providers: [LineServer, IrcServer, CommandDispatcher, connectionLimitsProvider],
  exports: [LineServer, IrcServer],
})
export class GatewayModule {}
