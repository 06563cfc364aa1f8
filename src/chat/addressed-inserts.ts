import { DataSource, In } from 'typeorm';
import { Dialect, sqliteDate } from '../database/dialect';
import { UserEntity } from '../database/entities';
import { allPrepared } from '../database/sqlite-driver';

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
  /** Cluster mode (PostgreSQL): the id of a private message sent to another node first. */
  messageId?: string;
}

/** A message for a recipient known by account id. */
export interface NewStoredMessage {
  recipientId: number;
  senderName: string;
  senderKey: string;
  body: string;
  createdAt: Date;
  messageId?: string;
}

/** Per recipient key, the account's name and how many of its messages (the first ones) were stored. */
export type StoredPerRecipient = Map<string, { username: string; stored: number }>;

/** Stores messages in order, within a quota; counts and INSERT as one commit. */
export type InsertWithinQuota = (messages: NewStoredMessage[], quota: number) => Promise<boolean[]>;

/** How a batch of addressed messages is stored: what is fastest and exact on each database. */
export interface AddressedInsert {
  /** The accounts with these username keys, by key (absent means no such account). */
  recipients(keys: string[]): Promise<Map<string, Recipient>>;
  /** Stores, in order, each message whose recipient exists and stays within `quota`. */
  insert(messages: AddressedMessage[], quota: number): Promise<StoredPerRecipient>;
}

/** The AddressedInsert for the database in use, as the Dialect names it. */
export function addressedInsertFor(dialect: Dialect, dataSource: DataSource, insertWithinQuota: InsertWithinQuota): AddressedInsert {
  switch (dialect.kind) {
    case 'postgres':
      return new TransactionalInsert(dataSource, insertWithinQuota);
    case 'sqlite':
      return new OneStatementInsert(dataSource);
  }
}

// Lists go in as one JSON parameter, so each statement is prepared once and kept (see
// ParleyDatabase.statement) whatever the size of the batch.
const RECIPIENTS_SQL = `SELECT id, username, username_key AS key FROM users
  WHERE username_key IN (SELECT value FROM json_each(?))`;
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

/**
 * SQLite: the batch as one kept prepared statement. One statement is one transaction and one
 * commit, with no BEGIN that could sweep in other statements on the shared connection;
 * callers serialise (StoredMessageWriter), so the counts hold.
 */
class OneStatementInsert implements AddressedInsert {
  constructor(private readonly dataSource: DataSource) {}

  async recipients(keys: string[]): Promise<Map<string, Recipient>> {
    if (keys.length === 0) return new Map();
    const rows = await allPrepared<Recipient & { key: string }>(this.dataSource.manager, RECIPIENTS_SQL, [JSON.stringify(keys)]);
    return new Map(rows.map(({ key, id, username }) => [key, { id, username }]));
  }

  async insert(messages: AddressedMessage[], quota: number): Promise<StoredPerRecipient> {
    const result: StoredPerRecipient = new Map();
    if (messages.length === 0) return result;
    const rank = new Map<string, number>();
    const rows = messages.map((m) => {
      const n = (rank.get(m.recipientKey) ?? 0) + 1;
      rank.set(m.recipientKey, n);
      return [m.recipientKey, n, m.senderName, m.senderKey, m.body, sqliteDate(m.createdAt)];
    });
    const params = [JSON.stringify(rows), quota];
    const inserted = await allPrepared<{ key: string; username: string }>(this.dataSource.manager, INSERT_ADDRESSED_SQL, params);
    for (const { key, username } of inserted) count(result, key, username);
    return result;
  }
}

/**
 * PostgreSQL: the recipients looked up, then count and INSERT in one transaction holding the
 * recipients' rows (insertWithinQuota), so the quota holds against writers in other processes
 * too. A recipient deleted between lookup and lock fails the INSERT on its foreign key: a
 * constraint violation, which the writer retries message by message.
 */
class TransactionalInsert implements AddressedInsert {
  constructor(
    private readonly dataSource: DataSource,
    private readonly insertWithinQuota: InsertWithinQuota,
  ) {}

  async recipients(keys: string[]): Promise<Map<string, Recipient>> {
    if (keys.length === 0) return new Map();
    const users = await this.dataSource.manager.find(UserEntity, {
      select: { id: true, username: true, usernameKey: true },
      where: { usernameKey: In(keys) },
    });
    return new Map(users.map(({ usernameKey, id, username }) => [usernameKey, { id, username }]));
  }

  async insert(messages: AddressedMessage[], quota: number): Promise<StoredPerRecipient> {
    const result: StoredPerRecipient = new Map();
    const accounts = await this.recipients([...new Set(messages.map((m) => m.recipientKey))]);
    const addressed = messages.filter((m) => accounts.has(m.recipientKey));
    const rows = addressed.map(({ recipientKey, ...m }) => ({ recipientId: accounts.get(recipientKey)!.id, ...m }));
    if (rows.length === 0) return result;
    const stored = await this.insertWithinQuota(rows, quota);
    addressed.forEach(({ recipientKey }, i) => {
      if (stored[i]) count(result, recipientKey, accounts.get(recipientKey)!.username);
    });
    return result;
  }
}

function count(result: StoredPerRecipient, key: string, username: string): void {
  const entry = result.get(key);
  if (entry) entry.stored++;
  else result.set(key, { username, stored: 1 });
}
