import { IrcDecodedItem, IrcDecoder, MAX_BODY_BYTES, MAX_TAG_BYTES } from '../../src/gateway/irc/irc-decoder';
import { formatMessage, parseMessage } from '../../src/gateway/irc/irc-message';
import { renderEvent, RenderView, ShortPrivateLines } from '../../src/gateway/irc/irc-render';
import { messageLines, parseCtcp, splitUtf8 } from '../../src/gateway/irc/irc-text';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

function decode(chunks: Buffer[]): IrcDecodedItem[] {
  const decoder = new IrcDecoder();
  return chunks.flatMap((chunk) => decoder.push(chunk));
}

const line = (text: string): IrcDecodedItem => ({ kind: 'line', text });
const tooLong: IrcDecodedItem = { kind: 'error', code: 'line-too-long' };

/** However `input` is cut into two chunks, or one byte per chunk, the decoder yields `expected`. */
function expectSameForEverySplit(input: Buffer, expected: IrcDecodedItem[]): void {
  const cuts = [...Array(input.length + 1).keys()].map((at) => [input.subarray(0, at), input.subarray(at)]);
  cuts.push([...input].map((byte) => Buffer.from([byte])));
  for (const chunks of cuts) expect(decode(chunks)).toEqual(expected);
}

describe('IRC decoder', () => {
  it('ends lines at CRLF, LF or CR, skipping blank lines, however the input is chunked', () => {
    expectSameForEverySplit(bytes('NICK alice\r\nUSER a 0 * :A\n\r\nPING x\rPONG y\r\n'), [
      line('NICK alice'),
      line('USER a 0 * :A'),
      line('PING x'),
      line('PONG y'),
    ]);
  });

  it('keeps a multibyte character split across chunks whole', () => {
    expectSameForEverySplit(bytes('PRIVMSG #parley :héllo 🎉\r\n'), [line('PRIVMSG #parley :héllo 🎉')]);
  });

  it('accepts 510 bytes before CRLF and drops 511 with one error, then carries on', () => {
    const fits = 'PRIVMSG #parley :' + 'x'.repeat(MAX_BODY_BYTES - 17);
    const over = fits + 'y';
    expect(Buffer.byteLength(fits)).toBe(510);
    expectSameForEverySplit(bytes(`${fits}\r\n${over}\r\nPING ok\r\n`), [line(fits), tooLong, line('PING ok')]);
  });

  it('does not count tags toward the 512 bytes, but limits them to 8191', () => {
    const body = 'PRIVMSG #parley :' + 'x'.repeat(MAX_BODY_BYTES - 17);
    const tags = '@+x=' + 'a'.repeat(MAX_TAG_BYTES - 5) + ' ';
    expect(Buffer.byteLength(tags)).toBe(MAX_TAG_BYTES);
    const overTags = '@+x=' + 'a'.repeat(MAX_TAG_BYTES - 4) + ' ';
    expect(decode([bytes(`${tags}${body}\r\n${overTags}PING\r\nPING ok\r\n`)])).toEqual([line(tags + body), tooLong, line('PING ok')]);
  });

  it('reports a line with invalid UTF-8 or a NUL byte instead of decoding it', () => {
    expectSameForEverySplit(bytes('PRIVMSG a :', [0xc3, 0x28], '\r\nPRIVMSG a :x', [0], 'y\r\nPING ok\r\n'), [
      { kind: 'error', code: 'invalid-utf8' },
      { kind: 'error', code: 'nul-byte' },
      line('PING ok'),
    ]);
  });

  it('never buffers more than the limits for an endless line', () => {
    const decoder = new IrcDecoder();
    const items: IrcDecodedItem[] = [];
    for (let i = 0; i < 1000; i++) items.push(...decoder.push(Buffer.alloc(64 * 1024, 0x61)));
    expect(items).toEqual([tooLong]);
    expect(decoder.push(bytes('\r\nPING ok\r\n'))).toEqual([line('PING ok')]);
  });
});

describe('IRC message parsing and formatting', () => {
  it('parses tags, source, command, middle and trailing parameters', () => {
    const message = parseMessage('@time=2026-11-24T05:12:00.000Z;+a=b\\sc\\:d :alice!alice@parley privmsg #parley :hello  there ');
    expect(message).toEqual({
      tags: new Map([
        ['time', '2026-11-24T05:12:00.000Z'],
        ['+a', 'b c;d'],
      ]),
      source: 'alice!alice@parley',
      command: 'PRIVMSG',
      params: ['#parley', 'hello  there '],
    });
  });

  it('treats a message of tags only, or spaces only, as no message', () => {
    expect(parseMessage('@a=b;c=d')).toBeUndefined();
    expect(parseMessage('@a=b ')).toBeUndefined();
    expect(parseMessage('   ')).toBeUndefined();
    expect(parseMessage(':source-only')).toBeUndefined();
  });

  it('keeps an empty trailing parameter and collapses repeated spaces between middles', () => {
    expect(parseMessage('USER  a  0 * :')?.params).toEqual(['a', '0', '*', '']);
  });

  it('formats the last parameter as trailing only when it must be', () => {
    expect(formatMessage({ source: 'parley.local', command: '001', params: ['alice', 'Welcome here'] })).toBe(
      ':parley.local 001 alice :Welcome here',
    );
    expect(formatMessage({ command: 'PING', params: ['token'] })).toBe('PING :token');
    expect(formatMessage({ command: 'JOIN', params: ['#parley'], bareLast: true })).toBe('JOIN #parley');
    expect(formatMessage({ command: 'X', params: ['a b'], bareLast: true })).toBe('X :a b');
    expect(formatMessage({ command: 'X', params: [':colon'] })).toBe('X ::colon');
    expect(formatMessage({ tags: new Map([['t', 'a b;c']]), command: 'X', params: [] })).toBe('@t=a\\sb\\:c X');
  });
});

describe('IRC text', () => {
  it('splits at character boundaries, never inside a multibyte character', () => {
    const text = 'é'.repeat(300) + '🎉'.repeat(100);
    const pieces = splitUtf8(text, 101);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(101);
      expect(piece).not.toMatch(/\uFFFD/);
      expect(Buffer.from(piece).toString('utf8')).toBe(piece);
    }
  });

  it('makes every relayed line fit 512 bytes with its prefix and CRLF, in order', () => {
    const text = 'word '.repeat(400) + 'ü'.repeat(500);
    const lines = messageLines('alice!alice@parley', 'PRIVMSG', '#parley', text);
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) {
      expect(line.startsWith(':alice!alice@parley PRIVMSG #parley :')).toBe(true);
      expect(Buffer.byteLength(line + '\r\n')).toBeLessThanOrEqual(512);
    }
    expect(lines.map((line) => line.slice(':alice!alice@parley PRIVMSG #parley :'.length)).join('')).toBe(text);
  });

  it('re-wraps each piece of a long action', () => {
    const lines = messageLines('a!a@parley', 'PRIVMSG', 'bob', 'x'.repeat(1000), true);
    for (const line of lines) {
      expect(line).toMatch(/ :\u0001ACTION x+\u0001$/);
      expect(Buffer.byteLength(line + '\r\n')).toBeLessThanOrEqual(512);
    }
  });

  it('tells ACTION from other CTCP', () => {
    expect(parseCtcp('\u0001ACTION waves\u0001')).toEqual({ kind: 'action', text: 'waves' });
    expect(parseCtcp('\u0001VERSION\u0001')).toEqual({ kind: 'other-ctcp' });
    expect(parseCtcp('plain')).toEqual({ kind: 'text', text: 'plain' });
  });

  it('renders short private lines as renderEvent does, whoever sent the one before', () => {
    const view: { -readonly [K in keyof RenderView]: RenderView[K] } = { serverName: 'parley.local', channel: '#parley', nick: 'bob', joined: true };
    const lines = new ShortPrivateLines(view);
    const events = [
      { type: 'private', from: 'alice', text: 'hi' },
      { type: 'private', from: 'alice', text: 'again\u001b[31m red' },
      { type: 'private', from: 'carol', text: 'waves', action: true },
      { type: 'private', from: 'carol', text: 'psst', notice: true },
      { type: 'private', from: 'alice', text: 'back' },
    ] as const;
    for (const event of events) expect(lines.render(event)).toBe(renderEvent(event, view).join('\r\n') + '\r\n');
    view.nick = 'Bob';
    expect(lines.render(events[4])).toBe(':alice!alice@parley PRIVMSG Bob :back\r\n');
    expect(lines.render({ type: 'private', from: 'alice', text: 'x'.repeat(200) })).toBeUndefined();
  });
});
