import { Inject, Injectable } from '@nestjs/common';
import { isValidUsername, usernameKey } from '../accounts/username';
import { GroupCommit } from '../common/group-commit';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
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

/**
 * Group commit for stored messages: the messages of a batch share one recipient lookup, one
 * quota count and one INSERT (one fsync). Batches are serialised, so the quota counts hold,
 * and each sender learns the outcome only after the commit.
 */
@Injectable()
export class StoredMessageWriter {
  private readonly batches = new GroupCommit<OutgoingStoredMessage, StoreOutcome>((messages) => this.store(messages));

  constructor(
    private readonly repository: StoredMessagesRepository,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
  ) {}

  /** Resolves once the message is committed, or with why it was not stored. */
  write(message: OutgoingStoredMessage): Promise<StoreOutcome> {
    return this.batches.submit(message);
  }

  private async store(messages: OutgoingStoredMessage[]): Promise<StoreOutcome[]> {
    const keys = messages.map((message) => (isValidUsername(message.recipientName) ? usernameKey(message.recipientName) : ''));
    const users = await this.repository.recipients([...new Set(keys.filter((key) => key !== ''))]);
    const recipients = keys.map((key) => users.get(key));
    const rows: NewStoredMessage[] = [];
    const rowOf: number[] = [];
    messages.forEach(({ recipientName, ...message }, i) => {
      const recipient = recipients[i];
      if (!recipient) return;
      rowOf[i] = rows.length;
      rows.push({ recipientId: recipient.id, ...message });
    });
    const stored = await this.repository.insertWithinQuota(rows, this.config.stored_messages.quota);
    return recipients.map((recipient, i): StoreOutcome => {
      if (!recipient) return { status: 'unknown-user' };
      return { status: stored[rowOf[i]] ? 'stored' : 'mailbox-full', recipient: recipient.username };
    });
  }
}
