import { isUtf8 } from 'node:buffer';

/** Bytes of a line without tags, CRLF excluded (512 with it). */
export const MAX_BODY_BYTES = 510;
/** Bytes of the tag section, `@` and the space after it included (IRCv3 message-tags). */
export const MAX_TAG_BYTES = 8191;

export type IrcDecodedItem =
  | { kind: 'line'; text: string }
  | { kind: 'error'; code: 'line-too-long' | 'invalid-utf8' | 'nul-byte' };

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const AT = 0x40;
const SPACE = 0x20;

/**
 * Turns a byte stream into IRC lines: CR, LF or CRLF end a line; blank lines are skipped;
 * UTF-8 is decoded per line, so a character split across chunks is whole. A line whose tags
 * pass 8191 bytes or whose rest passes 510 is dropped with one error, without buffering more
 * than the limits. Lines holding NUL or bytes that are not UTF-8 are reported, not decoded.
 */
export class IrcDecoder {
  private line = Buffer.allocUnsafe(512);
  private length = 0;
  /** Where the part after the tags starts (0 without tags); -1 while still inside the tags. */
  private bodyStart = 0;
  private overflowed = false;
  private hasNul = false;
  private afterCr = false;

  push(chunk: Buffer): IrcDecodedItem[] {
    const items: IrcDecodedItem[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.afterCr) {
        this.afterCr = false;
        if (chunk[i] === LF) {
          i++;
          continue;
        }
      }
      const end = i === chunk.length ? i : this.wholeLine(chunk, i, items);
      if (end > i) {
        i = end;
        continue;
      }
      const byte = chunk[i++];
      if (byte === LF || byte === CR) {
        this.endLine(items);
        this.afterCr = byte === CR;
      } else if (!this.overflowed) {
        this.append(byte, items);
      }
    }
    return items;
  }

  /**
   * The common case without copying: a whole line of ASCII inside the chunk, no tags, no NUL,
   * within the limit. Returns where the next line starts (its line end consumed), or `from` when
   * the line needs the bytewise path.
   */
  private wholeLine(chunk: Buffer, from: number, items: IrcDecodedItem[]): number {
    if (this.length > 0 || this.overflowed || chunk[from] === AT) return from;
    const limit = Math.min(chunk.length, from + MAX_BODY_BYTES + 1);
    for (let at = from; at < limit; at++) {
      const byte = chunk[at];
      if (byte === LF || byte === CR) {
        if (at === from) return from;
        items.push({ kind: 'line', text: chunk.toString('latin1', from, at) });
        return this.pastLineEnd(chunk, at);
      }
      if (byte === NUL || byte >= 0x80) return from;
    }
    return from;
  }

  /** Where the next line starts after the CR, LF or CRLF at `at`; a CR ending the chunk may have its LF in the next one. */
  private pastLineEnd(chunk: Uint8Array, at: number): number {
    if (chunk[at] === LF) return at + 1;
    if (at + 1 === chunk.length) this.afterCr = true;
    return chunk[at + 1] === LF ? at + 2 : at + 1;
  }

  private append(byte: number, items: IrcDecodedItem[]): void {
    if (this.length === 0 && byte === AT) this.bodyStart = -1;
    if (byte === NUL) this.hasNul = true;
    // The space that ends the tags still counts toward them.
    const tooLong =
      this.bodyStart === -1 ? this.length + 1 > MAX_TAG_BYTES : this.length + 1 - this.bodyStart > MAX_BODY_BYTES;
    if (this.bodyStart === -1 && byte === SPACE) this.bodyStart = this.length + 1;
    if (tooLong) {
      this.overflowed = true;
      items.push({ kind: 'error', code: 'line-too-long' });
      return;
    }
    if (this.length === this.line.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.line.length * 2, MAX_TAG_BYTES + MAX_BODY_BYTES));
      this.line.copy(grown, 0, 0, this.length);
      this.line = grown;
    }
    this.line[this.length++] = byte;
  }

  private endLine(items: IrcDecodedItem[]): void {
    const bytes = this.line.subarray(0, this.length);
    const { overflowed, hasNul } = this;
    this.length = 0;
    this.bodyStart = 0;
    this.overflowed = false;
    this.hasNul = false;
    if (overflowed || bytes.length === 0) return;
    if (hasNul) items.push({ kind: 'error', code: 'nul-byte' });
    else if (!isUtf8(bytes)) items.push({ kind: 'error', code: 'invalid-utf8' });
    else items.push({ kind: 'line', text: bytes.toString('utf8') });
  }
}
