/** A command line split into its command word and arguments, keeping the raw text. */
export interface CommandLine {
  /** The command word, lower-cased. */
  readonly name: string;
  readonly args: readonly string[];
  /** The text after the first `count` arguments, as typed (inner spacing kept). */
  restAfter(count: number): string;
}

const WORD = /[^ ]+/g;

/** Parses one line; returns undefined for a line with nothing but spaces. */
export function parseCommandLine(line: string): CommandLine | undefined {
  const words: { text: string; end: number }[] = [];
  for (const match of line.matchAll(WORD)) words.push({ text: match[0], end: match.index + match[0].length });
  if (words.length === 0) return undefined;
  const [command, ...args] = words;
  return {
    name: command.text.toLowerCase(),
    args: args.map((word) => word.text),
    restAfter(count: number): string {
      const end = count === 0 ? command.end : (args[count - 1]?.end ?? line.length);
      return line.slice(end).replace(/^ +/, '');
    },
  };
}
