import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEntryEntity } from '../../database/entities';

@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  async add(entry: Omit<AuditEntryEntity, 'id'>): Promise<void> {
    await this.entries.insert(entry);
  }

  /** Newest first. */
  page(limit: number, offset: number): Promise<[AuditEntryEntity[], number]> {
    return this.entries.findAndCount({ order: { id: 'DESC' }, take: limit, skip: offset });
  }
}
