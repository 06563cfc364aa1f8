import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { BlocksRepository } from './blocks.repository';
import { SessionHistoryRepository } from './session-history.repository';
import { StoredMessagesRepository } from './stored-messages.repository';

/** The chat tables' repositories, without the live core (the CLI tools use these). */
@Module({
  imports: [DatabaseModule],
  providers: [BlocksRepository, StoredMessagesRepository, SessionHistoryRepository],
  exports: [BlocksRepository, StoredMessagesRepository, SessionHistoryRepository],
})
export class ChatPersistenceModule {}
