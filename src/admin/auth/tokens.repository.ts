import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { ApiTokenEntity, TokenKind } from '../../database/entities';

export type NewToken = Pick<ApiTokenEntity, 'userId' | 'name' | 'kind' | 'tokenHash' | 'createdAt' | 'expiresAt'>;

@Injectable()
export class TokensRepository {
  constructor(@InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>) {}

  /** One INSERT without an explicit transaction (the SQLite connection is shared). */
  insert(token: NewToken): Promise<ApiTokenEntity> {
    return this.tokens.save(this.tokens.create({ ...token, lastUsedAt: null }), { transaction: false });
  }

  findByHash(tokenHash: string): Promise<ApiTokenEntity | null> {
    return this.tokens.findOne({ where: { tokenHash }, relations: { user: true } });
  }

  findById(id: number): Promise<ApiTokenEntity | null> {
    return this.tokens.findOne({ where: { id }, relations: { user: true } });
  }

  listOfKind(kind: TokenKind, limit: number, offset: number): Promise<[ApiTokenEntity[], number]> {
    return this.tokens.findAndCount({
      where: { kind },
      relations: { user: true },
      order: { id: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  async touch(id: number, at: Date): Promise<void> {
    await this.tokens.update(id, { lastUsedAt: at });
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.tokens.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  /** Every token of the user, console sessions and API tokens alike; returns how many. */
  async deleteOwnedBy(userId: number): Promise<number> {
    const result = await this.tokens.delete({ userId });
    return result.affected ?? 0;
  }

  async deleteExpired(now: Date): Promise<void> {
    await this.tokens.delete({ expiresAt: LessThan(now) });
  }
}
