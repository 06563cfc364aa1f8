import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ChatPersistenceModule } from '../chat/chat-persistence.module';
import { DatabaseModule } from '../database/database.module';
import { SeedImporter } from './seed-importer';
import { SeedImportsRepository } from './seed-imports.repository';

@Module({
  imports: [DatabaseModule, AccountsModule, ChatPersistenceModule],
  providers: [SeedImporter, SeedImportsRepository],
  exports: [SeedImporter, SeedImportsRepository],
})
export class SeedModule {}
