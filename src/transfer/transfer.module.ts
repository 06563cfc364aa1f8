import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ChatPersistenceModule } from '../chat/chat-persistence.module';
import { DatabaseModule } from '../database/database.module';
import { SeedModule } from '../seed/seed.module';
import { DataExporter } from './data-exporter';
import { DataImporter } from './data-importer';
import { TransferRepository } from './transfer.repository';

/** `parley export` and `parley import --from`: a whole server's data in a portable file. */
@Module({
  imports: [DatabaseModule, AccountsModule, ChatPersistenceModule, SeedModule],
  providers: [DataExporter, DataImporter, TransferRepository],
  exports: [DataExporter, DataImporter],
})
export class TransferModule {}
