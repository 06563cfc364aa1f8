import { AccountsService } from '../../src/accounts/accounts.service';
import { StoredMessagesRepository } from '../../src/chat/stored-messages.repository';
import { StoredMessageWriter } from '../../src/chat/stored-message-writer';
import { Gate } from '../support/deferred-gate';
import { CapturingLogger, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

/**
 * On PostgreSQL a batch looks its recipients up, then counts and inserts in one transaction.
 * A recipient deleted between the two breaks the INSERT's foreign key: the writer retries the
 * batch message by message, so only that message fails.
 */
describe('stored-message batches on PostgreSQL (gates)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ logger: new CapturingLogger() });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('fails only the message whose recipient was deleted between lookup and INSERT', async () => {
    const accounts = server.app.get(AccountsService);
    const repository = server.app.get(StoredMessagesRepository);
    const writer = server.app.get(StoredMessageWriter);
    const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'];
    for (const name of [alice, bob, carol, dave]) await accounts.createUser(name, passwordOf(name));
    const message = (to: string, body: string) => ({ recipientName: to, senderName: alice, senderKey: alice, body, createdAt: new Date() });
    const first = new Gate();
    const insert = repository.insertWithinQuota.bind(repository);
    const spy = jest
      .spyOn(repository, 'insertWithinQuota')
      .mockImplementationOnce(async (rows, quota) => {
        await first.wait();
        return insert(rows, quota);
      })
      .mockImplementationOnce(async (rows, quota) => {
        // The batch of bob and carol has looked its recipients up; bob goes before the INSERT.
        await accounts.deleteUser((await accounts.findUser(bob))!);
        return insert(rows, quota);
      });
    const toDave = writer.write(message(dave, 'first batch'));
    await first.reached;
    const toBob = writer.write(message(bob, 'bob is deleted meanwhile'));
    const toCarol = writer.write(message(carol, 'same batch as bob'));
    first.resolve();

    expect(await toDave).toEqual({ status: 'stored', recipient: dave });
    expect(await toBob).toEqual({ status: 'unknown-user' });
    expect(await toCarol).toEqual({ status: 'stored', recipient: carol });
    expect(spy.mock.calls[1][0]).toHaveLength(2);
    expect(await repository.countFor((await accounts.findUser(carol))!.id)).toBe(1);
  });
});
