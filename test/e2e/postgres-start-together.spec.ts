import { Client } from 'pg';
import { AccountsService } from '../../src/accounts/accounts.service';
import { MIGRATIONS_LOCK } from '../../src/database/open-data-source';
import { connectToTestDatabase, waitForBlockedStatements } from '../support/test-database';
import { makeDataDir, removeDataDir, startServer, TestServer } from '../support/test-server';

/**
 * Servers starting together on one new PostgreSQL database (the nodes of a cluster) migrate it
 * one at a time. The test plays the first server: it holds the migrations lock and has created
 * TypeORM's migrations table in a transaction it has not committed yet.
 */
describe('servers starting together on a new PostgreSQL database', () => {
  let dataDir: string;
  let first: Client;
  let server: TestServer | undefined;

  beforeEach(async () => {
    dataDir = makeDataDir();
    first = await connectToTestDatabase(dataDir);
  });

  afterEach(async () => {
    await server?.stop();
    await first.end();
    removeDataDir(dataDir);
  });

  it('waits while another migrates, then starts on the schema it made', async () => {
    await first.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK]);
    await first.query('BEGIN');
    await first.query('CREATE TABLE migrations (id SERIAL PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL)');
    const starting = startServer({ dataDir });
    await waitForBlockedStatements(first, 1);
    await first.query('COMMIT');
    await first.query('SELECT pg_advisory_unlock($1)', [MIGRATIONS_LOCK]);
    server = await starting;
    expect(await server.app.get(AccountsService).findUser('admin')).toMatchObject({ role: 'admin' });
  });
});
