import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { isValidUsername, usernameKey } from '../accounts/username';
import { BlocksRepository } from '../chat/blocks.repository';
import { SeedImportsRepository } from '../seed/seed-imports.repository';
import { BlockRecord, ExportRecord, MessageRecord, parseHeader, parseRecord, UserRecord } from './export-format';
import { TransferRepository } from './transfer.repository';

export interface KindReport {
  added: number;
  skipped: { line: number; reason: string }[];
}

export type ImportReport = Record<ExportRecord['type'], KindReport>;

const date = (text: string | null) => (text === null ? null : new Date(text));

/**
 * Reads a `parley export` file back. The whole file is checked before anything changes, so a
 * damaged one imports nothing. Idempotent: existing accounts and blocks are skipped, and each
 * message is fingerprinted (its n-th identical copy has its own), so a second run adds nothing.
 */
@Injectable()
export class DataImporter {
  constructor(
    private readonly accounts: AccountsService,
    private readonly blocks: BlocksRepository,
    private readonly imports: SeedImportsRepository,
    private readonly transfer: TransferRepository,
  ) {}

  async import(file: string): Promise<ImportReport> {
    const records = await readExport(file);
    const report: ImportReport = { user: emptyReport(), block: emptyReport(), message: emptyReport() };
    const seen = new Map<string, number>();
    for (const { line, record } of records) {
      const reason = await this.importOne(record, seen);
      if (reason) report[record.type].skipped.push({ line, reason });
      else report[record.type].added++;
    }
    return report;
  }

  /** undefined when it added the record, or why it skipped it. */
  private importOne(record: ExportRecord, seen: Map<string, number>): Promise<string | undefined> {
    switch (record.type) {
      case 'user':
        return this.importUser(record);
      case 'block':
        return this.importBlock(record);
      case 'message':
        return this.importMessage(record, seen);
    }
  }

  private async importUser(user: UserRecord): Promise<string | undefined> {
    if (!isValidUsername(user.username)) return `"${user.username}" is not a valid username`;
    if (await this.accounts.findUser(user.username)) return `user ${user.username} already exists`;
    await this.transfer.insertUser({
      username: user.username,
      usernameKey: usernameKey(user.username),
      passwordHash: user.passwordHash,
      role: user.role,
      createdAt: new Date(user.createdAt),
      lastLoginAt: date(user.lastLoginAt),
      lastSeenAt: date(user.lastSeenAt),
      failedAttempts: user.failedAttempts,
      failuresSinceLogin: user.failuresSinceLogin,
      lockedUntil: date(user.lockedUntil),
    });
    return undefined;
  }

  private async importBlock(block: BlockRecord): Promise<string | undefined> {
    const [from, to] = await Promise.all([this.accounts.findUser(block.blocker), this.accounts.findUser(block.blocked)]);
    if (!from) return `unknown user ${block.blocker}`;
    if (!to) return `unknown user ${block.blocked}`;
    if (from.id === to.id) return `${block.blocker} cannot block themselves`;
    if (await this.blocks.has(from.id, to.id)) return `${block.blocker} already blocks ${block.blocked}`;
    await this.transfer.insertBlock(from.id, to.id, new Date(block.createdAt));
    return undefined;
  }

  private async importMessage(message: MessageRecord, seen: Map<string, number>): Promise<string | undefined> {
    const recipient = await this.accounts.findUser(message.recipient);
    if (!recipient) return `unknown recipient ${message.recipient}`;
    const identity = [recipient.usernameKey, message.senderKey, message.sender, message.createdAt, message.body].join('\0');
    const occurrence = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, occurrence);
    const fingerprint = createHash('sha256').update(`export\0${identity}\0${occurrence}`).digest('hex');
    if (await this.imports.wasImported(fingerprint)) return 'already imported';
    await this.imports.importMessage(fingerprint, {
      recipientId: recipient.id,
      senderName: message.sender,
      senderKey: message.senderKey,
      body: message.body,
      createdAt: new Date(message.createdAt),
    });
    return undefined;
  }
}

function emptyReport(): KindReport {
  return { added: 0, skipped: [] };
}

async function readExport(file: string): Promise<{ line: number; record: ExportRecord }[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; nothing was imported.`);
  }
  const lines = content.split('\n');
  parseHeader(lines[0], file);
  const records: { line: number; record: ExportRecord }[] = [];
  lines.slice(1).forEach((text, i) => {
    if (text.trim() !== '') records.push({ line: i + 2, record: parseRecord(text, file, i + 2) });
  });
  return records;
}
