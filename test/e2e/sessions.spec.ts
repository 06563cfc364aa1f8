import { execFileSync } from 'node:child_process';
import { PasswordHasher } from '../../src/accounts/password-hasher';
import { LineClient } from '../support/line-client';
import { addUsers, CapturingLogger, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

/** The server side of an established connection on `port`, as `ss -o` shows it (timers included). */
function serverSocketInfo(port: number, clientPort: number): string {
  return execFileSync('ss', ['-tnoH', 'state', 'established', `( sport = :${port} and dport = :${clientPort} )`], {
    encoding: 'utf8',
  });
}

async function withServer(settings: Record<string, unknown>, run: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startServer({ settings, logger: new CapturingLogger() });
  try {
    await run(server);
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
}

describe('sessions: keepalive, on_conflict, and what an unauthenticated client is told', () => {
  it('turns TCP keepalive on for accepted connections (line.keepalive_seconds), and off with 0', async () => {
    for (const [seconds, expected] of [
      [60, /timer:\(keepalive,/],
      [0, /^(?![\s\S]*keepalive)/],
    ] as const) {
      await withServer({ 'line.keepalive_seconds': seconds }, async (server) => {
        const client = await LineClient.connect(server.port);
        await client.expectPrompt('Username: ');
        const info = serverSocketInfo(server.port, client.socket.localPort!);
        expect(info).toContain(`:${server.port}`);
        expect(info).toMatch(expected);
        client.close();
      });
    }
  });

  it('with session.on_conflict: replace, the right password takes over and the old session sees why', async () => {
    await withServer({ 'session.on_conflict': 'replace' }, async (server) => {
      await addUsers(server, 'bob', 'carol');
      const carol = await LineClient.login(server.port, 'carol', passwordOf('carol'));
      const old = await LineClient.login(server.port, 'bob', passwordOf('bob'));
      await carol.expectLine(/^\*\*\* bob has logged in$/);

      const wrong = await LineClient.connect(server.port);
      wrong.send('bob');
      wrong.send('not-the-password');
      await wrong.expectLine(/^Invalid username or password\.$/);
      wrong.close();

      const taking = await LineClient.login(server.port, 'bob', passwordOf('bob'));
      expect(await old.nextLine()).toBe('*** You were logged out: you logged in from another connection.');
      await old.expectClosed();
      await carol.expectLine(/^\*\*\* bob has logged out$/);
      await carol.expectLine(/^\*\*\* bob has logged in$/);
      carol.send('whoelse');
      expect(await carol.expectLine(/^Online: /)).toBe('Online: bob');
      taking.send('whoelse');
      expect(await taking.expectLine(/^Online: /)).toBe('Online: carol');
      taking.close();
      carol.close();
    });
  });

  it('tells a client whose login cannot be checked nothing about the state of the storage', async () => {
    await withServer({}, async (server) => {
      await addUsers(server, 'bob');
      const locked = Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
      jest.spyOn(server.app.get(PasswordHasher), 'verify').mockRejectedValueOnce(locked);
      const client = await LineClient.connect(server.port);
      client.send('bob');
      client.send(passwordOf('bob'));
      expect(await client.expectLine(/^Error: /)).toBe('Error: the server cannot check logins right now; please try again later.');
      await client.expectClosed();
    });
  });
});
