import { AuthResult } from '../../accounts/accounts.service';
import { isReservedUsername } from '../../accounts/username';
import { DisconnectReason, SessionEndpoint } from '../../chat/chat-events';
import { ChatSession } from '../../chat/chat-session';
import { OpenSessionResult } from '../../chat/presence.service';
import { StoredMessage } from '../../chat/stored-messages.service';
import { UserEntity } from '../../database/entities';
import { describeStorageFailure } from '../../database/storage-failure';
import { neutralize } from '../user-text';
import { joinChannel } from './commands/channel.commands';
import { IrcClient } from './irc-context';
import { passCredentials } from './irc-registration';
import { renderStored } from './irc-render';
import { sendWelcome } from './irc-welcome';

export interface LoginHooks {
  /** The session is claimed: registration is over, the nick is the account name. */
  goOnline(chat: ChatSession): void;
  flushConfirmed(): Promise<boolean>;
  isEnded(): boolean;
  end(reason: DisconnectReason): void;
}

/**
 * Registration's end: SASL or PASS credentials checked by the core, the session opened
 * (one per account, on either protocol), the welcome, the stored messages, then live traffic.
 */
export class IrcLogin {
  /** The session opened for this connection, once it is. */
  claimed: ChatSession | undefined;
  private saslUser: UserEntity | undefined;

  constructor(
    private readonly client: IrcClient & SessionEndpoint,
    private readonly hooks: LoginHooks,
  ) {}

  /** AUTHENTICATE PLAIN: 900 and 903 on success; 904, then ERROR and close, on failure. */
  async sasl(account: string, password: string): Promise<void> {
    const result = await this.check(account, password);
    if (!result || this.hooks.isEnded()) return;
    if (result.status !== 'ok') {
      this.client.numeric('904', 'SASL authentication failed');
      return this.client.close(failureText(account, result), 'error');
    }
    this.saslUser = result.user;
    this.client.registration.saslAccount = result.user.username;
    const name = result.user.username;
    this.client.numeric('900', `${this.client.nick}!${name}@parley`, name, `You are now logged in as ${name}`);
    this.client.numeric('903', 'SASL authentication successful');
  }

  /** Once NICK, USER (and CAP END, if CAP was used) are in: log in with what the client sent. */
  async registrationProgress(): Promise<void> {
    const { registration } = this.client;
    if (!registration.ready || registration.loginStarted) return;
    registration.loginStarted = true;
    if (this.saslUser) return this.open(this.saslUser);
    if (registration.pass === undefined) {
      return this.client.close(
        'A Parley account is required: log in with SASL PLAIN or a server password (PASS account:password)',
        'error',
      );
    }
    const { accounts } = this.client.deps;
    const credentials = await passCredentials(registration.pass, registration.nick!, async (name) => !!(await accounts.findUser(name)));
    const result = await this.check(credentials.account, credentials.password);
    if (!result || this.hooks.isEnded()) return;
    if (result.status !== 'ok') {
      if (result.status === 'invalid') this.client.numeric('464', 'Password incorrect');
      return this.client.close(failureText(credentials.account, result), 'error');
    }
    await this.open(result.user);
  }

  private async check(account: string, password: string): Promise<AuthResult | undefined> {
    try {
      if (isReservedUsername(account)) return { status: 'invalid' };
      return await this.client.deps.accounts.authenticate(account, password, this.client.remoteAddress);
    } catch (error) {
      this.fail(`login check for ${neutralize(account)}`, error, 'the server cannot check logins right now; please try again later.');
      return undefined;
    }
  }

  private async open(user: UserEntity): Promise<void> {
    let opened: OpenSessionResult;
    try {
      opened = await this.client.deps.presence.open(user, this.client);
    } catch (error) {
      return this.fail(`opening a session for ${user.username}`, error, 'the server cannot log you in right now; please try again later.');
    }
    if (opened.status === 'already-online') {
      return this.client.close(`${user.username} is already logged in elsewhere`, 'error');
    }
    const chat = opened.session;
    this.claimed = chat;
    if (this.hooks.isEnded()) return this.hooks.end('disconnect');
    this.hooks.goOnline(chat);
    sendWelcome(this.client, opened.failuresSinceLastLogin);
    joinChannel(this.client);
    await this.handOver(chat);
    chat.goLive();
  }

  private async handOver(chat: ChatSession): Promise<void> {
    let headerWritten = false;
    const write = (batch: StoredMessage[], total: number): Promise<boolean> => {
      if (!headerWritten) {
        headerWritten = true;
        this.client.notice(`You have ${total} stored messages:`);
      }
      const serverTime = this.client.caps.has('server-time');
      for (const message of batch) for (const line of renderStored(message, chat.name, serverTime)) this.client.send(line);
      return this.hooks.flushConfirmed();
    };
    try {
      await this.client.deps.storedMessages.handOver(chat, write);
    } catch (error) {
      this.report(`handing stored messages to ${chat.name}`, error, 'your stored messages cannot be delivered right now; they stay stored.');
    }
  }

  /** A server-side failure (the database, usually): logged for the operator, explained to the user, connection closed. */
  private fail(what: string, error: unknown, userMessage: string): void {
    this.report(what, error, userMessage);
    this.client.close('Login failed on the server', 'error');
  }

  private report(what: string, error: unknown, userMessage: string): void {
    this.client.deps.logger.error(`${what} failed: ${(error as Error).message}`);
    const storage = describeStorageFailure(error);
    this.client.notice(`Error: ${storage ? `${storage}; ` : ''}${userMessage}`);
  }
}

/** §2's words for a refused login. */
function failureText(account: string, result: Exclude<AuthResult, { status: 'ok' }>): string {
  const name = neutralize(account);
  switch (result.status) {
    case 'invalid':
      return 'Invalid username or password.';
    case 'locked':
      return `Account ${name} is locked; try again in ${result.secondsRemaining} seconds.`;
    case 'locked-now':
      return `Too many failed logins: account ${name} is locked for ${result.secondsRemaining} seconds.`;
    case 'throttled':
      return `Error: too many failed logins from your address; try again in ${result.secondsRemaining} seconds.`;
  }
}
