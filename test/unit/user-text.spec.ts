import { neutralize } from '../../src/gateway/user-text';

describe('neutralize', () => {
  it('removes CR and LF so no one can forge a line from the server', () => {
    expect(neutralize('hi\r\n*** admin has logged in')).toBe('hi*** admin has logged in');
    expect(neutralize('a\rb\nc')).toBe('abc');
  });

  it('removes whole ANSI sequences, not just their ESC', () => {
    expect(neutralize('\u001b[2J\u001b[31mred\u001b[0m')).toBe('red');
    expect(neutralize('a\u001b[1;31;4mb\u001b[?25lc\u001b[38;5;196md')).toBe('abcd');
    expect(neutralize('\u009b2Jcleared')).toBe('cleared');
  });

  it('removes OSC strings ended by BEL or by ST, and an unfinished one to the end', () => {
    expect(neutralize('\u001b]0;fake title\u0007text')).toBe('text');
    expect(neutralize('\u001b]8;;http://evil.example\u001b\\link\u001b]8;;\u001b\\')).toBe('link');
    expect(neutralize('before\u001b]0;never ended')).toBe('before');
    expect(neutralize('\u009d0;c1 osc\u009cafter')).toBe('after');
  });

  it('removes DCS strings and two-byte ESC sequences', () => {
    expect(neutralize('a\u001bPq#0;2;0;0;0\u001b\\b')).toBe('ab');
    expect(neutralize('a\u001bcb\u001b7c\u001b(Bd')).toBe('abcd');
  });

  it('removes a lone ESC at the end', () => {
    expect(neutralize('text\u001b')).toBe('text');
  });

  it('removes Unicode line separators and bidirectional overrides', () => {
    expect(neutralize('a\u2028b\u2029c')).toBe('abc');
    expect(neutralize('evil\u202egnp.exe')).toBe('evilgnp.exe');
    expect(neutralize('x\u2066y\u2069')).toBe('xy');
  });

  it.each([
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['backspace', '\u0008'],
    ['vertical tab', '\u000b'],
    ['form feed', '\u000c'],
    ['unit separator', '\u001f'],
    ['DEL', '\u007f'],
    ['C1 padding character', '\u0080'],
    ['C1 NEL', '\u0085'],
  ])('removes %s', (_name, control) => {
    expect(neutralize(`a${control}b${control}`)).toBe('ab');
  });

  it('removes every C0 control except tab', () => {
    for (let code = 0; code < 0x20; code++) {
      // ESC y is itself a (two-byte) escape sequence, so the y goes with it.
      const expected = code === 0x09 ? 'x\ty' : code === 0x1b ? 'x' : 'xy';
      expect({ code, result: neutralize(`x${String.fromCharCode(code)}y`) }).toEqual({ code, result: expected });
    }
  });

  it('keeps tabs', () => {
    expect(neutralize('col1\tcol2')).toBe('col1\tcol2');
  });

  it('keeps ordinary text and Unicode unchanged', () => {
    const text = 'Hello, wörld! ¡Hola! 日本語 😀 ~ \u00a0 \u00ff';
    expect(neutralize(text)).toBe(text);
  });

  it('returns an empty string for an empty string', () => {
    expect(neutralize('')).toBe('');
  });

  it('gives the same answer on repeated calls despite its global pattern', () => {
    for (let i = 0; i < 3; i++) {
      expect(neutralize('bad\nline')).toBe('badline');
      expect(neutralize('x\u001b')).toBe('x');
      expect(neutralize('clean')).toBe('clean');
    }
  });

  it('finds a control character after a call that matched late in a longer string', () => {
    // A stale lastIndex from the first call would make the second search start past the control.
    expect(neutralize(`${'a'.repeat(20)}\n`)).toBe('a'.repeat(20));
    expect(neutralize('\nb')).toBe('b');
  });
});
