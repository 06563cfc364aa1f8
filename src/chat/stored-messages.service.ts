import { Injectable } from '@nestjs/common';
import { Activity } from '../common/activity';
import { Clock } from '../common/clock';
import { StoredMessageEntity } from '../database/entities';
import { BlockList } from './block-list';
import { ChatError, ChatErrorCode } from './chat-errors';
import { ChatSession } from './chat-session';
import { StoredMessageWriter } from './stored-message-writer';
import { StoredMessagesRepository } from './stored-messages.repository';

export interface StoredMessage {
  from: string;
  text: string;
  storedAt: Date;
}

/**
 * Writes one batch of stored messages to the recipient. Resolves true once they were
 * written to the connection, false if the connection went away first.
 */
export type HandoverWriter = (batch: StoredMessage[], total: number) => Promise<boolean>;

const HANDOVER_BATCH = 500;

/** Private messages kept for offline users, and their handover at login. */
@Injectable()
export class StoredMessagesService {
  constructor(
    private readonly repository: StoredMessagesRepository,
    private readonly writer: StoredMessageWriter,
    private readonly blocks: BlockList,
    private readonly clock: Clock,
    private readonly activity: Activity,
  ) {}

  /**
   * Stores a message for an offline recipient, named as typed; resolves with the recipient's
   * name as created, only once the message is durable.
   */
  async store(sender: ChatSession, recipientName: string, text: string): Promise<string> {
    const outcome = await this.writer.write({
      recipientName,
      senderName: sender.name,
      senderKey: sender.key,
      body: text,
      createdAt: this.clock.now(),
    });
    switch (outcome.status) {
      case 'stored':
        return outcome.recipient;
      case 'mailbox-full':
        throw new ChatError(ChatErrorCode.MailboxFull, outcome.recipient);
      case 'unknown-user':
        throw new ChatError(ChatErrorCode.UnknownUser, recipientName);
    }
  }

  /**
   * Hands a user's stored messages over, oldest first. Each batch is deleted only after it
   * was written to the connection, so a dropped connection leaves the rest stored. Messages
   * from senders the recipient has blocked since are discarded, not delivered.
   */
  async handOver(session: ChatSession, write: HandoverWriter): Promise<void> {
    await this.repository.deleteFromSenders(session.userId, this.blocks.blockedUsersOf(session.key));
    const total = await this.repository.countFor(session.userId);
    if (total === 0) return;

    let lastId = 0;
    while (!session.ended) {
      const batch = await this.repository.pendingFor(session.userId, lastId, HANDOVER_BATCH);
      if (batch.length === 0) return;
      lastId = batch[batch.length - 1].id;
      const deliverable = batch.filter((message) => !this.blocks.has(session.key, message.senderKey));
      if (!(await write(deliverable.map(toStoredMessage), total))) return;
      this.activity.record('delivered-from-store', deliverable.length);
      await this.repository.deleteIds(batch.map((message) => message.id));
    }
  }
}

function toStoredMessage(entity: StoredMessageEntity): StoredMessage {
  return { from: entity.senderName, text: entity.body, storedAt: entity.createdAt };
}
