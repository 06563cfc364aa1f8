import { parseBlocks, parseMessages, parseUsers } from '../../src/seed/seed-files';

describe('seed files', () => {
  describe('parseUsers', () => {
    it('reads USERNAME PASSWORD, one account a line', () => {
      expect(parseUsers('alice secret\nbob hunter2\n')).toEqual([
        { line: 1, value: { username: 'alice', password: 'secret' } },
        { line: 2, value: { username: 'bob', password: 'hunter2' } },
      ]);
    });

    it('skips blank and # lines, keeping 1-based line numbers of the file', () => {
      const content = ['# accounts', '', 'alice secret', '   ', '\t', '  # indented comment', 'bob pw'].join('\n');
      expect(parseUsers(content)).toEqual([
        { line: 3, value: { username: 'alice', password: 'secret' } },
        { line: 7, value: { username: 'bob', password: 'pw' } },
      ]);
    });

    it('accepts tabs and runs of spaces as separators, and surrounding white space', () => {
      expect(parseUsers('alice\tsecret\nbob     pw\n  carol \t x  \n')).toEqual([
        { line: 1, value: { username: 'alice', password: 'secret' } },
        { line: 2, value: { username: 'bob', password: 'pw' } },
        { line: 3, value: { username: 'carol', password: 'x' } },
      ]);
    });

    it('accepts CRLF line ends', () => {
      expect(parseUsers('alice secret\r\n\r\nbob pw\r\n')).toEqual([
        { line: 1, value: { username: 'alice', password: 'secret' } },
        { line: 3, value: { username: 'bob', password: 'pw' } },
      ]);
    });

    it('keeps a # inside a password', () => {
      expect(parseUsers('alice pa#ss')).toEqual([{ line: 1, value: { username: 'alice', password: 'pa#ss' } }]);
    });

    it('reports a line with only a username as a problem', () => {
      const [entry] = parseUsers('\nalice\n');
      expect(entry.line).toBe(2);
      expect(entry.value).toBeUndefined();
      expect(entry.problem).toEqual(expect.any(String));
    });

    it('reports a line with more than two words as a problem', () => {
      const [entry] = parseUsers('alice secret extra');
      expect(entry).toEqual({ line: 1, problem: expect.any(String) });
    });

    it('keeps going after a malformed line', () => {
      const entries = parseUsers('alice\nbob pw\n');
      expect(entries.map((entry) => [entry.line, entry.problem === undefined])).toEqual([
        [1, false],
        [2, true],
      ]);
      expect(entries[1].value).toEqual({ username: 'bob', password: 'pw' });
    });

    it('returns nothing for an empty file', () => {
      expect(parseUsers('')).toEqual([]);
    });
  });

  describe('parseBlocks', () => {
    it('gives one entry for each user blocked on a line, all with that line number', () => {
      expect(parseBlocks('alice bob carol\ndave eve\n')).toEqual([
        { line: 1, value: { blocker: 'alice', blocked: 'bob' } },
        { line: 1, value: { blocker: 'alice', blocked: 'carol' } },
        { line: 2, value: { blocker: 'dave', blocked: 'eve' } },
      ]);
    });

    it('skips blank and # lines, keeping 1-based line numbers of the file', () => {
      expect(parseBlocks('# who blocks whom\n\nalice bob\n')).toEqual([
        { line: 3, value: { blocker: 'alice', blocked: 'bob' } },
      ]);
    });

    it('accepts tabs and runs of spaces as separators', () => {
      expect(parseBlocks('alice\tbob    carol\t \tdave')).toEqual([
        { line: 1, value: { blocker: 'alice', blocked: 'bob' } },
        { line: 1, value: { blocker: 'alice', blocked: 'carol' } },
        { line: 1, value: { blocker: 'alice', blocked: 'dave' } },
      ]);
    });

    it('reports a line naming no one to block as a problem', () => {
      expect(parseBlocks('\n\n  alice  \n')).toEqual([{ line: 3, problem: expect.any(String) }]);
    });
  });

  describe('parseMessages', () => {
    it('reads RECIPIENT SENDER and keeps the rest of the line as the text', () => {
      expect(parseMessages('bob alice hello there, bob!\n')).toEqual([
        { line: 1, value: { recipient: 'bob', sender: 'alice', text: 'hello there, bob!' } },
      ]);
    });

    it('keeps the spacing inside the text as written', () => {
      expect(parseMessages('bob alice a   b\tc')).toEqual([
        { line: 1, value: { recipient: 'bob', sender: 'alice', text: 'a   b\tc' } },
      ]);
    });

    it('accepts tabs and runs of spaces between recipient, sender and text', () => {
      expect(parseMessages('bob\t\talice     hi')).toEqual([
        { line: 1, value: { recipient: 'bob', sender: 'alice', text: 'hi' } },
      ]);
    });

    it('keeps a # inside the text', () => {
      expect(parseMessages('bob alice see #general')).toEqual([
        { line: 1, value: { recipient: 'bob', sender: 'alice', text: 'see #general' } },
      ]);
    });

    it('skips blank and # lines, keeping 1-based line numbers of the file', () => {
      const content = '# stored messages\n\nbob alice one\n# another comment\ncarol bob two\n';
      expect(parseMessages(content)).toEqual([
        { line: 3, value: { recipient: 'bob', sender: 'alice', text: 'one' } },
        { line: 5, value: { recipient: 'carol', sender: 'bob', text: 'two' } },
      ]);
    });

    it.each([
      ['a recipient only', 'bob'],
      ['no text', 'bob alice'],
      ['only white space after the sender', 'bob alice   \t '],
    ])('reports a line with %s as a problem', (_name, text) => {
      expect(parseMessages(`# header\n${text}\n`)).toEqual([{ line: 2, problem: expect.any(String) }]);
    });

    it('keeps going after a malformed line', () => {
      expect(parseMessages('bob\nbob alice hi\n')).toEqual([
        { line: 1, problem: expect.any(String) },
        { line: 2, value: { recipient: 'bob', sender: 'alice', text: 'hi' } },
      ]);
    });
  });
});
