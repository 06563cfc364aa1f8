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

  /** Resolves once the row is committed (each insert is its own transaction). */
  async add(message: NewStoredMessage): Promise<void> {
    await this.messages.insert(message);
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
