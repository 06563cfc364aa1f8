import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/accounts/accounts.service';
import { HashGate, until } from '../support/gated-hasher';
import { CapturingLogger, removeDataDir, startServer, TestServer } from '../support/test-server';

/**
 * The first admin is created at start when the database has none. Several cluster nodes can
 * start together on one empty database: each checks, finds no admin and creates one, and the
 * database's unique username lets only one INSERT through.
 */
describe('the first admin account', () => {
  let server: TestServer;
  const hasher = new HashGate();
  const logger = new CapturingLogger();

  beforeAll(async () => {
    server = await startServer({ hasher, logger });
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('is created once when two starts find none at the same time, and neither start fails', async () => {
    const dataSource = server.app.get(DataSource);
    await dataSource.query("DELETE FROM users WHERE role = 'admin'");
    const accounts = server.app.get(AccountsService);
    hasher.close();
    // Both have checked that no admin exists and are hashing its password when the gate opens.
    const starts = [accounts.ensureInitialAdmin(), accounts.ensureInitialAdmin()];
    await until(() => hasher.waiting === 2, 'both creations waiting at the hash');
    hasher.open();
    await expect(Promise.all(starts)).resolves.toEqual([undefined, undefined]);
    const admins = (await dataSource.query("SELECT username FROM users WHERE role = 'admin'")) as Array<{ username: string }>;
    expect(admins.map((row) => row.username)).toEqual(['admin']);
    expect(logger.lines).toEqual([]);
  });
});
