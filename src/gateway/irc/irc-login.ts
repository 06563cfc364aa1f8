import { isReservedUsername } from '../../accounts/username';
import { DisconnectReason, OpeningEndpoint, StoredMessage } from '../../chat/chat-events';
import { ChatSession } from '../../chat/chat-session';
import { LoginOutcome } from '../../chat/session-opener';
import { neutralize } from '../user-text';
import { joinChannel } from './commands/channel.commands';
import { IrcClient } from './irc-context';
import { passCredentials } from './irc-registration';
import { renderStored } from './irc-render';
import { sendWelcome } from './irc-welcome';

export interface LoginHooks {
  /** The session is open: registration is over, the nick is the account name. */
  goOnline(chat: ChatSession): void;
  flushConfirmed(): Promise<boolean>;
  end(reason: DisconnectReason): void;
}

type Refusal = Exclude<LoginOutcome, { status: 'ok' }>;

/**
 * Registration's end, through the core's SessionOpener: SASL or PASS credentials, the session
 * opened (one per account, on either protocol), the welcome, the stored messages, then live
 * traffic. With SASL the login happens at AUTHENTICATE (903 must say whether it worked); the
 * welcome waits for NICK, USER and CAP END, while the core holds the live events.
 */
export class IrcLogin {
  /** The session opened for this connection, once it is. */
  opened: { session: ChatSession; failuresSinceLastLogin: number } | undefined;

  constructor(
    private readonly client: IrcClient & OpeningEndpoint,
    private readonly hooks: LoginHooks,
  ) {}

  /** AUTHENTICATE PLAIN: 900 and 903 on success; 904, then ERROR and close, on failure. */
  async sasl(account: string, password: string): Promise<void> {
    const outcome = await this.logIn(account, password);
    if (outcome.status !== 'ok') {
      if (outcome.status === 'invalid' || outcome.status.startsWith('locked') || outcome.status === 'throttled') {
        this.client.numeric('904', 'SASL authentication failed');
      }
      return this.refuse(outcome, account);
    }
    this.opened = outcome;
    const name = outcome.session.name;
    this.client.registration.saslAccount = name;
    this.client.numeric('900', `${this.client.nick}!${name}@parley`, name, `You are now logged in as ${name}`);
    this.client.numeric('903', 'SASL authentication successful');
    await this.registrationProgress();
  }

  /** Once NICK, USER (and CAP END, if CAP was used) are in: log in with what the client sent. */
  async registrationProgress(): Promise<void> {
    const { registration } = this.client;
    if (!registration.ready || registration.loginStarted) return;
    registration.loginStarted = true;
    if (this.opened) return this.welcome(this.opened.session, this.opened.failuresSinceLastLogin);
    if (registration.pass === undefined) {
      return this.client.close(
        'A Parley account is required: log in with SASL PLAIN or a server password (PASS account:password)',
        'error',
      );
    }
    const { accounts } = this.client.deps;
    const credentials = await passCredentials(registration.pass, registration.nick!, async (name) => !!(await accounts.findUser(name)));
    const outcome = await this.logIn(credentials.account, credentials.password);
    if (outcome.status !== 'ok') {
      if (outcome.status === 'invalid') this.client.numeric('464', 'Password incorrect');
      return this.refuse(outcome, credentials.account);
    }
    this.opened = outcome;
    await this.welcome(outcome.session, outcome.failuresSinceLastLogin);
  }

  private logIn(account: string, password: string): Promise<LoginOutcome> {
    // The name of the service is no account's: refused like a wrong password, counted nowhere.
    if (isReservedUsername(account)) return Promise.resolve({ status: 'invalid' });
    return this.client.deps.opener.logIn(account, password, this.client);
  }

  private refuse(outcome: Refusal, account: string): void {
    const text = refusalText(outcome, account);
    if (text === undefined) return this.hooks.end('disconnect');
    this.client.close(text, 'error');
  }

  private async welcome(chat: ChatSession, failuresSinceLastLogin: number): Promise<void> {
    this.hooks.goOnline(chat);
    sendWelcome(this.client, failuresSinceLastLogin);
    joinChannel(this.client);
    const handover = await this.client.deps.opener.handOver(chat, this.client);
    if (handover.status === 'storage-failure') {
      const storage = handover.storage ? `${handover.storage}; ` : '';
      this.client.notice(`Error: ${storage}your stored messages cannot be delivered right now; they stay stored.`);
    }
    this.client.deps.opener.goLive(chat);
  }

  /** The core's handover writer: a NOTICE header per round, then each message as a PRIVMSG from its sender. */
  writeStored(batch: StoredMessage[], total: number, first: boolean): Promise<boolean> {
    if (first) this.client.notice(`You have ${total} stored messages:`);
    const serverTime = this.client.caps.has('server-time');
    for (const message of batch) for (const line of renderStored(message, this.client.nick, serverTime)) this.client.send(line);
    return this.hooks.flushConfirmed();
  }
}

/** §2's words for a refused login (the text of the ERROR); undefined when there is nothing to say. */
function refusalText(outcome: Refusal, account: string): string | undefined {
  const name = neutralize(account);
  switch (outcome.status) {
    case 'invalid':
      return 'Invalid username or password.';
    case 'locked':
      return `Account ${name} is locked; try again in ${outcome.secondsRemaining} seconds.`;
    case 'locked-now':
      return `Too many failed logins: account ${name} is locked for ${outcome.secondsRemaining} seconds.`;
    case 'throttled':
      return `Too many failed logins from your address; try again in ${outcome.secondsRemaining} seconds.`;
    case 'already-online':
      return `${outcome.user} is already logged in elsewhere.`;
    case 'unavailable':
      return 'The server cannot check logins right now; please try again later.';
    case 'cluster-unavailable':
      return 'The cluster is unavailable (cannot reach Redis); please try again later.';
    case 'storage-failure':
      return `${outcome.storage ? `${outcome.storage}; ` : ''}the server cannot log you in right now; please try again later.`;
    case 'ended':
      return undefined;
  }
}
