import { randomBytes } from 'node:crypto';
import { AccountsService } from '../accounts/accounts.service';
import { createToolsApp } from '../app';
import { loadConfig } from '../config/load-config';

/** `parley user add NAME [--password P] [--admin]` */
export async function addUser(name: string, options: { password?: string; admin?: boolean }): Promise<void> {
  const app = await createToolsApp(loadConfig(), { logger: ['error', 'warn'] });
  try {
    const password = options.password ?? randomBytes(12).toString('base64url');
    const user = await app.get(AccountsService).createUser(name, password, options.admin ? 'admin' : 'user');
    console.log(`Created ${user.role} ${user.username}.`);
    if (!options.password) console.log(`Password: ${password}`);
  } finally {
    await app.close();
  }
}

/** `parley user list` */
export async function listUsers(): Promise<void> {
  const app = await createToolsApp(loadConfig(), { logger: ['error', 'warn'] });
  try {
    const users = await app.get(AccountsService).listUsers();
    if (users.length === 0) console.log('(no users)');
    for (const user of users) {
      const lastLogin = user.lastLoginAt ? user.lastLoginAt.toISOString() : 'never';
      console.log(`${user.username.padEnd(32)} ${user.role.padEnd(5)} last login ${lastLogin}`);
    }
  } finally {
    await app.close();
  }
}
