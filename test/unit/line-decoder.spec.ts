import { DecodedItem, LineDecoder } from '../../src/gateway/line-decoder';
import { DO, DONT, IAC, SB, SE, WILL, WONT } from '../../src/gateway/telnet';

const NOP = 0xf1;
const AYT = 0xf6;
const OPTION_ECHO = 0x01;
const OPTION_NAWS = 0x1f;
const OPTION_TERMINAL_TYPE = 0x18;

const bytes = (...parts: (string | number[] | Uint8Array)[]): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

/** Feeds every chunk to one fresh decoder and returns all items, in order. */
function decode(chunks: Uint8Array[], maxLineBytes = 4096): DecodedItem[] {
  const decoder = new LineDecoder(maxLineBytes);
  return chunks.flatMap((chunk) => decoder.push(chunk));
}

const line = (text: string): DecodedItem => ({ kind: 'line', text });
const telnet = (command: number, option: number): DecodedItem => ({ kind: 'telnet', command, option });
const tooLong: DecodedItem = { kind: 'error', code: 'line-too-long' };
const invalidUtf8: DecodedItem = { kind: 'error', code: 'invalid-utf8' };

/** Every way of cutting `input` into two chunks, and one chunk per byte. */
function splits(input: Buffer): { label: string; chunks: Buffer[] }[] {
  const result: { label: string; chunks: Buffer[] }[] = [];
  for (let at = 0; at <= input.length; at++) {
    result.push({ label: `split at byte ${at}`, chunks: [input.subarray(0, at), input.subarray(at)] });
  }
  result.push({ label: 'one byte per chunk', chunks: [...input].map((byte) => Buffer.from([byte])) });
  return result;
}

/** Asserts that however `input` is cut into chunks, the decoder yields `expected`. */
function expectSameForEverySplit(input: Buffer, expected: DecodedItem[], maxLineBytes = 4096): void {
  for (const { label, chunks } of splits(input)) {
    expect({ label, items: decode(chunks, maxLineBytes) }).toEqual({ label, items: expected });
  }
}

describe('LineDecoder', () => {
  describe('framing', () => {
    it('returns every line of a chunk that holds several', () => {
      expect(decode([bytes('alice\r\nsecret\r\nwhoelse\r\n')])).toEqual([
        line('alice'),
        line('secret'),
        line('whoelse'),
      ]);
    });

    it('joins a line split across chunks', () => {
      expect(decode([bytes('broad'), bytes('cast hel'), bytes('lo\r\n')])).toEqual([line('broadcast hello')]);
    });

    it('holds back a line until its line end arrives', () => {
      const decoder = new LineDecoder(4096);
      expect(decoder.push(bytes('no line end yet'))).toEqual([]);
      expect(decoder.push(bytes('\n'))).toEqual([line('no line end yet')]);
    });

    it('keeps the lines of decoders used in turn apart (they share one line buffer)', () => {
      const long = 'x'.repeat(300);
      const first = new LineDecoder(4096);
      const second = new LineDecoder(4096);
      expect(first.push(bytes('from the first, ', long))).toEqual([]);
      expect(second.push(bytes('from the second'))).toEqual([]);
      expect(second.push(bytes(' decoder\r\nand a new'))).toEqual([line('from the second decoder')]);
      expect(first.push(bytes(' decoder\r\n'))).toEqual([line(`from the first, ${long} decoder`)]);
      expect(second.push(bytes(' line\n'))).toEqual([line('and a new line')]);
    });

    it('yields the same lines however the input is cut into chunks', () => {
      expectSameForEverySplit(bytes('one\r\ntwo\nthree\r\n'), [line('one'), line('two'), line('three')]);
    });

    it('returns nothing for an empty chunk', () => {
      expect(decode([bytes('')])).toEqual([]);
    });
  });

  describe('line ends', () => {
    it.each([
      ['LF', '\n'],
      ['CRLF', '\r\n'],
      ['CR NUL', '\r\0'],
      ['lone CR', '\r'],
    ])('ends a line at %s', (_name, end) => {
      expect(decode([bytes(`first${end}second${end}`)])).toEqual([line('first'), line('second')]);
    });

    it('treats CR at the end of one chunk and LF at the start of the next as one line end', () => {
      expect(decode([bytes('hello\r'), bytes('\nworld\r\n')])).toEqual([line('hello'), line('world')]);
    });

    it('treats CR at the end of one chunk and NUL at the start of the next as one line end', () => {
      expect(decode([bytes('hello\r'), bytes('\0world\n')])).toEqual([line('hello'), line('world')]);
    });

    it('keeps the character after a lone CR as the start of the next line', () => {
      expect(decode([bytes('hello\r'), bytes('world\r\n')])).toEqual([line('hello'), line('world')]);
    });

    it('gives an empty line for each empty line sent', () => {
      expect(decode([bytes('\r\n\n\r\r\0a\r\n')])).toEqual([line(''), line(''), line(''), line(''), line('a')]);
    });

    it('gives two empty lines for CR CR LF, not three', () => {
      // CR ends a line, the second CR ends an empty one, and the LF belongs to it.
      expect(decode([bytes('x\r\r\n')])).toEqual([line('x'), line('')]);
    });

    it('gives an empty line for LF LF after CRLF', () => {
      expect(decode([bytes('x\r\n\n')])).toEqual([line('x'), line('')]);
    });

    it('yields one line end for CRLF however it is split', () => {
      expectSameForEverySplit(bytes('a\r\nb\r\0c\rd\n'), [line('a'), line('b'), line('c'), line('d')]);
    });

    it('keeps spaces and tabs inside a line', () => {
      expect(decode([bytes('  message bob \t hi  \r\n')])).toEqual([line('  message bob \t hi  ')]);
    });
  });

  describe('UTF-8', () => {
    it('decodes multibyte characters', () => {
      expect(decode([bytes('café ☕ 𝄞 日本語\r\n')])).toEqual([line('café ☕ 𝄞 日本語')]);
    });

    it('joins a multibyte character split across two chunks', () => {
      const euro = Buffer.from('€', 'utf8'); // e2 82 ac
      expect(decode([bytes('price 5'), euro.subarray(0, 1), Buffer.concat([euro.subarray(1), bytes('\n')])])).toEqual([
        line('price 5€'),
      ]);
    });

    it.each([
      ['a 2-byte character', 'é'],
      ['a 3-byte character', '€'],
      ['a 4-byte character', '𝄞'],
      ['an emoji sequence', '👩‍💻'],
    ])('decodes %s split at every possible byte', (_name, character) => {
      expectSameForEverySplit(bytes(`<${character}>\r\n`), [line(`<${character}>`)]);
    });

    it.each([
      ['a lone continuation byte', [0x80]],
      ['a truncated 2-byte sequence', [0xc3]],
      ['a lead byte followed by ASCII', [0xc3, 0x28]],
      ['an overlong encoding of "/"', [0xc0, 0xaf]],
      ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80]],
      ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
      ['a latin1 byte', [0xe9]],
    ])('reports invalid UTF-8 for %s and drops the line', (_name, invalid) => {
      expect(decode([bytes('abc', invalid, 'def\r\n')])).toEqual([invalidUtf8]);
    });

    it('decodes the line after an invalid one normally', () => {
      expect(decode([bytes('bad ', [0xc3, 0x28], '\r\n'), bytes('good é\r\n')])).toEqual([
        invalidUtf8,
        line('good é'),
      ]);
    });

    it('keeps decoding after a line that ended in the middle of a character', () => {
      expect(decode([bytes('cut ', [0xe2, 0x82], '\n', 'next €\n')])).toEqual([invalidUtf8, line('next €')]);
    });
  });

  describe('telnet commands', () => {
    it.each([
      ['WILL', WILL],
      ['WONT', WONT],
      ['DO', DO],
      ['DONT', DONT],
    ])('reports IAC %s with its option and keeps it out of the text', (_name, command) => {
      expect(decode([bytes('ab', [IAC, command, OPTION_ECHO], 'cd\r\n')])).toEqual([
        telnet(command, OPTION_ECHO),
        line('abcd'),
      ]);
    });

    it('keeps CR, a telnet command, LF one line end (found by the property tests)', () => {
      expectSameForEverySplit(bytes('a\r', [IAC, WILL, OPTION_ECHO], '\nb\r', [IAC, 0xf1], '\n'), [
        line('a'),
        telnet(WILL, OPTION_ECHO),
        line('b'),
      ]);
    });

    it('reports negotiations in the order they arrive, before the line they interrupt', () => {
      expect(decode([bytes([IAC, DO, OPTION_ECHO], 'x', [IAC, WONT, OPTION_NAWS], '\n')])).toEqual([
        telnet(DO, OPTION_ECHO),
        telnet(WONT, OPTION_NAWS),
        line('x'),
      ]);
    });

    it('consumes a subnegotiation entirely', () => {
      const naws = [IAC, SB, OPTION_NAWS, 0x00, 0x50, 0x00, 0x18, IAC, SE];
      expect(decode([bytes('hel', naws, 'lo\r\n')])).toEqual([line('hello')]);
    });

    it('does not end a line at CR or LF bytes inside a subnegotiation', () => {
      const subnegotiation = [IAC, SB, OPTION_TERMINAL_TYPE, 0x00, 0x0d, 0x0a, 0x41, IAC, SE];
      expect(decode([bytes('a', subnegotiation, 'b\n')])).toEqual([line('ab')]);
    });

    it('treats IAC IAC inside a subnegotiation as data, not as its end', () => {
      const subnegotiation = [IAC, SB, OPTION_TERMINAL_TYPE, IAC, IAC, SE, 0x41, IAC, SE];
      expect(decode([bytes('a', subnegotiation, 'b\n')])).toEqual([line('ab')]);
    });

    it.each([
      ['NOP', NOP],
      ['AYT', AYT],
    ])('consumes IAC %s', (_name, command) => {
      expect(decode([bytes('a', [IAC, command], 'b\r\n')])).toEqual([line('ab')]);
    });

    it('treats IAC IAC in a line as a 0xFF data byte, which makes the line invalid UTF-8', () => {
      expectSameForEverySplit(bytes('a', [IAC, IAC], 'b\r\nok\r\n'), [invalidUtf8, line('ok')]);
    });

    it('does not treat the option byte of a negotiation as a line end', () => {
      // Option 10 is the LF byte and option 13 the CR byte.
      expect(decode([bytes('a', [IAC, DO, 0x0a], 'b', [IAC, WILL, 0x0d], 'c\n')])).toEqual([
        telnet(DO, 0x0a),
        telnet(WILL, 0x0d),
        line('abc'),
      ]);
    });

    it('reports a negotiation that arrives between a CR and its LF without adding a line', () => {
      expect(decode([bytes('a\r', [IAC, WONT, OPTION_ECHO], 'b\n')])).toEqual([
        line('a'),
        telnet(WONT, OPTION_ECHO),
        line('b'),
      ]);
    });

    it('decodes negotiation, subnegotiation and NOP split across chunks at every byte', () => {
      const input = bytes(
        [IAC, WILL, OPTION_TERMINAL_TYPE],
        'us',
        [IAC, SB, OPTION_NAWS, 0x00, 0x50, IAC, IAC, 0x18, IAC, SE],
        'er',
        [IAC, NOP],
        '\r\n',
        [IAC, DONT, OPTION_ECHO],
        'pass\r\n',
      );
      expectSameForEverySplit(input, [telnet(WILL, OPTION_TERMINAL_TYPE), line('user'), telnet(DONT, OPTION_ECHO), line('pass')]);
    });

    it('keeps the line intact when a multibyte character is interrupted by a telnet command', () => {
      const snowman = Buffer.from('☃', 'utf8');
      const input = bytes(snowman.subarray(0, 1), [IAC, DO, OPTION_ECHO], snowman.subarray(1), '\n');
      expectSameForEverySplit(input, [telnet(DO, OPTION_ECHO), line('☃')]);
    });
  });

  describe('line length limit', () => {
    it('accepts a line of exactly the limit', () => {
      const text = 'x'.repeat(64);
      expect(decode([bytes(`${text}\n`)], 64)).toEqual([line(text)]);
    });

    it('counts the limit in bytes, not characters', () => {
      // 32 two-byte characters are exactly 64 bytes; one more byte is over.
      expect(decode([bytes(`${'é'.repeat(32)}\n`)], 64)).toEqual([line('é'.repeat(32))]);
      expect(decode([bytes(`${'é'.repeat(32)}x\n`)], 64)).toEqual([tooLong]);
    });

    it('rejects a line one byte over the limit with one error and no line', () => {
      expect(decode([bytes(`${'x'.repeat(65)}\n`)], 64)).toEqual([tooLong]);
    });

    it('does not count the line end against the limit', () => {
      const text = 'y'.repeat(64);
      expect(decode([bytes(`${text}\r\n`)], 64)).toEqual([line(text)]);
    });

    it('does not count telnet commands against the limit', () => {
      const text = 'z'.repeat(64);
      expect(decode([bytes(text.slice(0, 32), [IAC, SB, OPTION_NAWS, 0, 80, 0, 24, IAC, SE], text.slice(32), '\n')], 64)).toEqual([
        line(text),
      ]);
    });

    it('reports a 1 MB line without a line end once, fed in 64 KB chunks, and decodes the next line', () => {
      const decoder = new LineDecoder(4096);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const items: DecodedItem[] = [];
      for (let sent = 0; sent < 1024 * 1024; sent += chunk.length) items.push(...decoder.push(chunk));
      expect(items).toEqual([tooLong]);

      expect(decoder.push(bytes('still more of the long line\r\nwhoelse\r\n'))).toEqual([line('whoelse')]);
    });

    it('reports the error as soon as the limit is passed, before the line ends', () => {
      const decoder = new LineDecoder(64);
      expect(decoder.push(bytes('x'.repeat(64)))).toEqual([]);
      expect(decoder.push(bytes('x'))).toEqual([tooLong]);
      expect(decoder.push(bytes('x'.repeat(1000)))).toEqual([]);
      expect(decoder.push(bytes('\n'))).toEqual([]);
    });

    it('reports each over-long line separately', () => {
      const long = 'q'.repeat(100);
      expect(decode([bytes(`${long}\n${long}\nok\n`)], 64)).toEqual([tooLong, tooLong, line('ok')]);
    });

    it('still consumes telnet commands and reports negotiations inside an over-long line', () => {
      const long = 'q'.repeat(100);
      expect(decode([bytes(long, [IAC, DO, OPTION_ECHO], long, '\nok\n')], 64)).toEqual([
        tooLong,
        telnet(DO, OPTION_ECHO),
        line('ok'),
      ]);
    });

    it('ends an over-long line at CRLF without leaving an empty line behind', () => {
      expect(decode([bytes(`${'q'.repeat(100)}\r`), bytes('\nnext\r\n')], 64)).toEqual([tooLong, line('next')]);
    });

    it('accepts lines longer than the initial buffer when the limit allows them', () => {
      const text = 'w'.repeat(10_000);
      expect(decode([bytes(text.slice(0, 3000)), bytes(text.slice(3000)), bytes('\n')], 10_000)).toEqual([line(text)]);
    });

    it('yields the same result for an over-long line however it is split', () => {
      expectSameForEverySplit(bytes(`${'m'.repeat(70)}\r\nok\r\n`), [tooLong, line('ok')], 64);
    });
  });
});
