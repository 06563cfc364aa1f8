import { parseCommandLine } from '../../src/gateway/command-line';

describe('parseCommandLine', () => {
  it.each([
    ['an empty line', ''],
    ['a line of one space', ' '],
    ['a line of only spaces', '     '],
  ])('returns undefined for %s', (_name, line) => {
    expect(parseCommandLine(line)).toBeUndefined();
  });

  it('takes the first word as the command and the others as arguments', () => {
    const parsed = parseCommandLine('block bob');
    expect(parsed?.name).toBe('block');
    expect(parsed?.args).toEqual(['bob']);
  });

  it('gives a command without arguments an empty argument list', () => {
    const parsed = parseCommandLine('whoelse');
    expect(parsed?.name).toBe('whoelse');
    expect(parsed?.args).toEqual([]);
  });

  it('lower-cases the command word', () => {
    expect(parseCommandLine('WhoElse')?.name).toBe('whoelse');
    expect(parseCommandLine('BROADCAST hi')?.name).toBe('broadcast');
  });

  it('keeps the case of the arguments', () => {
    expect(parseCommandLine('message Bob Hello')?.args).toEqual(['Bob', 'Hello']);
  });

  it('ignores spaces before the command word', () => {
    const parsed = parseCommandLine('   logout');
    expect(parsed?.name).toBe('logout');
    expect(parsed?.args).toEqual([]);
  });

  it('separates arguments by one or more spaces', () => {
    expect(parseCommandLine('message   bob    hi   there  ')?.args).toEqual(['bob', 'hi', 'there']);
  });

  describe('restAfter', () => {
    it('keeps the message text as typed, inner and trailing spaces included', () => {
      const parsed = parseCommandLine('message bob   hello   world ');
      expect(parsed?.args[0]).toBe('bob');
      expect(parsed?.restAfter(1)).toBe('hello   world ');
    });

    it('gives the text after the command word for restAfter(0)', () => {
      expect(parseCommandLine('broadcast   two  spaces  here')?.restAfter(0)).toBe('two  spaces  here');
    });

    it('keeps tabs in the text, since only spaces separate arguments', () => {
      const parsed = parseCommandLine('broadcast a\tb  c');
      expect(parsed?.args).toEqual(['a\tb', 'c']);
      expect(parsed?.restAfter(0)).toBe('a\tb  c');
    });

    it('returns an empty string when there is nothing after the last argument', () => {
      expect(parseCommandLine('message bob')?.restAfter(1)).toBe('');
      expect(parseCommandLine('message bob   ')?.restAfter(1)).toBe('');
    });

    it('returns an empty string when asked past the end of the arguments', () => {
      const parsed = parseCommandLine('message bob hi');
      expect(parsed?.restAfter(2)).toBe('');
      expect(parsed?.restAfter(3)).toBe('');
      expect(parsed?.restAfter(10)).toBe('');
    });

    it('does not confuse a repeated word with an earlier occurrence of it', () => {
      // The text starts after the second word as typed, not after the first "bob" found in the line.
      expect(parseCommandLine('message bob bob bob')?.restAfter(1)).toBe('bob bob');
    });
  });

  it('parses each line on its own when called repeatedly', () => {
    expect(parseCommandLine('message bob hi')?.args).toEqual(['bob', 'hi']);
    expect(parseCommandLine('block carol')?.args).toEqual(['carol']);
    expect(parseCommandLine('message dave   yo')?.restAfter(1)).toBe('yo');
  });
});
