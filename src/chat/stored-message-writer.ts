import { Inject, Injectable } from '@nestjs/common';
import { isValidUsername, usernameKey } from '../accounts/username';
import { GroupCommit } from '../common/group-commit';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { isConstraintViolation } from '../database/storage-failure';
import { StoredMessagesRepository } from './stored-messages.repository';

/** A message for a recipient known by name only: the batch looks all its recipients up at once. */
export interface OutgoingStoredMessage {
  recipientName: string;
  senderName: string;
  senderKey: string;
  body: string;
  createdAt: Date;
  /** Cluster mode: the id it was first sent to another node with. */
  messageId?: string;
}

export type StoreOutcome =
  | { status: 'stored'; recipient: string }
  | { status: 'mailbox-full'; recipient: string }
  | { status: 'unknown-user' };

type BatchResult = StoreOutcome | { status: 'failed'; error: unknown };

/**
 * Group commit for stored messages: the messages of a batch share one statement (recipient
 * lookup, quota count and INSERT) and one fsync. Batches are serialised, so the quota counts
 * hold, and each sender learns the outcome only after the commit. A recipient deleted
 * meanwhile matches no account and fails nothing else; a row that breaks a constraint
 * anyway fails alone: the batch is retried message by message.
 */
@Injectable()
export class StoredMessageWriter {
  private readonly batches = new GroupCommit<OutgoingStoredMessage, BatchResult>((messages) => this.store(messages));

  constructor(
    private readonly repository: StoredMessagesRepository,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
  ) {}

  /** Resolves once the message is committed, or with why it was not stored. */
  async write(message: OutgoingStoredMessage): Promise<StoreOutcome> {
    const result = await this.batches.submit(message);
    if (result.status === 'failed') throw result.error;
    return result;
  }

  private async store(messages: OutgoingStoredMessage[]): Promise<BatchResult[]> {
    try {
      return await this.storeTogether(messages);
    } catch (error) {
      if (!isConstraintViolation(error)) throw error;
    }
    const results: BatchResult[] = [];
    for (const message of messages) {
      try {
        results.push(...(await this.storeTogether([message])));
      } catch (error) {
        results.push({ status: 'failed', error });
      }
    }
    return results;
  }

  private async storeTogether(messages: OutgoingStoredMessage[]): Promise<StoreOutcome[]> {
    const keys = messages.map(({ recipientName }) => (isValidUsername(recipientName) ? usernameKey(recipientName) : ''));
    const addressed = messages.flatMap(({ recipientName, ...message }, i) =>
      keys[i] === '' ? [] : [{ recipientKey: keys[i], ...message }],
    );
    const stored = await this.repository.insertAddressed(addressed, this.config.stored_messages.quota);
    // A recipient with nothing stored has a full mailbox, or no account (any more).
    const unstored = [...new Set(keys.filter((key) => key !== '' && !stored.has(key)))];
    const accounts = await this.repository.recipients(unstored);
    const ranks = new Map<string, number>();
    return keys.map((key): StoreOutcome => {
      const rank = (ranks.get(key) ?? 0) + 1;
      ranks.set(key, rank);
      const done = stored.get(key);
      if (done) return { status: rank <= done.stored ? 'stored' : 'mailbox-full', recipient: done.username };
      const account = accounts.get(key);
      return account ? { status: 'mailbox-full', recipient: account.username } : { status: 'unknown-user' };
    });
  }
}
