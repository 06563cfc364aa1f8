import { Client } from 'pg';
import { AccountsService } from '../../src/accounts/accounts.service';
import { AdminClient } from '../support/admin-client';
import { LineClient } from '../support/line-client';
import { connectToTestDatabase, waitForBlockedStatements } from '../support/test-database';
import { ADMIN_PASSWORD, addUsers, makeDataDir, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

/**
 * The rules that need a transaction on PostgreSQL, where several processes (or one process's
 * pooled connections) write at once. Each test holds a lock of its own as a gate, so the
 * competing statements are known to overlap: no sleeps.
 */
describe('PostgreSQL transactions', () => {
  let dataDir: string;
  const servers: TestServer[] = [];
  const clients: LineClient[] = [];
  let db: Client;

  beforeEach(async () => {
    dataDir = makeDataDir();
    db = await connectToTestDatabase(dataDir);
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await db.query('ROLLBACK').catch(() => {});
    await db.end();
    for (const server of servers.splice(0)) await server.stop();
    removeDataDir(dataDir);
  });

  async function start(settings: Record<string, unknown> = {}): Promise<TestServer> {
    const server = await startServer({ dataDir, settings });
    servers.push(server);
    return server;
  }

  async function login(server: TestServer, name: string): Promise<LineClient> {
    const client = await LineClient.login(server.port, name, passwordOf(name));
    clients.push(client);
    return client;
  }

  it('keeps stored_messages.quota exact for senders on two processes writing at the same moment', async () => {
    const one = await start({ 'stored_messages.quota': 1 });
    const two = await start({ 'stored_messages.quota': 1 });
    await addUsers(one, 'alice', 'carol', 'bob');
    const alice = await login(one, 'alice');
    const carol = await login(two, 'carol');

    // The gate: inserts into stored_messages wait; reads (the quota count) do not.
    await db.query('BEGIN');
    await db.query('LOCK TABLE stored_messages IN SHARE MODE');
    alice.send('message bob from alice');
    carol.send('message bob from carol');
    await waitForBlockedStatements(db, 2);
    await db.query('COMMIT');

    const replies = [await alice.expectLine(/stored|full/), await carol.expectLine(/stored|full/)];
    expect(replies.filter((reply) => /offline.*stored/.test(reply))).toHaveLength(1);
    expect(replies.filter((reply) => /box is full/.test(reply))).toHaveLength(1);
    const { rows } = await db.query('SELECT COUNT(*)::int AS n FROM stored_messages');
    expect(rows[0].n).toBe(1);
  });

  it('never lets two admins demoting each other at once leave no admin', async () => {
    const server = await start();
    await server.app.get(AccountsService).createUser('heidi', passwordOf('heidi'), 'admin');
    const http = new AdminClient(server.httpUrl);
    const asAdmin = http.as(await http.login('admin', ADMIN_PASSWORD));
    const asHeidi = http.as(await http.login('heidi', passwordOf('heidi')));

    // The gate: both admin rows are locked, so both demotions are under way before either commits.
    await db.query('BEGIN');
    await db.query("SELECT id FROM users WHERE role = 'admin' FOR UPDATE");
    const demotions = Promise.all([
      asAdmin.put('/api/users/heidi/role', { role: 'user' }),
      asHeidi.put('/api/users/admin/role', { role: 'user' }),
    ]);
    demotions.catch(() => {}); // awaited below; a failure before that must fail the test, not the worker
    await waitForBlockedStatements(db, 2);
    await db.query('COMMIT');

    const statuses = (await demotions).map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409]);
    const { rows } = await db.query("SELECT COUNT(*)::int AS n FROM users WHERE role = 'admin'");
    expect(rows[0].n).toBe(1);
  });
});
