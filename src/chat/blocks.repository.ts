import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BlockEntity } from '../database/entities';

export interface BlockPair {
  blockerKey: string;
  blockedKey: string;
}

export interface NamedBlock {
  blocker: string;
  blocked: string;
  createdAt: Date;
}

@Injectable()
export class BlocksRepository {
  constructor(@InjectRepository(BlockEntity) private readonly blocks: Repository<BlockEntity>) {}

  allPairs(): Promise<BlockPair[]> {
    return this.blocks
      .createQueryBuilder('block')
      .innerJoin('block.blocker', 'blocker')
      .innerJoin('block.blocked', 'blocked')
      .select(['blocker.username_key AS "blockerKey"', 'blocked.username_key AS "blockedKey"'])
      .getRawMany<BlockPair>();
  }

  /** A page of blocks by blocker then blocked name; `userKey` keeps those it is on either side of. */
  async search(userKey: string | undefined, limit: number, offset: number): Promise<[NamedBlock[], number]> {
    const query = this.blocks
      .createQueryBuilder('block')
      .innerJoinAndSelect('block.blocker', 'blocker')
      .innerJoinAndSelect('block.blocked', 'blocked')
      // Property names, not columns: with joins and take/skip TypeORM pages by the primary key first.
      .orderBy('blocker.usernameKey', 'ASC')
      .addOrderBy('blocked.usernameKey', 'ASC')
      .take(limit)
      .skip(offset);
    if (userKey !== undefined) {
      query.where('(blocker.username_key = :userKey OR blocked.username_key = :userKey)', { userKey });
    }
    const [rows, total] = await query.getManyAndCount();
    const named = rows.map((row) => ({ blocker: row.blocker!.username, blocked: row.blocked!.username, createdAt: row.createdAt }));
    return [named, total];
  }

  async add(blockerId: number, blockedId: number): Promise<void> {
    await this.blocks
      .createQueryBuilder()
      .insert()
      .into(BlockEntity)
      .values({ blockerId, blockedId })
      .orIgnore()
      .execute();
  }

  has(blockerId: number, blockedId: number): Promise<boolean> {
    return this.blocks.existsBy({ blockerId, blockedId });
  }

  async remove(blockerId: number, blockedId: number): Promise<void> {
    await this.blocks.delete({ blockerId, blockedId });
  }
}
