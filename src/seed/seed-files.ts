/** Parsers for the seed system's text files; pure, so each rule is tested on strings. */

export interface SeedLine<T> {
  /** 1-based line number in its file, for the import report. */
  line: number;
  value?: T;
  /** Why the line cannot be used at all. */
  problem?: string;
}

export interface SeedUser {
  username: string;
  password: string;
}

export interface SeedBlock {
  blocker: string;
  blocked: string;
}

export interface SeedMessage {
  recipient: string;
  sender: string;
  text: string;
}

/** `USERNAME PASSWORD`, separated by white space. */
export function parseUsers(content: string): SeedLine<SeedUser>[] {
  return meaningfulLines(content).map(({ line, text }) => {
    const [username, password, ...extra] = text.split(/\s+/);
    if (password === undefined) return { line, problem: 'expected USERNAME PASSWORD' };
    if (extra.length > 0) return { line, problem: 'expected USERNAME PASSWORD, found more words' };
    return { line, value: { username, password } };
  });
}

/** `USERNAME BLOCKED1 [BLOCKED2 ...]`: one entry for each blocked user. */
export function parseBlocks(content: string): SeedLine<SeedBlock>[] {
  return meaningfulLines(content).flatMap(({ line, text }): SeedLine<SeedBlock>[] => {
    const [blocker, ...blocked] = text.split(/\s+/);
    if (blocked.length === 0) return [{ line, problem: 'expected USERNAME BLOCKED1 [BLOCKED2 ...]' }];
    return blocked.map((name) => ({ line, value: { blocker, blocked: name } }));
  });
}

/** `RECIPIENT SENDER TEXT...`: the text is the rest of the line, as written. */
export function parseMessages(content: string): SeedLine<SeedMessage>[] {
  return meaningfulLines(content).map(({ line, text }) => {
    const match = /^(\S+)\s+(\S+)\s+(.*)$/.exec(text);
    if (!match || match[3].trim() === '') return { line, problem: 'expected RECIPIENT SENDER TEXT' };
    return { line, value: { recipient: match[1], sender: match[2], text: match[3] } };
  });
}

/** Non-blank lines that are not comments, trimmed, with their line numbers. */
function meaningfulLines(content: string): { line: number; text: string }[] {
  return content
    .split(/\r?\n/)
    .map((raw, index) => ({ line: index + 1, text: raw.trim() }))
    .filter(({ text }) => text !== '' && !text.startsWith('#'));
}
