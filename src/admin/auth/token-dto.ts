import { ApiTokenEntity } from '../../database/entities';
import { isoDate } from '../dto/dates';
import { TokenDto } from '../dto/resources.dto';

/** A token as the API shows it: never its secret or hash. */
export function toTokenDto(token: ApiTokenEntity, currentTokenId?: number): TokenDto {
  return {
    id: token.id,
    kind: token.kind,
    current: token.id === currentTokenId,
    name: token.name,
    owner: token.user?.username ?? '',
    createdAt: isoDate(token.createdAt),
    expiresAt: isoDate(token.expiresAt),
    lastUsedAt: isoDate(token.lastUsedAt),
  };
}
