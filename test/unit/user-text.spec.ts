import { neutralize } from '../../src/gateway/user-text';

describe('neutralize', () => {
  it('removes CR and LF so no one can forge a line from the server', () => {
    expect(neutralize('hi\r\n*** admin has logged in')).toBe('hi*** admin has logged in');
    expect(neutralize('a\rb\nc')).toBe('abc');
  });

  it('removes ESC, so ANSI sequences lose their ESC and cannot drive the terminal', () => {
    expect(neutralize('\u001b[2J\u001b[31mred\u001b[0m')).toBe('[2J[31mred[0m');
    expect(neutralize('\u001b]0;title\u0007text')).toBe(']0;titletext');
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
    ['C1 CSI', '\u009b'],
    ['C1 APC', '\u009f'],
  ])('removes %s', (_name, control) => {
    expect(neutralize(`a${control}b${control}`)).toBe('ab');
  });

  it('removes every C0 control except tab', () => {
    for (let code = 0; code < 0x20; code++) {
      const expected = code === 0x09 ? 'x\ty' : 'xy';
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
