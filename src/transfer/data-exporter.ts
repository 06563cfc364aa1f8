import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { EXPORT_FORMAT, EXPORT_VERSION, ExportHeader, ExportRecord } from './export-format';
import { TransferRepository } from './transfer.repository';

export interface ExportCounts {
  users: number;
  blocks: number;
  messages: number;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Writes every account, block and stored message as JSON lines (export-format.ts). */
@Injectable()
export class DataExporter {
  constructor(
    private readonly transfer: TransferRepository,
    private readonly clock: Clock,
  ) {}

  async export(writeLine: (line: string) => Promise<void>): Promise<ExportCounts> {
    const header: ExportHeader = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: this.clock.now().toISOString() };
    await writeLine(JSON.stringify(header));
    const counts: ExportCounts = { users: 0, blocks: 0, messages: 0 };
    const write = async (records: ExportRecord[], kind: keyof ExportCounts) => {
      for (const record of records) await writeLine(JSON.stringify(record));
      counts[kind] += records.length;
    };

    for await (const users of this.transfer.users()) {
      await write(
        users.map((user) => ({
          type: 'user',
          username: user.username,
          passwordHash: user.passwordHash,
          role: user.role,
          createdAt: user.createdAt.toISOString(),
          lastLoginAt: iso(user.lastLoginAt),
          lastSeenAt: iso(user.lastSeenAt),
          failedAttempts: user.failedAttempts,
          failuresSinceLogin: user.failuresSinceLogin,
          lockedUntil: iso(user.lockedUntil),
        })),
        'users',
      );
    }
    for await (const blocks of this.transfer.blocks()) {
      await write(blocks.map((block) => ({ type: 'block', ...block, createdAt: block.createdAt.toISOString() })), 'blocks');
    }
    for await (const messages of this.transfer.messages()) {
      await write(
        messages.map(({ recipient, senderName, senderKey, body, createdAt }) => ({
          type: 'message',
          recipient,
          sender: senderName,
          senderKey,
          body,
          createdAt: createdAt.toISOString(),
        })),
        'messages',
      );
    }
    return counts;
  }
}
