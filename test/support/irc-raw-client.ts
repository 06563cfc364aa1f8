import { connect, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Arrivals } from './arrivals';

/**
 * A raw TCP IRC client for tests that need to send what no real client would (over-long
 * lines, bad bytes, floods): collects the lines the server sends and waits for them in order.
 */
export class IrcRawClient {
  raw = Buffer.alloc(0);
  private pending = '';
  private readonly lines: string[] = [];
  private readonly arrivals = new Arrivals();
  private readonly closedPromise: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => {});
    this.closedPromise = new Promise((resolve) =>
      socket.on('close', () => {
        resolve();
        this.arrivals.wake();
      }),
    );
  }

  static connect(port: number, options: { localAddress?: string; tls?: boolean } = {}): Promise<IrcRawClient> {
    return new Promise((resolve, reject) => {
      const socket = options.tls
        ? tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => resolve(new IrcRawClient(socket)))
        : connect({ port, host: '127.0.0.1', localAddress: options.localAddress }, () => resolve(new IrcRawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Connects and registers with PASS account:password; resolves after the end of the JOIN burst (366). */
  static async register(port: number, account: string, password: string, caps: string[] = []): Promise<IrcRawClient> {
    const client = await IrcRawClient.connect(port);
    if (caps.length > 0) client.send(`CAP REQ :${caps.join(' ')}`);
    client.send(`PASS ${account}:${password}`);
    client.send(`NICK ${account}`);
    client.send(`USER ${account} 0 * :${account}`);
    if (caps.length > 0) client.send('CAP END');
    await client.expectLine(/ 366 /);
    return client;
  }

  send(line: string): void {
    this.socket.write(line + '\r\n');
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits for a line matching `pattern`, consuming it and every line before it. */
  async expectLine(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const seen: string[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.lines.length > 0) {
        const line = this.lines.shift()!;
        if (pattern.test(line)) return line;
        seen.push(line);
      }
      if (this.socket.destroyed) throw new Error(`connection closed before a line matching ${pattern}; saw ${JSON.stringify(seen)}`);
      if (!(await this.arrivals.waitUntil(deadline))) {
        throw new Error(`no line matching ${pattern} within ${timeoutMs} ms; saw ${JSON.stringify(seen)}`);
      }
    }
  }

  /** Asserts that no line matching `pattern` arrives within `ms`; returns the lines seen (left unconsumed). */
  async expectNoLine(pattern: RegExp, ms = 300): Promise<string[]> {
    const deadline = Date.now() + ms;
    while (await this.arrivals.waitUntil(deadline)) {
      /* collect */
    }
    const hit = this.lines.find((line) => pattern.test(line));
    if (hit !== undefined) throw new Error(`unexpected line ${JSON.stringify(hit)}`);
    return [...this.lines];
  }

  async expectClosed(timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('connection still open')), timeoutMs);
    });
    try {
      await Promise.race([this.closedPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.raw = Buffer.concat([this.raw, chunk]);
    this.pending += chunk.toString('latin1');
    let end: number;
    while ((end = this.pending.indexOf('\r\n')) >= 0) {
      this.lines.push(Buffer.from(this.pending.slice(0, end), 'latin1').toString('utf8'));
      this.pending = this.pending.slice(end + 2);
    }
    this.arrivals.wake();
  }
}
