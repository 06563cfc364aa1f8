import { ChatEvent, DisconnectReason, OpeningEndpoint, StoredMessage } from '../chat/chat-events';
import { ChatSession } from '../chat/chat-session';
import { LoginOutcome, SessionOpener } from '../chat/session-opener';
import { CommandDispatcher } from './commands/command-dispatcher';
import { CommandPipeline } from './command-pipeline';
import { FloodGuard, FloodLimits } from './flood-guard';
import { IdleLimits, IdleListener, IdleWatch } from './idle-watch';
import { DecodedItem } from './line-decoder';
import { LineConnection } from './line-connection';
import { eventLine, storedMessageLine } from './replies';
import { DO, OPTION_ECHO, WILL_ECHO, WONT_ECHO } from './telnet';
import { neutralize } from './user-text';

export interface LineSessionDeps {
  opener: SessionOpener;
  commands: CommandDispatcher;
  maxLineBytes: number;
  limits: SessionLimits;
}

export interface SessionLimits {
  loginTimeoutSeconds: number;
  idle: IdleLimits;
  flood: FloodLimits;
}

type State = 'username' | 'password' | 'authenticating' | 'online' | 'closed';

/** Commands of one session started and not yet answered (stored messages waiting for their commit). */
const MAX_COMMANDS_IN_FLIGHT = 128;

const BANNER = 'Parley chat server. Log in to chat; type help once you are in.';

/** The last event rendered: a broadcast reaches every session in a row, and is rendered once. */
let lastEvent: ChatEvent | undefined;
let lastLine = '';

function rendered(event: ChatEvent): string {
  if (event !== lastEvent) {
    lastLine = eventLine(event) + '\r\n';
    lastEvent = event;
  }
  return lastLine;
}

/**
 * The line protocol for one connection: the login dialogue, then commands, and rendering
 * of everything the core delivers. This is the session's SessionEndpoint.
 */
export class LineSession implements OpeningEndpoint, IdleListener {
  readonly protocol = 'line';
  private state: State = 'username';
  private pendingName = '';
  private echoSuppressed = false;
  private readonly flood: FloodGuard;
  private readonly pipeline: CommandPipeline;
  // Set later, but initialized here: V8 then keeps them inside the object rather than in a property array of their own.
  private chat: ChatSession | undefined = undefined;
  private loginTimer: NodeJS.Timeout | undefined = undefined;
  private idle: IdleWatch | undefined = undefined;

  constructor(
    private readonly connection: LineConnection,
    private readonly deps: LineSessionDeps,
  ) {
    this.flood = new FloodGuard(deps.limits.flood);
    this.pipeline = new CommandPipeline(connection, MAX_COMMANDS_IN_FLIGHT);
  }

  /** Resolves once every command typed so far has answered. */
  settled(): Promise<void> {
    return this.pipeline.settled();
  }

  /** The connection closed while this session awaited something. */
  private get isEnded(): boolean {
    return this.state === 'closed';
  }

  get ended(): boolean {
    return this.isEnded;
  }

  get remoteAddress(): string {
    return this.connection.remoteAddress;
  }

  start(): void {
    this.connection.writeLine(BANNER);
    this.connection.write('Username: ');
    const seconds = this.deps.limits.loginTimeoutSeconds;
    this.loginTimer = setTimeout(() => {
      this.connection.writeLine(`Error: login timed out after ${seconds} seconds.`);
      this.end('error');
    }, seconds * 1000);
  }

  /** Handles one decoded input item; called in order, one at a time. */
  async handle(item: DecodedItem): Promise<void> {
    if (item.kind !== 'telnet' && !this.admitInput()) return;
    switch (item.kind) {
      case 'telnet':
        if (item.command === DO && item.option === OPTION_ECHO) this.echoSuppressed = true;
        return;
      case 'error':
        this.connection.writeLine(
          item.code === 'line-too-long'
            ? `Error: line too long (the limit is ${this.deps.maxLineBytes} bytes); it was dropped.`
            : 'Error: that line was not valid UTF-8; it was dropped.',
        );
        this.repeatPrompt();
        return;
      case 'line':
        this.idle?.touch();
        return this.handleLine(item.text);
    }
  }

  /** The flood rule: lines past the rate are dropped, the first with an Error line; abuse ends the session. */
  private admitInput(): boolean {
    const verdict = this.flood.admit();
    switch (verdict) {
      case 'admit':
        return true;
      case 'drop-and-warn':
        this.connection.writeLine(
          `Error: too many lines (more than ${this.deps.limits.flood.perSecond} a second); the excess is dropped.`,
        );
        return false;
      case 'drop':
        return false;
      case 'disconnect':
        this.connection.writeLine('Error: too many lines too fast; disconnecting.');
        this.end('flood');
        return false;
    }
  }

  deliver(event: ChatEvent): void {
    this.connection.write(rendered(event));
  }

  disconnect(reason: DisconnectReason): void {
    if (reason === 'shutdown') this.deliver({ type: 'shutdown' });
    if (reason === 'send-queue') this.connection.drop('it does not read: its send queue passed the cap');
    this.end(reason);
  }

  /** The socket closed (either side). */
  connectionClosed(): void {
    this.end('disconnect');
  }

  private async handleLine(text: string): Promise<void> {
    switch (this.state) {
      case 'username':
        return this.receiveUsername(text.trim());
      case 'password':
        return this.receivePassword(text);
      case 'online': {
        const command = this.deps.commands.prepare(text);
        const session = this.chat!;
        // The context is made per command: an idle session keeps none.
        return this.pipeline.submit({
          pipelined: command.pipelined,
          run: (reply) => command.run({ session, reply, logout: () => this.end('logout') }),
        });
      }
      case 'authenticating':
      case 'closed':
        return;
    }
  }

  private receiveUsername(name: string): void {
    if (name === '') {
      this.connection.write('Username: ');
      return;
    }
    this.pendingName = name;
    this.state = 'password';
    this.connection.writeBytes(WILL_ECHO);
    this.connection.write('Password: ');
  }

  private async receivePassword(password: string): Promise<void> {
    this.state = 'authenticating';
    this.connection.writeBytes(WONT_ECHO);
    // A telnet client that agreed not to echo did not show the Enter key either.
    if (this.echoSuppressed) this.connection.write('\r\n');
    this.echoSuppressed = false;

    const name = this.pendingName;
    this.pendingName = '';
    const outcome = await this.deps.opener.logIn(name, password, this);
    if (outcome.status === 'ok') return this.goOnline(outcome.session, outcome.failuresSinceLastLogin);
    if (this.isEnded) return;
    const refusal = refusalLine(outcome, name);
    if (refusal) this.connection.writeLine(refusal);
    if (outcome.status !== 'invalid') return this.end('error');
    this.state = 'username';
    this.connection.write('Username: ');
  }

  private async goOnline(session: ChatSession, failuresSinceLastLogin: number): Promise<void> {
    this.chat = session;
    this.state = 'online';
    clearTimeout(this.loginTimer);
    // A cleared timer kept in the field would stay allocated for the whole session.
    this.loginTimer = undefined;
    this.idle = new IdleWatch(this.deps.limits.idle, this);

    this.connection.writeLine(`Welcome, ${session.name}! Type help for the list of commands.`);
    if (failuresSinceLastLogin > 0) {
      const count = failuresSinceLastLogin;
      this.connection.writeLine(
        `There ${count === 1 ? 'was 1 failed login attempt' : `were ${count} failed login attempts`}` +
          ' on your account since your last login.',
      );
    }
    const handover = await this.deps.opener.handOver(session, this);
    if (handover.status === 'storage-failure') {
      this.writeError(handover.storage, 'your stored messages cannot be delivered right now; they stay stored.');
    }
    this.deps.opener.goLive(session);
  }

  /** IdleListener: the session's idle watch calls this, then idleTimeout. */
  idleNotice(): void {
    const { timeoutSeconds, noticeSeconds } = this.deps.limits.idle;
    this.connection.writeLine(
      `*** You have been idle for ${duration(timeoutSeconds - noticeSeconds)}; ` +
        `you will be logged out in ${duration(noticeSeconds)} unless you type something.`,
    );
  }

  idleTimeout(): void {
    this.connection.writeLine(`*** You were logged out after ${duration(this.deps.limits.idle.timeoutSeconds)} without activity.`);
    this.end('idle');
  }

  writeStored(batch: StoredMessage[], total: number, first: boolean): Promise<boolean> {
    if (first) this.connection.writeLine(`You have ${total} stored messages:`);
    for (const message of batch) this.connection.writeLine(storedMessageLine(message));
    return this.connection.flushConfirmed();
  }

  queuedBytes(): number {
    return this.connection.queuedBytes();
  }

  private writeError(storage: string | undefined, userMessage: string): void {
    this.connection.writeLine(`Error: ${storage ? `${storage}; ` : ''}${userMessage}`);
  }

  private repeatPrompt(): void {
    if (this.state === 'username') this.connection.write('Username: ');
    if (this.state === 'password') this.connection.write('Password: ');
  }

  /** Ends the session (once) and the connection; safe to call from any state, any number of times. */
  private end(reason: DisconnectReason): void {
    if (this.chat) this.deps.opener.close(this.chat, reason);
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.loginTimer);
    this.idle?.stop();
    this.connection.end();
  }
}

function duration(seconds: number): string {
  if (seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

/** The line a refused login gets, in this protocol's words; undefined when there is nothing to say. */
function refusalLine(outcome: Exclude<LoginOutcome, { status: 'ok' }>, name: string): string | undefined {
  switch (outcome.status) {
    case 'invalid':
      return 'Invalid username or password.';
    case 'locked':
      return `Account ${neutralize(name)} is locked; try again in ${outcome.secondsRemaining} seconds.`;
    case 'locked-now':
      return `Too many failed logins: account ${neutralize(name)} is locked for ${outcome.secondsRemaining} seconds.`;
    case 'throttled':
      return `Error: too many failed logins from your address; try again in ${outcome.secondsRemaining} seconds.`;
    case 'already-online':
      return `Error: ${outcome.user} is already logged in elsewhere.`;
    case 'unavailable':
      return 'Error: the server cannot check logins right now; please try again later.';
    case 'cluster-unavailable':
      return 'Error: the cluster is unavailable (cannot reach Redis); please try again later.';
    case 'storage-failure':
      return `Error: ${outcome.storage ? `${outcome.storage}; ` : ''}the server cannot log you in right now; please try again later.`;
    case 'ended':
      return undefined;
  }
}
