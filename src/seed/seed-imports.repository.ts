import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SeedImportEntity, StoredMessageEntity } from '../database/entities';
import { NewStoredMessage } from '../chat/stored-messages.repository';

/** Remembers which seed lines were imported, so re-running an import adds nothing. */
@Injectable()
export class SeedImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  wasImported(fingerprint: string): Promise<boolean> {
    return this.dataSource.getRepository(SeedImportEntity).existsBy({ fingerprint });
  }

  /**
   * Stores the message and its fingerprint together, or neither. The import runs alone in
   * its own process, so this transaction cannot sweep up anyone else's statements.
   */
  async importMessage(fingerprint: string, message: NewStoredMessage): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(StoredMessageEntity, message);
      await manager.insert(SeedImportEntity, { fingerprint });
    });
  }
}
