import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { toDbDate } from '../common/db-dates';
import { StoredMessageEntity } from '../database/entities';
import { allPrepared, runPrepared } from '../database/sqlite-driver';

/** An account a stored message can be addressed to. */
export interface Recipient {
  id: number;
  username: string;
}

/** A message for a recipient known by username key only. */
export interface AddressedMessage {
  recipientKey: string;
  senderName: string;
  senderKey: string;
  body: string;
  createdAt: Date;
}

/** Per recipient key, the account's name and how many of its messages (the first ones) were stored. */
export type StoredPerRecipient = Map<string, { username: string; stored: number }>;

// Lists go in as one JSON parameter, so each statement is prepared once and kept (see
// ParleyDatabase.statement) whatever the size of the batch.
const RECIPIENTS_SQL = `SELECT id, username, username_key AS key FROM users
  WHERE username_key IN (SELECT value FROM json_each(?))`;
const COUNTS_SQL = `SELECT recipient_id AS recipientId, COUNT(*) AS count FROM stored_messages
  WHERE recipient_id IN (SELECT value FROM json_each(?)) GROUP BY recipient_id`;
const INSERT_SQL = `INSERT INTO stored_messages (recipient_id, sender_name, sender_key, body, created_at)
  SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
         json_extract(value, '$[3]'), json_extract(value, '$[4]')
  FROM json_each(?) ORDER BY key`;
/**
 * A batch of stored messages in one statement: recipient lookup, quota check and INSERT.
 * Each row carries its rank among the batch's messages to the same recipient ($[1]); each
 * recipient's waiting messages are counted once (MATERIALIZED), not once per message. The
 * SELECT reads the table it inserts into, so SQLite runs it to the end before inserting: the
 * counts are those from before the batch. A recipient deleted meanwhile matches no account,
 * and fails nothing else.
 */
const INSERT_ADDRESSED_SQL = `INSERT INTO stored_messages (recipient_id, sender_name, sender_key, body, created_at)
  WITH batch AS (SELECT key AS seq, json_extract(value, '$[0]') AS recipient_key, value FROM json_each(?1)),
  recipients AS MATERIALIZED (
    SELECT id, username_key, (SELECT COUNT(*) FROM stored_messages WHERE recipient_id = users.id) AS waiting
    FROM users WHERE username_key IN (SELECT recipient_key FROM batch))
  SELECT recipients.id, json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'),
         json_extract(value, '$[5]')
  FROM batch JOIN recipients ON recipients.username_key = batch.recipient_key
  WHERE json_extract(value, '$[1]') + recipients.waiting <= ?2
  ORDER BY batch.seq
  RETURNING (SELECT username_key FROM users WHERE id = recipient_id) AS key,
            (SELECT username FROM users WHERE id = recipient_id) AS username`;

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

  countAll(): Promise<number> {
    return this.messages.count();
  }

  /** The accounts with these username keys, by key (absent means no such account). */
  async recipients(keys: string[]): Promise<Map<string, Recipient>> {
    if (keys.length === 0) return new Map();
    const rows = await allPrepared<Recipient & { key: string }>(this.messages.manager, RECIPIENTS_SQL, [JSON.stringify(keys)]);
    return new Map(rows.map(({ key, id, username }) => [key, { id, username }]));
  }

  /**
   * Stores, in order and as one INSERT (one statement is one transaction and one commit, with
   * no BEGIN that could sweep in other statements on the shared connection), each message
   * whose recipient exists and stays within `quota`. Resolves once committed. Callers
   * serialise (StoredMessageWriter), so the counts hold.
   */
  async insertAddressed(messages: AddressedMessage[], quota: number): Promise<StoredPerRecipient> {
    const result: StoredPerRecipient = new Map();
    if (messages.length === 0) return result;
    const rank = new Map<string, number>();
    const rows = messages.map((m) => {
      const n = (rank.get(m.recipientKey) ?? 0) + 1;
      rank.set(m.recipientKey, n);
      return [m.recipientKey, n, m.senderName, m.senderKey, m.body, toDbDate(m.createdAt)];
    });
    const params = [JSON.stringify(rows), quota];
    const inserted = await allPrepared<{ key: string; username: string }>(this.messages.manager, INSERT_ADDRESSED_SQL, params);
    for (const { key, username } of inserted) {
      const entry = result.get(key);
      if (entry) entry.stored++;
      else result.set(key, { username, stored: 1 });
    }
    return result;
  }

  /** Waiting messages per recipient, for the given recipients (absent means none). */
  async countsFor(recipientIds: number[]): Promise<Map<number, number>> {
    if (recipientIds.length === 0) return new Map();
    const rows = await allPrepared<{ recipientId: number; count: number }>(this.messages.manager, COUNTS_SQL, [
      JSON.stringify(recipientIds),
    ]);
    return new Map(rows.map((row) => [Number(row.recipientId), Number(row.count)]));
  }

  /** A page of waiting messages, oldest first, with recipients; filters are username keys. */
  search(
    filter: { recipientKey?: string; senderKey?: string },
    limit: number,
    offset: number,
  ): Promise<[StoredMessageEntity[], number]> {
    const query = this.messages
      .createQueryBuilder('message')
      .innerJoinAndSelect('message.recipient', 'recipient')
      .orderBy('message.id', 'ASC')
      .take(limit)
      .skip(offset);
    if (filter.recipientKey !== undefined) {
      query.andWhere('recipient.username_key = :recipientKey', { recipientKey: filter.recipientKey });
    }
    if (filter.senderKey !== undefined) query.andWhere('message.sender_key = :senderKey', { senderKey: filter.senderKey });
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

  /** The ids of a recipient's waiting messages, oldest first. */
  async idsFor(recipientId: number): Promise<number[]> {
    const rows = await this.messages.find({ select: { id: true }, where: { recipientId }, order: { id: 'ASC' } });
    return rows.map((row) => row.id);
  }

  /**
   * Inserts the messages whose recipient stays within `quota`, in order, as one INSERT: one
   * statement is one transaction and one commit, with no BEGIN that could sweep in other
   * statements running on the shared connection. Resolves once committed, with which
   * messages were stored. Callers serialise (StoredMessageWriter), so the counts hold.
   */
  async insertWithinQuota(messages: NewStoredMessage[], quota: number): Promise<boolean[]> {
    const counts = await this.countsFor([...new Set(messages.map((message) => message.recipientId))]);
    const stored = messages.map((message) => {
      const count = counts.get(message.recipientId) ?? 0;
      if (count >= quota) return false;
      counts.set(message.recipientId, count + 1);
      return true;
    });
    const accepted = messages.filter((_, i) => stored[i]);
    if (accepted.length > 0) {
      const rows = accepted.map((m) => [m.recipientId, m.senderName, m.senderKey, m.body, toDbDate(m.createdAt)]);
      await runPrepared(this.messages.manager, INSERT_SQL, [JSON.stringify(rows)]);
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
