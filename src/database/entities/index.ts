import { ApiTokenEntity } from './api-token.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { BlockEntity } from './block.entity';
import { LiveServerEntity } from './live-server.entity';
import { SeedImportEntity } from './seed-import.entity';
import { SessionRecordEntity } from './session-record.entity';
import { StoredMessageEntity } from './stored-message.entity';
import { UserEntity } from './user.entity';

export { ApiTokenEntity, AuditEntryEntity, BlockEntity, LiveServerEntity, SeedImportEntity, SessionRecordEntity, StoredMessageEntity, UserEntity };
export type { Role } from './user.entity';
export type { TokenKind } from './api-token.entity';

export const ENTITIES = [
  UserEntity,
  BlockEntity,
  StoredMessageEntity,
  SessionRecordEntity,
  SeedImportEntity,
  ApiTokenEntity,
  AuditEntryEntity,
  LiveServerEntity,
];
