import { Injectable, Logger } from '@nestjs/common';
import { sessionFields } from '../../chat/session-log-fields';
import { AccountError } from '../../accounts/account-errors';
import { BlockingService } from '../../chat/blocking.service';
import { ChatError } from '../../chat/chat-errors';
import { DirectoryService } from '../../chat/directory.service';
import { MessagingService } from '../../chat/messaging.service';
import { describeStorageFailure } from '../../database/storage-failure';
import { CommandLine, parseCommandLine } from '../command-line';
import { errorLine } from '../replies';
import { neutralize } from '../user-text';
import { blockingCommands } from './blocking.commands';
import { Command, CommandContext, CommandTable } from './command';
import { messagingCommands } from './messaging.commands';
import { presenceCommands } from './presence.commands';

export interface PreparedCommand {
  readonly pipelined: boolean;
  run(context: CommandContext): Promise<void>;
}

/** The line protocol's command table, and the one place that checks a line before a handler runs. */
@Injectable()
export class CommandDispatcher {
  private readonly logger = new Logger('Commands');
  private readonly commands: CommandTable;

  constructor(messaging: MessagingService, blocking: BlockingService, directory: DirectoryService) {
    this.commands = {
      ...messagingCommands(messaging),
      ...blockingCommands(blocking),
      ...presenceCommands(directory),
      help: this.helpCommand(),
    };
  }

  /** Runs one line typed by a logged-in user. Blank lines are ignored. */
  dispatch(context: CommandContext, text: string): Promise<void> {
    return this.prepare(text).run(context);
  }

  /** One line, parsed: whether later lines may start before it answers, and how to run it. */
  prepare(text: string): PreparedCommand {
    const line = parseCommandLine(text);
    const command = line && Object.hasOwn(this.commands, line.name) ? this.commands[line.name] : undefined;
    return {
      pipelined: command?.pipelined === true && line!.args.length >= command.minArgs,
      run: (context) => this.run(context, line, command),
    };
  }

  private async run(context: CommandContext, line: CommandLine | undefined, command: Command | undefined): Promise<void> {
    if (!line) return;
    if (!command) {
      const name = neutralize(line.name).slice(0, 32);
      context.reply(`Error: unknown command "${name}". Type help for the list of commands.`);
      return;
    }
    if (line.args.length < command.minArgs) {
      context.reply(`Error: missing argument. Usage: ${command.usage}`);
      return;
    }
    try {
      await command.run(context, line);
    } catch (error) {
      if (error instanceof ChatError || error instanceof AccountError) {
        context.reply(errorLine(error));
      } else {
        const message = `${line.name} by ${context.session.name} failed: ${(error as Error).message}`;
        this.logger.error({ message, ...sessionFields(context.session) });
        const storage = describeStorageFailure(error);
        context.reply(
          storage
            ? `Error: ${line.name} failed because ${storage}; nothing was saved. Please try again later.`
            : 'Error: the server could not complete that command; please try again.',
        );
      }
    }
  }

  // help
  private helpCommand(): Command {
    return {
      usage: 'help',
      summary: 'show this list',
      minArgs: 0,
      run: ({ reply }) => {
        reply('Commands:');
        const width = Math.max(...Object.values(this.commands).map((command) => command.usage.length));
        for (const command of Object.values(this.commands)) reply(`  ${command.usage.padEnd(width)}  ${command.summary}`);
      },
    };
  }
}
