import { MAX_BODY_BYTES } from './irc-decoder';

/** The source of a Parley user in IRC lines: `alice!alice@parley`. */
export function userSource(name: string): string {
  return `${name}!${name}@parley`;
}

const CTCP = '\u0001';

/** Wraps text as a CTCP ACTION (`/me`). */
export function ctcpAction(text: string): string {
  return `${CTCP}ACTION ${text}${CTCP}`;
}

export type CtcpParse = { kind: 'text'; text: string } | { kind: 'action'; text: string } | { kind: 'other-ctcp' };

/** Tells a message from a CTCP request: ACTION is kept, other CTCP (VERSION, PING, ...) is not relayed. */
export function parseCtcp(text: string): CtcpParse {
  if (!text.startsWith(CTCP)) return { kind: 'text', text };
  const body = text.slice(1, text.endsWith(CTCP) && text.length > 1 ? -1 : undefined);
  const space = body.indexOf(' ');
  const verb = (space < 0 ? body : body.slice(0, space)).toUpperCase();
  if (verb === 'ACTION') return { kind: 'action', text: space < 0 ? '' : body.slice(space + 1) };
  return { kind: 'other-ctcp' };
}

/**
 * Cuts `text` into pieces of at most `maxBytes` UTF-8 bytes each, only between characters
 * (a surrogate pair is one character); prefers the last space of a piece when there is one
 * in its second half, so words stay whole where they can.
 */
export function splitUtf8(text: string, maxBytes: number, textBytes = Buffer.byteLength(text)): string[] {
  if (textBytes <= maxBytes) return [text];
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let bytes = 0;
    let end = start;
    let lastSpace = -1;
    while (end < text.length) {
      const code = text.codePointAt(end)!;
      const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) break;
      bytes += size;
      if (code === 0x20) lastSpace = end;
      end += code >= 0x10000 ? 2 : 1;
    }
    if (end < text.length && lastSpace > start + (end - start) / 2) end = lastSpace + 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

const ACTION_BYTES = ctcpAction('').length;

/** `:from!from@parley COMMAND target :`, the start of a user's `PRIVMSG`/`NOTICE` line. */
export function privateLineHead(from: string, command: string, target: string): string {
  return `:${from}!${from}@parley ${command} ${target} :`;
}

/**
 * A user's `PRIVMSG`/`NOTICE` as one line with its CRLF, `head` from privateLineHead, when it
 * surely fits one line without counting bytes (short text, the common case); otherwise
 * undefined, and messageLines splits it.
 */
export function shortMessageLine(head: string, text: string, action: boolean): string | undefined {
  if (3 * (head.length + text.length) + (action ? ACTION_BYTES : 0) > MAX_BODY_BYTES) return undefined;
  return `${head}${action ? ctcpAction(text) : text}\r\n`;
}

/**
 * `:source COMMAND target :text` lines, as many as it takes so that each fits the 512-byte
 * limit (CRLF included, tags not counted). An action is re-wrapped in each piece.
 */
export function messageLines(source: string, command: string, target: string, text: string, action = false, tags = ''): string[] {
  const head = `${tags}:${source} ${command} ${target} :`;
  const actionBytes = action ? ACTION_BYTES : 0;
  // A UTF-16 unit is at most 3 UTF-8 bytes: short lines fit without counting their bytes.
  if (3 * (head.length + text.length) - tags.length + actionBytes <= MAX_BODY_BYTES) return [head + (action ? ctcpAction(text) : text)];
  const overhead = Buffer.byteLength(head) - tags.length + actionBytes;
  const budget = Math.max(MAX_BODY_BYTES - overhead, 16);
  const textBytes = Buffer.byteLength(text);
  if (textBytes <= budget) return [head + (action ? ctcpAction(text) : text)];
  return splitUtf8(text, budget, textBytes).map((piece) => head + (action ? ctcpAction(piece) : piece));
}
