import { Client, ConnectOptions } from 'irc-framework';
import { Arrivals } from './arrivals';

/** An irc-framework event the tests look at, with its name. */
export interface IrcEvent {
  name: string;
  [field: string]: unknown;
}

const EVENTS = ['registered', 'message', 'notice', 'privmsg', 'action', 'join', 'part', 'quit', 'userlist', 'irc error', 'sasl failed', 'account'];

/**
 * A real IRC client (irc-framework) for tests: records the lines the server sent and the
 * events irc-framework parsed from them, and lets a test wait for either in order.
 */
export class IrcUser {
  readonly client = new Client();
  readonly lines: string[] = [];
  readonly events: IrcEvent[] = [];
  private lineCursor = 0;
  private eventCursor = 0;
  private readonly arrivals = new Arrivals();
  closed = false;

  private constructor() {
    this.client.on('raw', (event: { line: string; from_server: boolean }) => {
      if (event.from_server) this.lines.push(event.line.replace(/\r?\n$/, ''));
      this.arrivals.wake();
    });
    for (const name of EVENTS) {
      this.client.on(name, (event: object) => {
        this.events.push({ name, ...event });
        this.arrivals.wake();
      });
    }
    this.client.on('socket close', () => {
      this.closed = true;
      this.arrivals.wake();
    });
  }

  /** Connects; resolves once the server sent the line matching `until` (by default the end of NAMES). */
  static async connect(port: number, options: Partial<ConnectOptions> & { nick: string }, until = / 366 /): Promise<IrcUser> {
    const user = new IrcUser();
    user.client.connect({ host: '127.0.0.1', port, auto_reconnect: false, ping_interval: 0, ...options });
    await user.expectLine(until);
    return user;
  }

  /** Waits for a raw line matching `pattern`, consuming it and every line before it. */
  async expectLine(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.lineCursor < this.lines.length) {
        const line = this.lines[this.lineCursor++];
        if (pattern.test(line)) return line;
      }
      if (this.closed) throw new Error(`closed before a line matching ${pattern}; saw ${JSON.stringify(this.lines.slice(-20))}`);
      if (!(await this.arrivals.waitUntil(deadline))) {
        throw new Error(`no line matching ${pattern} within ${timeoutMs} ms; saw ${JSON.stringify(this.lines.slice(-20))}`);
      }
    }
  }

  /** Waits for an irc-framework event named `name` for which `match` holds, consuming events up to it. */
  async expectEvent(name: string, match: (event: IrcEvent) => boolean = () => true, timeoutMs = 5000): Promise<IrcEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.eventCursor < this.events.length) {
        const event = this.events[this.eventCursor++];
        if (event.name === name && match(event)) return event;
      }
      if (!(await this.arrivals.waitUntil(deadline))) {
        const names = this.events.slice(-20).map((event) => `${event.name}:${JSON.stringify(event.message ?? event.nick ?? '')}`);
        throw new Error(`no ${name} event within ${timeoutMs} ms; saw ${names.join(' ')}`);
      }
    }
  }

  /** Asserts that no raw line matching `pattern` arrives within `ms`. */
  async expectNoLine(pattern: RegExp, ms = 300): Promise<void> {
    const deadline = Date.now() + ms;
    while (await this.arrivals.waitUntil(deadline)) {
      /* collect */
    }
    const hit = this.lines.slice(this.lineCursor).find((line) => pattern.test(line));
    if (hit !== undefined) throw new Error(`unexpected line ${JSON.stringify(hit)}`);
  }

  async expectClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (!(await this.arrivals.waitUntil(deadline))) throw new Error('connection still open');
    }
  }

  close(): void {
    if (!this.closed) this.client.quit('bye');
    this.client.removeAllListeners('raw');
  }
}
