import { Inject, Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { usernameKey } from '../accounts/username';
import { GroupCommit } from '../common/group-commit';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { isConstraintViolation } from '../database/storage-failure';
import { NewStoredMessage, StoredMessagesRepository } from './stored-messages.repository';

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

/** One row's fate in a batch: stored, over quota, its recipient gone meanwhile, or failed on its own. */
type RowResult = boolean | 'gone' | { error: unknown };
type BatchResult = StoreOutcome | { status: 'failed'; error: unknown };

/**
 * Group commit for stored messages: the messages of a batch share one recipient lookup, one
 * quota count and one INSERT (one fsync). Batches are serialised, so the quota counts hold,
 * and each sender learns the outcome only after the commit. A row that breaks a constraint
 * (its recipient was deleted after the lookup) fails alone: the batch is retried row by row.
 */
@Injectable()
export class StoredMessageWriter {
  private readonly batches = new GroupCommit<OutgoingStoredMessage, BatchResult>((messages) => this.store(messages));

  constructor(
    private readonly repository: StoredMessagesRepository,
    private readonly accounts: AccountsService,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
  ) {}

  /** Resolves once the message is committed, or with why it was not stored. */
  async write(message: OutgoingStoredMessage): Promise<StoreOutcome> {
    const result = await this.batches.submit(message);
    if (result.status === 'failed') throw result.error;
    return result;
  }

  private async store(messages: OutgoingStoredMessage[]): Promise<BatchResult[]> {
    const users = await this.accounts.findUsers([...new Set(messages.map((message) => message.recipientName))]);
    const recipients = messages.map((message) => users.get(usernameKey(message.recipientName)));
    const rows: NewStoredMessage[] = [];
    const rowOf: number[] = [];
    messages.forEach(({ recipientName, ...message }, i) => {
      const recipient = recipients[i];
      if (!recipient) return;
      rowOf[i] = rows.length;
      rows.push({ recipientId: recipient.id, ...message });
    });
    const stored = await this.insert(rows);
    return recipients.map((recipient, i): BatchResult => {
      if (!recipient) return { status: 'unknown-user' };
      const row = stored[rowOf[i]];
      if (row === 'gone') return { status: 'unknown-user' };
      if (typeof row === 'object') return { status: 'failed', error: row.error };
      return { status: row ? 'stored' : 'mailbox-full', recipient: recipient.username };
    });
  }

  private async insert(rows: NewStoredMessage[]): Promise<RowResult[]> {
    const quota = this.config.stored_messages.quota;
    try {
      return await this.repository.insertWithinQuota(rows, quota);
    } catch (error) {
      if (!isConstraintViolation(error)) throw error;
    }
    const results: RowResult[] = [];
    for (const row of rows) {
      try {
        results.push((await this.repository.insertWithinQuota([row], quota))[0]);
      } catch (error) {
        results.push(isConstraintViolation(error) ? 'gone' : { error });
      }
    }
    return results;
  }
}
