import { isUtf8 } from 'node:buffer';
import { DO, DONT, IAC, SB, SE, WILL, WONT } from './telnet';

export type DecodedItem =
  | { kind: 'line'; text: string }
  | { kind: 'error'; code: 'line-too-long' | 'invalid-utf8' }
  /** A telnet option negotiation (WILL/WONT/DO/DONT) the client sent. */
  | { kind: 'telnet'; command: number; option: number };

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

const enum State {
  Data,
  /** After CR: a following LF or NUL belongs to the same line end. */
  AfterCr,
  Iac,
  /** After IAC WILL/WONT/DO/DONT: the option byte. */
  Option,
  Subnegotiation,
  SubnegotiationIac,
}

/** Most lines (names, passwords, commands, chat lines) fit; longer ones grow the buffer. */
const INITIAL_LINE_BYTES = 128;

/**
 * The line being decoded, shared by every decoder: push() runs to the end before another
 * decoder's starts, so one buffer serves all connections. A decoder keeps bytes of its own
 * only for a line cut by the end of a chunk, so an idle session holds no buffer at all.
 */
let scratch = Buffer.allocUnsafeSlow(INITIAL_LINE_BYTES);

/**
 * Turns a byte stream into lines: LF, CRLF, CR NUL and lone CR all end a line; telnet
 * command sequences are consumed (even split across chunks); UTF-8 is decoded per line,
 * so a character split across chunks is whole; lines over `maxLineBytes` are dropped
 * with one error, without buffering more than the limit.
 */
export class LineDecoder {
  /** The start of a line that the last chunk ended in the middle of. */
  private partial: Buffer | undefined;
  private length = 0;
  private overflowed = false;
  private state = State.Data;
  private command = 0;
  /** A telnet command arrived right after a CR: an LF after the command still ends that same line. */
  private crBeforeCommand = false;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Uint8Array): DecodedItem[] {
    const items: DecodedItem[] = [];
    if (this.partial) {
      this.partial.copy(scratch);
      this.partial = undefined;
    }
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      switch (this.state) {
        case State.AfterCr:
          this.state = State.Data;
          if (byte === LF || byte === NUL) break;
          if (byte === IAC) this.crBeforeCommand = true;
          this.data(byte, items);
          break;
        case State.Data:
          this.data(byte, items);
          break;
        case State.Iac:
          this.iac(byte, items);
          break;
        case State.Option:
          this.endCommand();
          items.push({ kind: 'telnet', command: this.command, option: byte });
          break;
        case State.Subnegotiation:
          if (byte === IAC) this.state = State.SubnegotiationIac;
          break;
        case State.SubnegotiationIac:
          if (byte === SE) this.endCommand();
          else this.state = State.Subnegotiation;
          break;
      }
    }
    if (this.length > 0) this.partial = Buffer.from(scratch.subarray(0, this.length));
    return items;
  }

  private data(byte: number, items: DecodedItem[]): void {
    if (byte === IAC) {
      this.state = State.Iac;
    } else if (byte === LF) {
      this.endLine(items);
    } else if (byte === CR) {
      this.endLine(items);
      this.state = State.AfterCr;
    } else {
      this.append(byte, items);
    }
  }

  private iac(byte: number, items: DecodedItem[]): void {
    if (byte === IAC) {
      // An escaped 0xFF is data; it is never valid UTF-8, so the line is rejected as such.
      this.state = State.Data;
      this.crBeforeCommand = false;
      this.append(byte, items);
    } else if (byte === WILL || byte === WONT || byte === DO || byte === DONT) {
      this.command = byte;
      this.state = State.Option;
    } else if (byte === SB) {
      this.state = State.Subnegotiation;
    } else {
      // Other commands (NOP, AYT, ...) carry no data.
      this.endCommand();
    }
  }

  /** Back to data after a telnet command; telnet commands are invisible to line ends. */
  private endCommand(): void {
    this.state = this.crBeforeCommand ? State.AfterCr : State.Data;
    this.crBeforeCommand = false;
  }

  private append(byte: number, items: DecodedItem[]): void {
    if (this.overflowed) return;
    if (this.length === this.maxLineBytes) {
      this.overflowed = true;
      this.length = 0;
      items.push({ kind: 'error', code: 'line-too-long' });
      return;
    }
    if (this.length === scratch.length) {
      const grown = Buffer.allocUnsafeSlow(Math.min(scratch.length * 2, this.maxLineBytes));
      scratch.copy(grown, 0, 0, this.length);
      scratch = grown;
    }
    scratch[this.length++] = byte;
  }

  private endLine(items: DecodedItem[]): void {
    if (this.overflowed) {
      this.overflowed = false;
      return;
    }
    const bytes = scratch.subarray(0, this.length);
    this.length = 0;
    // Validate, then decode: no decoder object per connection (an ICU converter is kilobytes).
    if (isUtf8(bytes)) items.push({ kind: 'line', text: withoutBom(bytes.toString('utf8')) });
    else items.push({ kind: 'error', code: 'invalid-utf8' });
  }
}

/** A leading byte-order mark is not text (TextDecoder drops it too). */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
