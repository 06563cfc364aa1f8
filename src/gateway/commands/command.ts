import { ChatSession } from '../../chat/chat-session';
import { CommandLine } from '../command-line';

/** What a command handler can do: reply to its own user, or end the session. */
export interface CommandContext {
  readonly session: ChatSession;
  reply(line: string): void;
  logout(): void;
}

export interface Command {
  /** Syntax shown by help and in "missing argument" errors, e.g. "message USER TEXT". */
  readonly usage: string;
  readonly summary: string;
  /** Words required after the command (a trailing TEXT counts as one). */
  readonly minArgs: number;
  /** Later commands may start before this one has answered (see CommandPipeline). */
  readonly pipelined?: boolean;
  run(context: CommandContext, line: CommandLine): void | Promise<void>;
}

export type CommandTable = Record<string, Command>;
