import { Inject, Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { usernameKey } from '../accounts/username';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { NewStoredMessage, StoredMessagesRepository } from './stored-messages.repository';

/** Rows per commit; 5 bound parameters each stays far below SQLite's limit on parameters. */
const MAX_BATCH = 500;

/** A message for a recipient known by name only: the batch looks all its recipients up at once. */
export interface OutgoingStoredMessage {
  recipientName: string;
  senderName: string;
  senderKey: string;
  body: string;
  createdAt: Date;
}

export type StoreOutcome =
  | { status: 'stored'; recipient: string }
  | { status: 'mailbox-full'; recipient: string }
  | { status: 'unknown-user' };

interface Waiting {
  message: OutgoingStoredMessage;
  resolve(outcome: StoreOutcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit for stored messages: messages that arrive while a commit is on the disk wait
 * and go together in the next one, so many senders share one recipient lookup and one fsync.
 * One batch is in flight at a time (every query shares one SQLite connection, and the quota
 * counts must not race), and each caller learns its outcome only after the commit.
 */
@Injectable()
export class StoredMessageWriter {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly repository: StoredMessagesRepository,
    private readonly accounts: AccountsService,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
  ) {}

  /** Resolves once the message is committed, or with why it was not stored. */
  write(message: OutgoingStoredMessage): Promise<StoreOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.writing) void this.writeBatches();
    });
  }

  private async writeBatches(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const outcomes = await this.store(batch.map((waiting) => waiting.message));
        batch.forEach((waiting, i) => waiting.resolve(outcomes[i]));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.writing = false;
  }

  private async store(messages: OutgoingStoredMessage[]): Promise<StoreOutcome[]> {
    const recipients = await this.accounts.findUsers([...new Set(messages.map((message) => message.recipientName))]);
    const rows: NewStoredMessage[] = [];
    const rowOf: number[] = [];
    messages.forEach(({ recipientName, ...message }, i) => {
      const recipient = recipients.get(usernameKey(recipientName));
      if (!recipient) return;
      rowOf[i] = rows.length;
      rows.push({ recipientId: recipient.id, ...message });
    });
    const stored = await this.repository.insertWithinQuota(rows, this.config.stored_messages.quota);
    return messages.map((message, i): StoreOutcome => {
      const recipient = recipients.get(usernameKey(message.recipientName));
      if (!recipient) return { status: 'unknown-user' };
      return { status: stored[rowOf[i]] ? 'stored' : 'mailbox-full', recipient: recipient.username };
    });
  }
}
