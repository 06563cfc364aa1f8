import { Socket } from 'node:net';
import { DecodedItem } from './line-decoder';
import { normalizeAddress } from '../common/client-address';
import { flushAtEndOfTurn, TurnFlushable } from './turn-flush';
import { peerAddress } from './peer-address';

export interface LineConnectionLimits {
  /** Output the peer has not read yet; past this the peer is dropped as a reader that never reads. */
  maxSendQueueBytes: number;
  /** TCP keepalive: idle seconds before the first probe, so a dropped peer is noticed; 0 = off. */
  keepaliveSeconds: number;
}

/** Decoded input waiting to be handled; past this the socket is paused until it drains. */
const PAUSE_AT_PENDING = 64;
const RESUME_AT_PENDING = 8;
/** How long a closing connection may take to flush before it is cut. */
const END_GRACE_MS = 2000;
const DONE: Promise<void> = Promise.resolve();
/** A reset peer is not a server error: 'close' follows. One listener for every socket. */
const ignoreSocketError = (): void => {};

/** Framing: bytes in, items out (lines, or errors about lines). */
export interface Decoder<Item> {
  push(chunk: Buffer): Item[];
}

/** Who a connection reports to: each input item, then its end. */
export interface ConnectionOwner<Item> {
  handle(item: Item): void | Promise<void>;
  /** Called once when the socket has closed; `dropReason` says why the server cut it, if it did. */
  connectionClosed(dropReason: string | undefined): void;
}

/**
 * One TCP connection of a line-based protocol (the line protocol, IRC): framing in, coalesced
 * writes out, backpressure both ways. Input items are handled strictly one after another, in
 * arrival order. Knows nothing about chat.
 */
export class LineConnection<Item = DecodedItem> implements TurnFlushable {
  /** Decoded input not handled yet, oldest first; `handling` while a loop works through it. */
  private readonly pending: Item[] = [];
  private handling = false;
  /** The running (or last) handling loop; it settles once `pending` is empty. */
  private drained = DONE;
  private output = '';
  /** Output queued as bytes, once a telnet command was queued: `output` follows it. */
  private outputBytes: Buffer[] | undefined = undefined;
  private flushScheduled = false;
  private closed = false;
  private ending = false;
  private dropReason: string | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly limits: LineConnectionLimits,
    private readonly decoder: Decoder<Item>,
    private readonly owner: ConnectionOwner<Item>,
    /** The peer's address; read from the socket unless the caller already did. */
    readonly remoteAddress: string = normalizeAddress(peerAddress(socket)),
  ) {
    socket.setNoDelay(true);
    if (limits.keepaliveSeconds > 0) socket.setKeepAlive(true, limits.keepaliveSeconds * 1000);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', ignoreSocketError);
    socket.on('close', () => {
      this.closed = true;
      this.owner.connectionClosed(this.dropReason);
    });
  }

  get isOpen(): boolean {
    return !this.closed && !this.ending;
  }

  /** Queues one line (CRLF is added); lines written in the same turn go out in one write. */
  writeLine(line: string): void {
    this.write(line + '\r\n');
  }

  /** Queues text without a line end (prompts). */
  write(text: string): void {
    if (!this.isOpen) return;
    this.output += text;
    this.scheduleFlush();
  }

  /**
   * Queues raw bytes (telnet commands) in order with the text, for the same write: the echo
   * commands around the password prompt and the prompt itself leave in one write, not three.
   */
  writeBytes(bytes: Buffer): void {
    if (!this.isOpen) return;
    this.outputBytes ??= [];
    if (this.output.length > 0) this.outputBytes.push(Buffer.from(this.output));
    this.output = '';
    this.outputBytes.push(bytes);
    this.scheduleFlush();
  }

  /** Output the peer has not read yet: queued here plus buffered in the socket (bytes, roughly). */
  queuedBytes(): number {
    let queued = this.output.length + this.socket.writableLength;
    if (this.outputBytes) for (const bytes of this.outputBytes) queued += bytes.length;
    return queued;
  }

  /** Flushes queued output; resolves true once the socket has taken it, false if the connection went away. */
  flushConfirmed(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    const output = this.takeOutput();
    return new Promise((resolve) => this.socket.write(output, (error) => resolve(!error && !this.closed)));
  }

  /** Sends what is queued, then closes; cuts the connection if the peer does not read. */
  end(): void {
    if (this.closed || this.ending) return;
    this.flush();
    this.ending = true;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), END_GRACE_MS).unref();
  }

  /** Resolves once every input item received so far has been handled. */
  settled(): Promise<void> {
    return this.drained;
  }

  /** Cuts the connection at once, recording why. */
  drop(reason: string): void {
    this.dropReason ??= reason;
    this.socket.destroy();
  }

  /** Handling its input failed: the connection is cut. */
  fail(error: unknown): void {
    this.drop(`handling its input failed: ${(error as Error).message}`);
  }

  /** The end of the turn in which output was queued (flushAtEndOfTurn). */
  flushQueued(): void {
    this.flush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    flushAtEndOfTurn(this);
  }

  /** The queued output, as one string or one buffer, and the queue emptied. */
  private takeOutput(): string | Buffer {
    const text = this.output;
    this.output = '';
    if (!this.outputBytes) return text;
    if (text.length > 0) this.outputBytes.push(Buffer.from(text));
    const bytes = Buffer.concat(this.outputBytes);
    this.outputBytes = undefined;
    return bytes;
  }

  private flush(): void {
    this.flushScheduled = false;
    if ((this.output.length === 0 && !this.outputBytes) || this.closed) return;
    this.socket.write(this.takeOutput());
    if (this.socket.writableLength > this.limits.maxSendQueueBytes) {
      this.drop(`it does not read: over ${this.limits.maxSendQueueBytes} bytes of output are waiting`);
    }
  }

  private receive(chunk: Buffer): void {
    for (const item of this.decoder.push(chunk)) this.enqueue(item);
  }

  private enqueue(item: Item): void {
    if (!this.handling && this.pending.length === 0) return this.handleAlone(item);
    this.pending.push(item);
    if (this.pending.length === PAUSE_AT_PENDING) this.socket.pause();
    if (!this.handling) this.drained = this.handlePending();
  }

  /** The common case, nothing queued: the item is handled without going through the queue. */
  private handleAlone(item: Item): void {
    this.handling = true;
    const running = this.start(item);
    if (!running) {
      this.handling = false;
      this.drained = DONE;
      return;
    }
    this.pending.push(item);
    this.drained = this.finishAsync(running);
  }

  /**
   * Handles queued items one at a time, in order. A handler that finishes at once costs no
   * promise: the loop only awaits a handler that returns one, then carries on where it was.
   */
  private handlePending(): Promise<void> {
    const running = this.handleUntilAsync();
    return running ? this.finishAsync(running) : DONE;
  }

  /** Handles items while their handlers complete synchronously; returns the first one still running. */
  private handleUntilAsync(): Promise<void> | undefined {
    this.handling = true;
    while (this.pending.length > 0) {
      const running = this.start(this.pending[0]);
      if (running) return running;
      this.handled();
    }
    this.handling = false;
    // shift() leaves the grown backing store (17 slots) in place; emptying the length frees it.
    this.pending.length = 0;
    return undefined;
  }

  private async finishAsync(running: Promise<void> | undefined): Promise<void> {
    while (running) {
      try {
        await running;
      } catch (error) {
        this.fail(error);
      }
      this.handled();
      running = this.handleUntilAsync();
    }
    // Everything is handled: an idle connection keeps no settled promise of its last burst.
    this.drained = DONE;
  }

  private start(item: Item): Promise<void> | undefined {
    if (!this.isOpen) return undefined;
    try {
      return this.owner.handle(item) ?? undefined;
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  private handled(): void {
    this.pending.shift();
    if (this.pending.length === RESUME_AT_PENDING && !this.closed) this.socket.resume();
  }
}
