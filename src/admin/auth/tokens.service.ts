import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { ApiTokenEntity, TokenKind, UserEntity } from '../../database/entities';
import { hashTokenSecret, newTokenSecret } from './token-secret';
import { TokensRepository } from './tokens.repository';

export interface IssuedToken {
  token: ApiTokenEntity;
  /** The only time the secret exists outside the client. */
  secret: string;
}

/** lastUsedAt is refreshed at most this often, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

/** Bearer tokens of the admin API: issued, checked, listed and revoked. */
@Injectable()
export class TokensService {
  constructor(
    private readonly tokens: TokensRepository,
    private readonly clock: Clock,
  ) {}

  async issue(owner: UserEntity, kind: TokenKind, name: string, lifetimeMs: number | null): Promise<IssuedToken> {
    const now = this.clock.now();
    await this.tokens.deleteExpired(now);
    const secret = newTokenSecret();
    const token = await this.tokens.insert({
      userId: owner.id,
      name,
      kind,
      tokenHash: hashTokenSecret(secret),
      createdAt: now,
      expiresAt: lifetimeMs === null ? null : new Date(now.getTime() + lifetimeMs),
    });
    token.user = owner;
    return { token, secret };
  }

  /** The live token (with its owner) that `secret` names, or null if unknown or expired. */
  async verify(secret: string): Promise<ApiTokenEntity | null> {
    const token = await this.tokens.findByHash(hashTokenSecret(secret));
    const now = this.clock.now();
    if (!token || !token.user || (token.expiresAt && token.expiresAt <= now)) return null;
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
      await this.tokens.touch(token.id, now);
      token.lastUsedAt = now;
    }
    return token;
  }

  listApiTokens(limit: number, offset: number): Promise<[ApiTokenEntity[], number]> {
    return this.tokens.listOfKind('api', limit, offset);
  }

  findApiToken(id: number): Promise<ApiTokenEntity | null> {
    return this.tokens.findById(id).then((token) => (token?.kind === 'api' ? token : null));
  }

  revoke(id: number): Promise<boolean> {
    return this.tokens.delete(id);
  }

  /** Revokes every console and API token of the user (after a password or role change); returns how many. */
  revokeAllOf(userId: number): Promise<number> {
    return this.tokens.deleteOwnedBy(userId);
  }
}
