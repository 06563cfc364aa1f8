import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { StoredMessageEntity } from '../database/entities';

export interface NewStoredMessage {
  recipientId: number;
  senderName: string;
  senderKey: string;
  body: string;
  createdAt: Date;
}

@Injectable()
export class StoredMessagesRepository {
  constructor(@InjectRepository(StoredMessageEntity) private readonly messages: Repository<StoredMessageEntity>) {}

  countFor(recipientId: number): Promise<number> {
    return this.messages.countBy({ recipientId });
  }

  /**
   * Inserts the messages whose recipient stays within `quota`, in order, as one INSERT: one
   * statement is one transaction and one commit, with no BEGIN that could sweep in other
   * statements running on the shared connection. Resolves once committed, with which
   * messages were stored. Callers serialise (StoredMessageWriter), so the counts hold.
   */
  async insertWithinQuota(messages: NewStoredMessage[], quota: number): Promise<boolean[]> {
    const recipients = [...new Set(messages.map((message) => message.recipientId))];
    const rows = await this.messages
      .createQueryBuilder('message')
      .select('message.recipient_id', 'recipientId')
      .addSelect('COUNT(*)', 'count')
      .where({ recipientId: In(recipients) })
      .groupBy('message.recipient_id')
      .getRawMany<{ recipientId: number; count: number }>();
    const counts = new Map(rows.map((row) => [Number(row.recipientId), Number(row.count)]));
    const stored = messages.map((message) => {
      const count = counts.get(message.recipientId) ?? 0;
      if (count >= quota) return false;
      counts.set(message.recipientId, count + 1);
      return true;
    });
    const accepted = messages.filter((_, i) => stored[i]);
    if (accepted.length > 0) {
      await this.messages.createQueryBuilder().insert().into(StoredMessageEntity).values(accepted).updateEntity(false).execute();
    }
    return stored;
  }

  /** The next page of a recipient's messages, oldest first. */
  pendingFor(recipientId: number, afterId: number, limit: number): Promise<StoredMessageEntity[]> {
    return this.messages.find({
      where: { recipientId, id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  async deleteFromSenders(recipientId: number, senderKeys: string[]): Promise<void> {
    if (senderKeys.length === 0) return;
    await this.messages.delete({ recipientId, senderKey: In(senderKeys) });
  }

  async deleteIds(ids: number[]): Promise<void> {
    if (ids.length > 0) await this.messages.delete({ id: In(ids) });
  }
}
