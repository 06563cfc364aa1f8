import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, MoreThan, Not, Repository } from 'typeorm';
import { Dialect } from '../database/dialect';
import { StoredMessageEntity } from '../database/entities';
import {
  AddressedInsert,
  AddressedMessage,
  addressedInsertFor,
  NewStoredMessage,
  Recipient,
  StoredPerRecipient,
} from './addressed-inserts';

export type { AddressedMessage, NewStoredMessage, Recipient, StoredPerRecipient } from './addressed-inserts';

@Injectable()
export class StoredMessagesRepository {
  private readonly addressed: AddressedInsert;
  private readonly idsForSql: string;

  constructor(
    @InjectRepository(StoredMessageEntity) private readonly messages: Repository<StoredMessageEntity>,
    private readonly dialect: Dialect,
  ) {
    this.addressed = addressedInsertFor(dialect, messages.manager.connection, (rows, quota) => this.insertWithinQuota(rows, quota));
    this.idsForSql = `SELECT id FROM stored_messages WHERE recipient_id = ${dialect.params().add(0, 'integer')} ORDER BY id`;
  }

  countAll(): Promise<number> {
    return this.messages.count();
  }

  /** The accounts with these username keys, by key (absent means no such account). */
  recipients(keys: string[]): Promise<Map<string, Recipient>> {
    return this.addressed.recipients(keys);
  }

  /**
   * Stores, in order and in one commit, each message whose recipient exists and stays within
   * `quota`; resolves once committed. One statement on SQLite, a transaction locking the
   * recipients on PostgreSQL (see addressed-inserts.ts). Callers serialise (StoredMessageWriter).
   */
  insertAddressed(messages: AddressedMessage[], quota: number): Promise<StoredPerRecipient> {
    return this.addressed.insert(messages, quota);
  }

  /** Waiting messages per recipient, for the given recipients (absent means none). */
  async countsFor(recipientIds: number[], manager: EntityManager = this.messages.manager): Promise<Map<number, number>> {
    if (recipientIds.length === 0) return new Map();
    const rows = await manager
      .createQueryBuilder(StoredMessageEntity, 'message')
      .select('message.recipient_id', 'recipientId')
      .addSelect('COUNT(*)', 'count')
      .where('message.recipient_id IN (:...recipientIds)', { recipientIds })
      .groupBy('message.recipient_id')
      .getRawMany<{ recipientId: number; count: number }>();
    return new Map(rows.map((row) => [Number(row.recipientId), Number(row.count)]));
  }

  /** A page of waiting messages, oldest first, with recipients; filters are username keys. */
  /** Messages whose recipient and sender names contain the given parts (username keys, lower case). */
  search(
    filter: { recipientPart?: string; senderPart?: string },
    limit: number,
    offset: number,
  ): Promise<[StoredMessageEntity[], number]> {
    const query = this.messages
      .createQueryBuilder('message')
      .innerJoinAndSelect('message.recipient', 'recipient')
      .orderBy('message.id', 'ASC')
      .take(limit)
      .skip(offset);
    if (filter.recipientPart) {
      query.andWhere("recipient.username_key LIKE :recipient ESCAPE '\\'", { recipient: `%${escapeLike(filter.recipientPart)}%` });
    }
    if (filter.senderPart) {
      query.andWhere("message.sender_key LIKE :sender ESCAPE '\\'", { sender: `%${escapeLike(filter.senderPart)}%` });
    }
    return query.getManyAndCount();
  }

  /** Deletes one message; false if there was none with that id. */
  async deleteOne(id: number): Promise<boolean> {
    const result = await this.messages.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  async deleteSentBy(senderKey: string): Promise<void> {
    await this.messages.delete({ senderKey });
  }

  countFor(recipientId: number): Promise<number> {
    return this.messages.countBy({ recipientId });
  }

  /** Cluster mode: a recipient's waiting messages that were first sent to their node live, with those ids. */
  async sentLiveFor(recipientId: number): Promise<Array<{ id: number; messageId: string }>> {
    const rows = await this.messages.find({ select: { id: true, messageId: true }, where: { recipientId, messageId: Not(IsNull()) } });
    return rows.map(({ id, messageId }) => ({ id, messageId: messageId as string }));
  }

  /** The ids of a recipient's waiting messages, oldest first (every login asks: a fixed text, kept prepared on SQLite). */
  async idsFor(recipientId: number): Promise<number[]> {
    const rows = await this.dialect.rows<{ id: number }>(this.idsForSql, [recipientId]);
    return rows.map((row) => Number(row.id));
  }

  /**
   * Inserts the messages whose recipient stays within `quota`, in order, as one INSERT (one
   * commit). Resolves once committed, with which messages were stored. On SQLite the INSERT
   * is its own transaction, with no BEGIN that could sweep in other statements on the shared
   * connection, and callers serialise (StoredMessageWriter), so the counts hold. On PostgreSQL
   * count and INSERT are one transaction holding the recipients' rows, so the quota holds
   * against writers in other processes too.
   */
  async insertWithinQuota(messages: NewStoredMessage[], quota: number): Promise<boolean[]> {
    if (messages.length === 0) return [];
    const recipientIds = [...new Set(messages.map((message) => message.recipientId))];
    return this.dialect.atomically(async (manager) => {
      const counts = await this.countsFor(recipientIds, manager);
      const stored = messages.map((message) => {
        const count = counts.get(message.recipientId) ?? 0;
        if (count >= quota) return false;
        counts.set(message.recipientId, count + 1);
        return true;
      });
      const accepted = messages.filter((_, i) => stored[i]);
      if (accepted.length > 0) {
        await manager.createQueryBuilder().insert().into(StoredMessageEntity).values(accepted).updateEntity(false).execute();
      }
      return stored;
    }, { id: In(recipientIds) });
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

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
