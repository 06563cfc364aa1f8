import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { AccountError, describeAccountError } from '../accounts/account-errors';
import { AccountsService } from '../accounts/accounts.service';
import { isValidUsername, usernameKey } from '../accounts/username';
import { BlocksRepository } from '../chat/blocks.repository';
import { Clock } from '../common/clock';
import { parseBlocks, parseMessages, parseUsers, SeedLine } from './seed-files';
import { SeedImportsRepository } from './seed-imports.repository';

export interface SeedFiles {
  users?: string;
  blocks?: string;
  messages?: string;
}

export interface FileReport {
  file: string;
  added: number;
  skipped: { line: number; reason: string }[];
  /** Entries added as they are, with something the operator should know (a short legacy password). */
  warnings: { line: number; reason: string }[];
}

/** Imports the seed system's files; running it twice changes nothing the second time. */
@Injectable()
export class SeedImporter {
  constructor(
    private readonly accounts: AccountsService,
    private readonly blocks: BlocksRepository,
    private readonly imports: SeedImportsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Reads every file before changing anything, so a missing file imports nothing; then users
   * first, so the blocks and messages in the same run can refer to them.
   */
  async import(files: SeedFiles): Promise<FileReport[]> {
    const [users, blocks, messages] = await Promise.all([files.users, files.blocks, files.messages].map(readSeedFile));
    const reports: FileReport[] = [];
    if (users) reports.push(await this.importFile(users, parseUsers, (user, warn) => this.importUser(user, warn)));
    if (blocks) reports.push(await this.importFile(blocks, parseBlocks, (block) => this.importBlock(block)));
    if (messages) {
      const seen = new Map<string, number>();
      reports.push(await this.importFile(messages, parseMessages, (message) => this.importMessage(message, seen)));
    }
    return reports;
  }

  private async importFile<T>(
    { file, content }: { file: string; content: string },
    parse: (content: string) => SeedLine<T>[],
    importOne: (value: T, warn: (reason: string) => void) => Promise<string | undefined>,
  ): Promise<FileReport> {
    const report: FileReport = { file, added: 0, skipped: [], warnings: [] };
    for (const { line, value, problem } of parse(content)) {
      const warn = (reason: string) => report.warnings.push({ line, reason });
      const reason = value === undefined ? problem : await importOne(value, warn);
      if (reason) report.skipped.push({ line, reason });
      else report.added++;
    }
    return report;
  }

  /** Each returns undefined when it added something, or why it skipped the entry. */
  private async importUser(
    { username, password }: { username: string; password: string },
    warn: (reason: string) => void,
  ): Promise<string | undefined> {
    if (!isValidUsername(username)) return `"${username}" is not a valid username`;
    if (await this.accounts.findUser(username)) return `user ${username} already exists`;
    try {
      // Seed passwords are kept as they are, whatever their length (SPEC §1); short ones are reported.
      await this.accounts.createUser(username, password, 'user', { legacyPassword: true });
      if (this.accounts.isShortPassword(password)) {
        warn(`the password of ${username} is shorter than accounts.min_password_length; imported as it is`);
      }
      return undefined;
    } catch (error) {
      if (error instanceof AccountError) return describeAccountError(error);
      throw error;
    }
  }

  private async importBlock({ blocker, blocked }: { blocker: string; blocked: string }): Promise<string | undefined> {
    const [from, to] = await Promise.all([this.accounts.findUser(blocker), this.accounts.findUser(blocked)]);
    if (!from) return `unknown user ${blocker}`;
    if (!to) return `unknown user ${blocked}`;
    if (from.id === to.id) return `${blocker} cannot block themselves`;
    if (await this.blocks.has(from.id, to.id)) return `${blocker} already blocks ${blocked}`;
    await this.blocks.add(from.id, to.id);
    return undefined;
  }

  private async importMessage(
    message: { recipient: string; sender: string; text: string },
    seen: Map<string, number>,
  ): Promise<string | undefined> {
    const recipient = await this.accounts.findUser(message.recipient);
    if (!recipient) return `unknown recipient ${message.recipient}`;
    if (!isValidUsername(message.sender)) return `"${message.sender}" is not a valid sender name`;
    const sender = await this.accounts.findUser(message.sender);
    const senderName = sender?.username ?? message.sender;

    // Identical lines are distinct messages: the n-th copy has its own fingerprint.
    const identity = [recipient.usernameKey, usernameKey(senderName), message.text].join('\0');
    const occurrence = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, occurrence);
    const fingerprint = createHash('sha256').update(`message\0${identity}\0${occurrence}`).digest('hex');
    if (await this.imports.wasImported(fingerprint)) return 'already imported';

    await this.imports.importMessage(fingerprint, {
      recipientId: recipient.id,
      senderName,
      senderKey: usernameKey(senderName),
      body: message.text,
      createdAt: this.clock.now(),
    });
    return undefined;
  }
}

async function readSeedFile(file: string | undefined): Promise<{ file: string; content: string } | undefined> {
  if (!file) return undefined;
  try {
    return { file, content: await readFile(file, 'utf8') };
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; nothing was imported.`);
  }
}
