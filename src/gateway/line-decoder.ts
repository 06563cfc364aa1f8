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
 * Turns a byte stream into lines: LF, CRLF, CR NUL and lone CR all end a line; telnet
 * command sequences are consumed (even split across chunks); UTF-8 is decoded per line,
 * so a character split across chunks is whole; lines over `maxLineBytes` are dropped
 * with one error, without buffering more than the limit.
 */
export class LineDecoder {
  private line: Buffer;
  private length = 0;
  private overflowed = false;
  private state = State.Data;
  private command = 0;
  /** A telnet command arrived right after a CR: an LF after the command still ends that same line. */
  private crBeforeCommand = false;

  constructor(private readonly maxLineBytes: number) {
    // Small at first: an idle session keeps it for good (a slice of Node's shared 8 KiB pool), and it doubles as lines need.
    this.line = Buffer.allocUnsafe(Math.min(maxLineBytes, INITIAL_LINE_BYTES));
  }

  push(chunk: Uint8Array): DecodedItem[] {
    const items: DecodedItem[] = [];
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
    if (this.length === this.line.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.line.length * 2, this.maxLineBytes));
      this.line.copy(grown, 0, 0, this.length);
      this.line = grown;
    }
    this.line[this.length++] = byte;
  }

  private endLine(items: DecodedItem[]): void {
    if (this.overflowed) {
      this.overflowed = false;
      return;
    }
    const bytes = this.line.subarray(0, this.length);
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
