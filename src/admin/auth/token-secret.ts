import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'parley_';

/** 256 random bits; the prefix lets secret scanners recognise a leaked token. */
export function newTokenSecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/**
 * Tokens are stored as SHA-256: they are random and long, so a slow password hash would
 * add nothing but cost to every request.
 */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
