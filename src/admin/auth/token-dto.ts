import { ApiTokenEntity } from '../../database/entities';
import { isoDate } from '../dto/dates';
import { TokenDto } from '../dto/resources.dto';

/** A token as the API shows it: never its secret or hash. */
export function toTokenDto(token: ApiTokenEntity): TokenDto {
  return {
    id: token.id,
    name: token.name,
    owner: token.user?.username ?? '',
    createdAt: isoDate(token.createdAt),
    expiresAt: isoDate(token.expiresAt),
    lastUsedAt: isoDate(token.lastUsedAt),
  };
}
