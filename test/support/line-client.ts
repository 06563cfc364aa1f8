import { connect, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Arrivals } from './arrivals';

const TELNET_COMMAND = /\xff[\xfb-\xfe][\s\S]|\xff[\xf0-\xfa\xff]/g;
const PROMPTS = /^(?:Username: |Password: )+/;

/**
 * A raw TCP client of the line protocol for tests: collects the lines the server sends
 * (telnet commands removed, leading prompts stripped) and lets a test wait for them in order.
 */
export class LineClient {
  /** Everything received, as latin1 text, telnet bytes included. */
  raw = '';
  private pendingText = '';
  private readonly lines: string[] = [];
  private readonly arrivals = new Arrivals();
  private closedPromise: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => {});
    this.closedPromise = new Promise((resolve) => socket.on('close', () => {
      resolve();
      this.arrivals.wake();
    }));
  }

  /** Connects over TCP; `localAddress` picks the client's address (any of 127.0.0.0/8 works on Linux). */
  static connect(port: number, host = '127.0.0.1', localAddress?: string): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, localAddress }, () => resolve(new LineClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Connects over TLS, trusting whatever certificate the server shows (tests use a self-signed one). */
  static connectTls(port: number, host = '127.0.0.1'): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({ port, host, rejectUnauthorized: false }, () => resolve(new LineClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Connects and logs in; resolves with the Welcome line. */
  static async login(port: number, user: string, password: string, timeoutMs = 5000): Promise<LineClient> {
    const client = await LineClient.connect(port);
    client.send(user);
    client.send(password);
    await client.expectLine(/^Welcome, /, timeoutMs);
    return client;
  }

  send(line: string): void {
    this.socket.write(line + '\r\n');
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** The text received after the last complete line (prompts have no line end). */
  get partial(): string {
    return this.pendingText;
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
      if (this.socket.destroyed && this.lines.length === 0) {
        throw new Error(`connection closed before a line matching ${pattern}; saw ${JSON.stringify(seen)}`);
      }
      if (!(await this.arrivals.waitUntil(deadline))) {
        throw new Error(`no line matching ${pattern} within ${timeoutMs} ms; saw ${JSON.stringify(seen)}`);
      }
    }
  }

  /** The next line, whatever it is. */
  nextLine(timeoutMs = 5000): Promise<string> {
    return this.expectLine(/[\s\S]*/, timeoutMs);
  }

  /** Asserts that no line matching `pattern` arrives within `ms`; returns the lines seen. */
  async expectNoLine(pattern: RegExp, ms = 300): Promise<string[]> {
    const deadline = Date.now() + ms;
    while (await this.arrivals.waitUntil(deadline)) { /* collect */ }
    const seen = [...this.lines];
    const hit = seen.find((line) => pattern.test(line));
    if (hit !== undefined) throw new Error(`unexpected line ${JSON.stringify(hit)}`);
    return seen;
  }

  /** Waits until the partial (unterminated) text ends with `prompt`. */
  async expectPrompt(prompt: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.pendingText.endsWith(prompt)) {
      if (!(await this.arrivals.waitUntil(deadline))) {
        throw new Error(`no prompt ${JSON.stringify(prompt)}; partial is ${JSON.stringify(this.pendingText)}`);
      }
    }
  }

  /** Resolves when the server has closed the connection. */
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
    const text = chunk.toString('latin1');
    this.raw += text;
    this.pendingText += text.replace(TELNET_COMMAND, '');
    let end: number;
    while ((end = this.pendingText.indexOf('\r\n')) >= 0) {
      const latin1 = this.pendingText.slice(0, end);
      this.pendingText = this.pendingText.slice(end + 2);
      this.lines.push(Buffer.from(latin1, 'latin1').toString('utf8').replace(PROMPTS, ''));
    }
    this.arrivals.wake();
  }


}
