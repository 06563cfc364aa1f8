import { LineClient } from '../support/line-client';
import { holdWriteLock, mountSmallDisk, SmallDisk } from '../support/database-faults';
import { addUsers, CapturingLogger, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

/** Reads a login's stored-message handover: the texts, in order. */
async function storedMessagesOf(port: number, name: string): Promise<string[]> {
  const client = await LineClient.login(port, name, passwordOf(name));
  try {
    client.send('whoelse');
    const texts: string[] = [];
    for (;;) {
      const line = await client.nextLine();
      if (line.startsWith('Online: ')) return texts;
      const stored = /^\S+ \(stored [^)]+\): (.*)$/.exec(line);
      if (stored) texts.push(stored[1]);
    }
  } finally {
    client.close();
  }
}

describe('a database locked by another process', () => {
  let server: TestServer;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    server = await startServer({ settings: { 'data.busy_timeout_ms': 200 }, logger });
    await addUsers(server, 'alice', 'bob', 'carol', 'dave');
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('gives clear Error lines, keeps serving, and stores nothing it did not acknowledge', async () => {
    const alice = await LineClient.login(server.port, 'alice', passwordOf('alice'));
    const lock = await holdWriteLock(server.dataDir);
    try {
      alice.send('message bob while locked');
      expect(await alice.expectLine(/^Error: /)).toBe(
        'Error: message failed because the database is locked by another process; nothing was saved. Please try again later.',
      );
      alice.send('block carol');
      expect(await alice.expectLine(/^Error: /)).toMatch(/^Error: block failed because the database is locked/);
      // What needs no database goes on.
      alice.send('whoelse');
      await alice.expectLine(/^Online: /);

      const dave = await LineClient.connect(server.port);
      dave.send('dave');
      dave.send(passwordOf('dave'));
      // Before authentication the client learns nothing about the server's storage.
      expect(await dave.expectLine(/^Error: /)).toBe('Error: the server cannot check logins right now; please try again later.');
      await dave.expectClosed();
    } finally {
      await lock.release();
    }

    alice.send('message bob after the lock');
    await alice.expectLine(/^bob is offline; your message was stored\.$/);
    // The failed block left nothing behind, in memory or on disk.
    alice.send('unblock carol');
    await alice.expectLine(/^Error: carol is not blocked\.$/);
    alice.close();

    expect(await storedMessagesOf(server.port, 'bob')).toEqual(['after the lock']);
    expect(logger.lines).toEqual(
      expect.arrayContaining([
        'message by alice failed: SQLITE_BUSY: database is locked',
        'block by alice failed: SQLITE_BUSY: database is locked',
        'login check for dave failed: SQLITE_BUSY: database is locked',
      ]),
    );
    (await LineClient.login(server.port, 'dave', passwordOf('dave'))).close();
  });
});

describe('a full disk', () => {
  let disk: SmallDisk | undefined;
  let server: TestServer | undefined;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    disk = mountSmallDisk(4096);
    if (!disk) {
      console.warn('faults.spec: skipping the full-disk test: cannot mount a tmpfs here (needs root).');
      return;
    }
    server = await startServer({ dataDir: disk.dir, logger });
    await addUsers(server, 'alice', 'bob');
  });
  afterAll(async () => {
    await server?.stop();
    disk?.unmount();
  });

  it('refuses to store with a clear Error line, loses no acknowledged message and recovers', async () => {
    if (!server || !disk) return;
    const alice = await LineClient.login(server.port, 'alice', passwordOf('alice'));
    const acknowledged: string[] = [];
    for (const text of ['before 1', 'before 2']) {
      alice.send(`message bob ${text}`);
      await alice.expectLine(/^bob is offline; your message was stored\.$/);
      acknowledged.push(text);
    }
    const giveBack = disk.fill();
    let error: string | undefined;
    const padding = 'p'.repeat(3000);
    // Commits fit in WAL space already on disk until the log has to grow.
    for (let i = 0; i < 2000 && !error; i++) {
      alice.send(`message bob ${i} ${padding}`);
      const reply = await alice.expectLine(/^(bob is offline|Error: )/);
      if (reply.startsWith('Error: ')) error = reply;
      else acknowledged.push(`${i} ${padding}`);
    }
    giveBack();
    expect(error).toBe("Error: message failed because the server's disk is full; nothing was saved. Please try again later.");
    expect(logger.lines).toContain('message by alice failed: SQLITE_FULL: database or disk is full');

    alice.send('message bob after space came back');
    await alice.expectLine(/^bob is offline; your message was stored\.$/);
    acknowledged.push('after space came back');
    alice.close();
    expect(await storedMessagesOf(server.port, 'bob')).toEqual(acknowledged);
  }, 60_000);
});
