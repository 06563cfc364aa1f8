import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Dialect } from '../../database/dialect';
import { AuditEntryEntity } from '../../database/entities';

export interface AuditFilter {
  /** Part of the actor's name, any case. */
  actor?: string;
  action?: string;
  /** Entries about this user: the target is the name, or starts with "name:" (a role change). */
  user?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

@Injectable()
export class AuditRepository {
  constructor(
    @InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>,
    private readonly dialect: Dialect,
  ) {}

  async add(entry: Omit<AuditEntryEntity, 'id'>): Promise<void> {
    await this.entries.insert(entry);
  }

  /** Newest first. */
  search(filter: AuditFilter, limit: number, offset: number): Promise<[AuditEntryEntity[], number]> {
    const query = this.entries.createQueryBuilder('entry').orderBy('entry.id', 'DESC').take(limit).skip(offset);
    if (filter.actor) query.andWhere("LOWER(entry.actor) LIKE :actor ESCAPE '\\'", { actor: `%${escapeLike(filter.actor.toLowerCase())}%` });
    if (filter.action) query.andWhere('entry.action = :action', { action: filter.action });
    if (filter.user) {
      const user = filter.user.toLowerCase();
      query.andWhere("(LOWER(entry.target) = :user OR LOWER(entry.target) LIKE :prefix ESCAPE '\\')", {
        user,
        prefix: `${escapeLike(user)}:%`,
      });
    }
    if (filter.from) query.andWhere('entry.at >= :from', { from: this.dialect.date(filter.from) });
    if (filter.to) query.andWhere('entry.at < :to', { to: this.dialect.date(filter.to) });
    return query.getManyAndCount();
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
