import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BlockEntity } from '../database/entities';

export interface BlockPair {
  blockerKey: string;
  blockedKey: string;
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
