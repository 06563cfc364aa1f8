import { AccountsService } from '../accounts/accounts.service';
import { TokensService } from '../admin/auth/tokens.service';
import { createToolsApp } from '../app';
import { loadConfig } from '../config/load-config';
import { UserEntity } from '../database/entities';

const DAY_MS = 86_400_000;
const MAX_DAYS = 3650;

/** `parley token create NAME [--expires DAYS] [--user ADMIN]`: prints the secret once. */
export async function createToken(name: string, options: { expires?: string; user?: string }): Promise<void> {
  const days = parseDays(options.expires);
  if (name.trim() === '' || name.length > 64) throw new Error('the token name must be 1-64 characters');
  const app = await createToolsApp(loadConfig(), { logger: ['error', 'warn'] });
  try {
    const owner = await findOwner(app.get(AccountsService), options.user);
    const { token, secret } = await app.get(TokensService).issue(owner, 'api', name, days === null ? null : days * DAY_MS);
    const expiry = token.expiresAt ? `expires ${token.expiresAt.toISOString()}` : 'does not expire';
    console.log(`Created API token "${token.name}" (#${token.id}) acting as ${owner.username}; it ${expiry}.`);
    console.log(`Token (shown only once): ${secret}`);
  } finally {
    await app.close();
  }
}

function parseDays(text: string | undefined): number | null {
  if (text === undefined) return null;
  const days = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(days >= 1 && days <= MAX_DAYS)) throw new Error(`--expires must be a whole number of days from 1 to ${MAX_DAYS}`);
  return days;
}

async function findOwner(accounts: AccountsService, name: string | undefined): Promise<UserEntity> {
  if (name !== undefined) {
    const user = await accounts.findUser(name);
    if (!user) throw new Error(`there is no user named ${name}`);
    if (user.role !== 'admin') throw new Error(`${user.username} is not an admin; API tokens act as an admin`);
    return user;
  }
  const admin = (await accounts.listUsers()).find((user) => user.role === 'admin');
  if (!admin) throw new Error('there is no admin account; create one with: parley user add NAME --admin');
  return admin;
}
