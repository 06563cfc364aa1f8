import { AccountsService } from '../../src/accounts/accounts.service';
import { SessionControlService } from '../../src/chat/session-control.service';
import { StoredMessagesRepository } from '../../src/chat/stored-messages.repository';
import { Gate } from '../support/deferred-gate';
import { LineClient } from '../support/line-client';
import { addUsers, CapturingLogger, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

const CAP = 65536;

describe('live traffic held during a stored-message handover (real sockets)', () => {
  let server: TestServer;
  const logger = new CapturingLogger();
  let counter = 0;
  const clients: LineClient[] = [];

  beforeAll(async () => {
    const settings = { 'line.max_send_queue_bytes': CAP, 'stored_messages.quota': 10_000, 'line.command_burst': 1000 };
    server = await startServer({ settings, logger });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  async function users(...names: string[]): Promise<string[]> {
    const unique = names.map((name) => `${name}${++counter}`);
    await addUsers(server, ...unique);
    return unique;
  }

  async function login(name: string): Promise<LineClient> {
    const client = await LineClient.login(server.port, name, passwordOf(name));
    clients.push(client);
    return client;
  }

  /** Stores `count` messages for `recipient` straight through the repository (fast set-up). */
  async function seed(recipient: string, sender: string, count: number, body: string): Promise<void> {
    const recipientId = (await server.app.get(AccountsService).findUser(recipient))!.id;
    const repository = server.app.get(StoredMessagesRepository);
    for (let done = 0; done < count; done += 500) {
      const rows = Array.from({ length: Math.min(500, count - done) }, (_, i) => ({
        recipientId,
        senderName: sender,
        senderKey: sender,
        body: `${done + i} ${body}`,
        createdAt: new Date(),
      }));
      await repository.insertWithinQuota(rows, 10_000);
    }
  }

  it('cuts off a client that never reads once held events and unread output pass line.max_send_queue_bytes', async () => {
    const [alice, bob] = await users('alice', 'bob');
    await seed(bob, alice, 5000, 'x'.repeat(3900));
    const a = await login(alice);

    const b = await LineClient.connect(server.port);
    clients.push(b);
    b.send(bob);
    b.send(passwordOf(bob));
    b.socket.pause(); // never reads again: 20 MB of stored messages back up in the kernel and the server
    await a.expectLine(new RegExp(`^\\*\\*\\* ${bob} has logged in$`));

    const line = 'y'.repeat(1000);
    for (let i = 0; i < 200; i++) a.send(`broadcast ${i} ${line}`);
    await a.expectLine(new RegExp(`^\\*\\*\\* ${bob} has logged out$`), 10_000);
    expect(server.app.get(SessionControlService).find(bob)).toBeUndefined();
    expect(logger.lines).toContainEqual(expect.stringMatching(new RegExp(`^dropped ${bob} from .*: it does not read`)));
  }, 30_000);

  it('stores a private message held for a session that ends before its handover reached the socket', async () => {
    const [alice, bob] = await users('alice', 'bob');
    await seed(bob, alice, 1, 'stored before');
    const a = await login(alice);
    const repository = server.app.get(StoredMessagesRepository);
    const deleteIds = repository.deleteIds.bind(repository);
    const gate = new Gate();
    // The first batch is on bob's socket; the handover waits on its delete.
    jest.spyOn(repository, 'deleteIds').mockImplementationOnce(async (ids) => {
      await gate.wait();
      return deleteIds(ids);
    });
    const b = await LineClient.connect(server.port);
    b.send(bob);
    b.send(passwordOf(bob));
    await b.expectLine(/^You have 1 stored messages:$/);
    await gate.reached;

    a.send(`message ${bob} sent during the handover`);
    a.send('whoelse');
    await a.expectLine(/^Online: /);
    b.close();
    await a.expectLine(new RegExp(`^\\*\\*\\* ${bob} has logged out$`));
    gate.resolve();

    const again = await login(bob);
    again.send('whoelse');
    expect(await again.expectLine(/stored/)).toBe('You have 1 stored messages:');
    expect(await again.nextLine()).toMatch(new RegExp(`^${alice} \\(stored [^)]+\\): sent during the handover$`));
    expect(await again.nextLine()).toMatch(/^Online: /);
  });
});
