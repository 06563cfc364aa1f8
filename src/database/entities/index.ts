import { BlockEntity } from './block.entity';
import { SeedImportEntity } from './seed-import.entity';
import { SessionRecordEntity } from './session-record.entity';
import { StoredMessageEntity } from './stored-message.entity';
import { UserEntity } from './user.entity';

export { BlockEntity, SeedImportEntity, SessionRecordEntity, StoredMessageEntity, UserEntity };
export type { Role } from './user.entity';

export const ENTITIES = [UserEntity, BlockEntity, StoredMessageEntity, SessionRecordEntity, SeedImportEntity];
