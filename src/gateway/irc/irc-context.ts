import { LoggerService } from '@nestjs/common';
import { DisconnectReason } from '../../chat/chat-events';
import { AccountsService } from '../../accounts/accounts.service';
import { BlockingService } from '../../chat/blocking.service';
import { ChatSession } from '../../chat/chat-session';
import { DirectoryService } from '../../chat/directory.service';
import { MessagingService } from '../../chat/messaging.service';
import { SessionOpener } from '../../chat/session-opener';
import { ParleyConfig } from '../../config/config.schema';
import { CommandDispatcher } from '../commands/command-dispatcher';
import { FloodLimits } from '../flood-guard';
import { CapSet } from './irc-caps';
import { IrcRegistration } from './irc-registration';

/** The name of the service that takes §2's commands by private message. */
export const SERVICE_NAME = 'Parley';

/** The core services and settings every IRC connection uses. */
export interface IrcDeps {
  accounts: AccountsService;
  opener: SessionOpener;
  messaging: MessagingService;
  blocking: BlockingService;
  directory: DirectoryService;
  /** The §2 command table, for the service. */
  lineCommands: CommandDispatcher;
  logger: LoggerService;
  config: ParleyConfig;
  flood: FloodLimits;
  /** The away message of an IRC user online now, if they set one. */
  awayOf(name: string): string | undefined;
  /** The IRC connections marked away now: while there are none, awayOf answers without a lookup. */
  readonly awayClients: Set<IrcClient>;
}

/** What a command handler sees of its connection. */
export interface IrcClient {
  readonly deps: IrcDeps;
  readonly caps: CapSet;
  readonly registration: IrcRegistration;
  /** The nick: the account name once registered, `*` before. */
  readonly nick: string;
  /** The logged-in session; set once registration completed. */
  readonly chat: ChatSession | undefined;
  /** In the channel: the room's traffic reaches this connection. */
  joined: boolean;
  away: string | undefined;
  /** Names (by username key) this connection MONITORs. */
  readonly monitored: Map<string, string>;
  /** Sends one line as it is. */
  send(line: string): void;
  /** Sends a message from the server (`:parley.local COMMAND params`). */
  sendFromServer(command: string, ...params: string[]): void;
  /** A numeric reply addressed to the nick. */
  numeric(code: string, ...params: string[]): void;
  /** A NOTICE from the server to this user (words of §2). */
  notice(text: string): void;
  /** Registration may be complete: log in if so. */
  registrationProgress(): Promise<void>;
  /** SASL PLAIN credentials arrived. */
  saslLogin(account: string, password: string): Promise<void>;
  /** Sends `ERROR :reason` and closes. */
  close(reason: string, why: DisconnectReason): void;
}
