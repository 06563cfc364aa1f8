import { performance } from 'node:perf_hooks';
import { usernameKey } from '../../accounts/username';
import { ChatEvent, DisconnectReason, OpeningEndpoint, StoredMessage } from '../../chat/chat-events';
import { ChatSession } from '../../chat/chat-session';
import { FloodGuard } from '../flood-guard';
import { IdleWatch } from '../idle-watch';
import { LineConnection } from '../line-connection';
import { CapSet } from './irc-caps';
import { IrcClient, IrcDeps } from './irc-context';
import { IrcDecodedItem } from './irc-decoder';
import { dispatchIrc } from './irc-dispatcher';
import { nickParam } from './irc-errors';
import { IrcLogin } from './irc-login';
import { formatMessage, parseMessage } from './irc-message';
import { IrcRegistration } from './irc-registration';
import { renderEvent, RenderView, ShortPrivateLines } from './irc-render';
import { messageLines } from './irc-text';
import { KeepAlive } from './keep-alive';

type State = 'registering' | 'online' | 'closed';

/** Numerics whose last parameter is a mode string or a name, not text. */
const BARE_NUMERICS = new Set(['004', '221', '271', '324']);

/** Input that shows a client is alive but not that its user is active. */
const KEEPALIVE_COMMANDS = new Set(['PING', 'PONG']);

/**
 * IRC for one connection: registration, then commands, and rendering of everything the core
 * delivers. This is the session's SessionEndpoint; the chat rules are the core's.
 */
export class IrcSession implements OpeningEndpoint, IrcClient, RenderView {
  readonly protocol = 'irc';
  readonly caps = new CapSet();
  readonly registration = new IrcRegistration();
  readonly monitored = new Map<string, string>();
  joined = false;
  private awayText: string | undefined;
  chat: ChatSession | undefined;
  private state: State = 'registering';
  private readonly flood: FloodGuard;
  private readonly login: IrcLogin;
  private loginTimer: NodeJS.Timeout | undefined;
  private keepAlive: KeepAlive | undefined;
  private idle: IdleWatch | undefined;
  private privateLines: ShortPrivateLines | undefined;

  constructor(
    private readonly connection: LineConnection<IrcDecodedItem>,
    readonly deps: IrcDeps,
  ) {
    this.flood = new FloodGuard(deps.flood);
    this.login = new IrcLogin(this, {
      goOnline: (chat) => this.goOnline(chat),
      flushConfirmed: () => this.connection.flushConfirmed(),
      end: (reason) => this.end(reason),
    });
  }

  get away(): string | undefined {
    return this.awayText;
  }

  set away(text: string | undefined) {
    this.awayText = text;
    if (text === undefined) this.deps.awayClients.delete(this);
    else this.deps.awayClients.add(this);
  }

  /** The connection is gone or closing (OpeningEndpoint). */
  get ended(): boolean {
    return this.state === 'closed';
  }

  queuedBytes(): number {
    return this.connection.queuedBytes();
  }

  writeStored(batch: StoredMessage[], total: number, first: boolean): Promise<boolean> {
    return this.login.writeStored(batch, total, first);
  }

  get remoteAddress(): string {
    return this.connection.remoteAddress;
  }

  get nick(): string {
    if (this.chat) return this.chat.name;
    return this.registration.nick !== undefined ? nickParam(this.registration.nick) : '*';
  }

  get serverName(): string {
    return this.deps.config.irc.server_name;
  }

  get channel(): string {
    return this.deps.config.irc.channel;
  }

  start(): void {
    const seconds = this.deps.config.line.login_timeout_seconds;
    this.loginTimer = setTimeout(() => {
      this.close(`Registration timed out after ${seconds} seconds; log in with your Parley account (SASL or PASS)`, 'error');
    }, seconds * 1000);
  }

  /**
   * Handles one decoded input item; called in order, one at a time. Returns a promise only
   * while a command is still running (most finish at once).
   */
  handle(item: IrcDecodedItem): void | Promise<void> {
    const now = performance.now();
    if (!this.admitInput(now)) return;
    this.keepAlive?.touch(now);
    if (item.kind === 'error') return this.reportBadLine(item.code);
    const message = parseMessage(item.text);
    if (!message) return; // blank, or tags and nothing else
    if (this.idle && !KEEPALIVE_COMMANDS.has(message.command)) this.idle.touch(now);
    return dispatchIrc(this, message);
  }

  private reportBadLine(code: Extract<IrcDecodedItem, { kind: 'error' }>['code']): void {
    switch (code) {
      case 'line-too-long':
        return this.numeric('417', 'Input line was too long (the limit is 512 bytes); it was dropped');
      case 'invalid-utf8':
        return this.notice('Error: that line was not valid UTF-8; it was dropped.');
      case 'nul-byte':
        return this.notice('Error: that line contained a NUL byte; it was dropped.');
    }
  }

  /** The flood rule of §2: lines past the rate are dropped, the first with a notice; abuse ends the session. */
  private admitInput(now: number): boolean {
    switch (this.flood.admit(now)) {
      case 'admit':
        return true;
      case 'drop-and-warn':
        this.notice(`Error: too many lines (more than ${this.deps.flood.perSecond} a second); the excess is dropped.`);
        return false;
      case 'drop':
        return false;
      case 'disconnect':
        this.close('Excess flood: too many lines too fast; disconnecting', 'flood');
        return false;
    }
  }

  deliver(event: ChatEvent): void {
    if (event.type === 'presence' && this.monitored.has(usernameKey(event.user))) {
      if (event.online) this.numeric('730', `${event.user}!${event.user}@parley`);
      else this.numeric('731', event.user);
    }
    const short = event.type === 'private' ? (this.privateLines ??= new ShortPrivateLines(this)).render(event) : undefined;
    if (short !== undefined) return this.connection.write(short);
    const lines = renderEvent(event, this);
    for (let i = 0; i < lines.length; i++) this.connection.writeLine(lines[i]);
  }

  /** The core ended the session (kick, shutdown, a newer login, a send queue past the cap). */
  disconnect(reason: DisconnectReason): void {
    if (reason === 'send-queue') {
      this.connection.drop('it does not read: its send queue passed the cap');
      return this.end(reason);
    }
    if (reason === 'shutdown') {
      this.deliver({ type: 'shutdown' });
      return this.close('Server shutting down', 'shutdown');
    }
    this.close(reason === 'kicked' ? 'Closing link: disconnected by an operator' : `Closing link (${reason})`, reason);
  }

  /** The socket closed (either side). */
  connectionClosed(): void {
    this.end('disconnect');
  }

  send(line: string): void {
    this.connection.writeLine(line);
  }

  sendFromServer(command: string, ...params: string[]): void {
    this.send(formatMessage({ source: this.serverName, command, params }));
  }

  numeric(code: string, ...params: string[]): void {
    this.send(formatMessage({ source: this.serverName, command: code, params: [this.nick, ...params], bareLast: BARE_NUMERICS.has(code) }));
  }

  notice(text: string): void {
    for (const line of messageLines(this.serverName, 'NOTICE', this.nick, text)) this.send(line);
  }

  registrationProgress(): Promise<void> {
    return this.login.registrationProgress();
  }

  saslLogin(account: string, password: string): Promise<void> {
    return this.login.sasl(account, password);
  }

  close(reason: string, why: DisconnectReason): void {
    if (this.state === 'closed') return;
    this.send(formatMessage({ command: 'ERROR', params: [reason] }));
    this.end(why);
  }

  /** The user is logged in and has had the welcome: from now on, live traffic and the timers of a session. */
  private goOnline(chat: ChatSession): void {
    this.chat = chat;
    this.state = 'online';
    clearTimeout(this.loginTimer);
    const { ping_interval_seconds, ping_timeout_seconds, idle_timeout_seconds } = this.deps.config.irc;
    this.keepAlive = new KeepAlive({
      intervalMs: ping_interval_seconds * 1000,
      timeoutMs: ping_timeout_seconds * 1000,
      onPing: () => this.send(`PING :${this.serverName}`),
      onTimeout: () => this.close(`Ping timeout: no answer in ${ping_timeout_seconds} seconds`, 'disconnect'),
    });
    if (idle_timeout_seconds > 0) this.idle = this.watchIdle(idle_timeout_seconds);
  }

  private watchIdle(timeoutSeconds: number): IdleWatch {
    const noticeSeconds = Math.min(this.deps.config.line.idle_notice_seconds, Math.floor(timeoutSeconds / 2));
    return new IdleWatch(
      { timeoutSeconds, noticeSeconds },
      {
        idleNotice: () =>
          this.notice(`*** You have been idle for ${timeoutSeconds - noticeSeconds} seconds; you will be logged out in ${noticeSeconds} seconds unless you type something.`),
        idleTimeout: () => {
          this.notice(`*** You were logged out after ${timeoutSeconds} seconds without activity.`);
          this.close('Idle timeout', 'idle');
        },
      },
    );
  }

  /** Ends the session (once) and the connection; safe to call from any state, any number of times. */
  private end(reason: DisconnectReason): void {
    const chat = this.chat ?? this.login.opened?.session;
    if (chat) this.deps.opener.close(chat, reason);
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.deps.awayClients.delete(this);
    clearTimeout(this.loginTimer);
    this.keepAlive?.stop();
    this.idle?.stop();
    this.connection.end();
  }
}
