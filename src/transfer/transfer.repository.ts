import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { BlockEntity, Role, StoredMessageEntity, UserEntity } from '../database/entities';

/** An account as exported: everything but its id. */
export type ExportedUser = Omit<UserEntity, 'id' | 'usernameKey'>;

export interface ExportedBlock {
  blocker: string;
  blocked: string;
  createdAt: Date;
}

export interface ExportedMessage {
  recipient: string;
  senderName: string;
  senderKey: string;
  body: string;
  createdAt: Date;
}

const PAGE = 1000;

/** The queries of `parley export` and `parley import --from`: whole tables, page by page. */
@Injectable()
export class TransferRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every account, by id (the order they were created in), a page at a time. */
  async *users(): AsyncGenerator<UserEntity[]> {
    for (let after = 0; ; ) {
      const page = await this.dataSource.getRepository(UserEntity).find({ where: { id: MoreThan(after) }, order: { id: 'ASC' }, take: PAGE });
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1].id;
    }
  }

  /** Every block with both names as created, by blocker then blocked name. */
  async *blocks(): AsyncGenerator<ExportedBlock[]> {
    for (let offset = 0; ; offset += PAGE) {
      const rows = await this.dataSource
        .getRepository(BlockEntity)
        .find({ relations: { blocker: true, blocked: true }, order: { blocker: { usernameKey: 'ASC' }, blocked: { usernameKey: 'ASC' } }, skip: offset, take: PAGE });
      if (rows.length === 0) return;
      yield rows.map((row) => ({ blocker: row.blocker!.username, blocked: row.blocked!.username, createdAt: row.createdAt }));
    }
  }

  /** Every stored message with its recipient's name, oldest first (the order of delivery). */
  async *messages(): AsyncGenerator<ExportedMessage[]> {
    for (let after = 0; ; ) {
      const rows = await this.dataSource
        .getRepository(StoredMessageEntity)
        .find({ where: { id: MoreThan(after) }, relations: { recipient: true }, order: { id: 'ASC' }, take: PAGE });
      if (rows.length === 0) return;
      yield rows.map((row) => ({
        recipient: row.recipient!.username,
        senderName: row.senderName,
        senderKey: row.senderKey,
        body: row.body,
        createdAt: row.createdAt,
      }));
      after = rows[rows.length - 1].id;
    }
  }

  /** Adds an exported account with its hash, dates and counters as they were. */
  async insertUser(user: ExportedUser & { usernameKey: string; role: Role }): Promise<void> {
    await this.dataSource.createQueryBuilder().insert().into(UserEntity).values(user).updateEntity(false).execute();
  }

  /** Adds a block with its original time (nothing if it is there already). */
  async insertBlock(blockerId: number, blockedId: number, createdAt: Date): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(BlockEntity)
      .values({ blockerId, blockedId, createdAt })
      .orIgnore()
      .updateEntity(false)
      .execute();
  }
}
