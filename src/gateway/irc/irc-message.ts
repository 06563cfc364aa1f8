/** One IRC message (Modern IRC "Message format"; IRCv3 message-tags). */
export interface IrcMessage {
  readonly tags: ReadonlyMap<string, string>;
  /** The source (`nick!user@host` or a server name), without the leading `:`. */
  readonly source?: string;
  /** Upper-cased command, or a three-digit numeric. */
  readonly command: string;
  readonly params: readonly string[];
}

const TAG_ESCAPES: Record<string, string> = { ':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n' };
const NO_TAGS: ReadonlyMap<string, string> = new Map();
const SPACE = 0x20;

/** Parses one line (without its CRLF). Returns undefined for a line with no command (blank, or tags only). */
export function parseMessage(line: string): IrcMessage | undefined {
  let at = 0;
  let tags = NO_TAGS;
  if (line.startsWith('@')) {
    const space = line.indexOf(' ');
    if (space < 0) return undefined;
    tags = parseTags(line.slice(1, space));
    at = space + 1;
  }
  at = skipSpaces(line, at);
  let source: string | undefined;
  if (line.startsWith(':', at)) {
    const space = line.indexOf(' ', at);
    if (space < 0) return undefined;
    source = line.slice(at + 1, space);
    at = skipSpaces(line, space + 1);
  }
  const params: string[] = [];
  let command: string | undefined;
  while (at < line.length) {
    if (command !== undefined && line.startsWith(':', at)) {
      params.push(line.slice(at + 1));
      break;
    }
    const space = line.indexOf(' ', at);
    const word = space < 0 ? line.slice(at) : line.slice(at, space);
    at = space < 0 ? line.length : skipSpaces(line, space + 1);
    if (command === undefined) command = upperCased(word);
    else params.push(word);
  }
  if (command === undefined || command === '') return undefined;
  return { tags, source, command, params };
}

/** `word` in upper case; commands usually arrive so, and toUpperCase is a call into the runtime. */
function upperCased(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if ((code >= 0x61 && code <= 0x7a) || code >= 0x80) return word.toUpperCase();
  }
  return word;
}

function skipSpaces(line: string, at: number): number {
  while (line.charCodeAt(at) === SPACE) at++;
  return at;
}

function parseTags(text: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const item of text.split(';')) {
    if (item === '') continue;
    const equals = item.indexOf('=');
    const key = equals < 0 ? item : item.slice(0, equals);
    const raw = equals < 0 ? '' : item.slice(equals + 1);
    tags.set(key, raw.replace(/\\(.?)/g, (_, next: string) => TAG_ESCAPES[next] ?? next));
  }
  return tags;
}

/**
 * Formats a message. Every parameter but the last must be a non-empty word without spaces
 * and not starting with `:`. The last one is a trailing parameter (`:text`) unless `bareLast`
 * is set and it does not need to be (`JOIN #parley`, `221 alice +`).
 */
export function formatMessage(message: {
  tags?: ReadonlyMap<string, string>;
  source?: string;
  command: string;
  params?: readonly string[];
  bareLast?: boolean;
}): string {
  let line = '';
  if (message.tags && message.tags.size > 0) line += `@${formatTags(message.tags)} `;
  if (message.source) line += `:${message.source} `;
  line += message.command;
  const params = message.params ?? [];
  params.forEach((param, i) => {
    const last = i === params.length - 1;
    const trailing = last && (!message.bareLast || param === '' || param.includes(' ') || param.startsWith(':'));
    line += trailing ? ` :${param}` : ` ${param}`;
  });
  return line;
}

function formatTags(tags: ReadonlyMap<string, string>): string {
  return [...tags]
    .map(([key, value]) => (value === '' ? key : `${key}=${value.replace(/[;\s\\]/g, escapeTagChar)}`))
    .join(';');
}

function escapeTagChar(char: string): string {
  switch (char) {
    case ';':
      return '\\:';
    case ' ':
      return '\\s';
    case '\\':
      return '\\\\';
    case '\r':
      return '\\r';
    case '\n':
      return '\\n';
    default:
      return '';
  }
}
