import { AccountsService } from '../../src/accounts/accounts.service';
import { UsersRepository } from '../../src/accounts/users.repository';
import { BlockingService } from '../../src/chat/blocking.service';
import { ChatError, ChatErrorCode } from '../../src/chat/chat-errors';
import { ChatSession } from '../../src/chat/chat-session';
import { MessagingService } from '../../src/chat/messaging.service';
import { PendingWrites } from '../../src/chat/pending-writes';
import { PresenceService } from '../../src/chat/presence.service';
import { SessionOpener } from '../../src/chat/session-opener';
import { StoredMessagesRepository } from '../../src/chat/stored-messages.repository';
import { StoredMessagesService } from '../../src/chat/stored-messages.service';
import { StoredMessageWriter } from '../../src/chat/stored-message-writer';
import { Gate } from '../support/deferred-gate';
import { TestEndpoint } from '../support/test-endpoint';
import { CapturingLogger, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

/** Waits (polling, never asserting on time) until `check` stops throwing. */
async function eventually(check: () => void | Promise<void>): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

const locked = () => Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });

describe('the session opener: handover, held traffic and stored messages (real SQLite, gates)', () => {
  let server: TestServer;
  let opener: SessionOpener;
  let messaging: MessagingService;
  let stored: StoredMessagesService;
  let repository: StoredMessagesRepository;
  let accounts: AccountsService;
  let counter = 0;

  beforeAll(async () => {
    server = await startServer({ settings: { 'line.max_send_queue_bytes': 65536 }, logger: new CapturingLogger() });
    opener = server.app.get(SessionOpener);
    messaging = server.app.get(MessagingService);
    stored = server.app.get(StoredMessagesService);
    repository = server.app.get(StoredMessagesRepository);
    accounts = server.app.get(AccountsService);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  async function users(...names: string[]): Promise<string[]> {
    const unique = names.map((name) => `${name}${++counter}`);
    for (const name of unique) await accounts.createUser(name, passwordOf(name));
    return unique;
  }

  /** Logs in and stops before the handover: live events are held. */
  async function loggedIn(name: string, endpoint = new TestEndpoint()): Promise<{ session: ChatSession; endpoint: TestEndpoint }> {
    const outcome = await opener.logIn(name, passwordOf(name), endpoint);
    if (outcome.status !== 'ok') throw new Error(`login of ${name}: ${outcome.status}`);
    return { session: outcome.session, endpoint };
  }

  async function online(name: string): Promise<{ session: ChatSession; endpoint: TestEndpoint }> {
    const opened = await loggedIn(name);
    expect(await opener.handOver(opened.session, opened.endpoint)).toEqual({ status: 'done' });
    opener.goLive(opened.session);
    return opened;
  }

  async function idOf(name: string): Promise<number> {
    return (await accounts.findUser(name))!.id;
  }

  it('stores a private message held for a session that ends before its handover is done', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await online(alice);
    await stored.store(a.session, bob, 'waiting');
    const gate = new Gate<boolean>();
    const b = await loggedIn(bob, Object.assign(new TestEndpoint(), { writeGate: gate }));
    const handing = opener.handOver(b.session, b.endpoint);
    await gate.reached;

    // bob is online, so alice is told nothing but that it went through.
    expect(await messaging.sendPrivate(a.session, bob, 'held one')).toEqual({ status: 'delivered', recipient: bob });
    messaging.broadcast(a.session, 'a broadcast is only dropped');
    b.endpoint.ended = true;
    opener.close(b.session, 'disconnect');
    gate.resolve(false);
    await handing;
    await server.app.get(PendingWrites).drain();

    const again = await online(bob);
    expect(again.endpoint.rounds).toEqual([{ total: 2, texts: ['waiting', 'held one'] }]);
    expect(again.endpoint.events).toEqual([]);
  });

  it('hands a message committed after the recipient logged in over in that session', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await online(alice);
    const commit = new Gate();
    const insert = repository.insertAddressed.bind(repository);
    jest.spyOn(repository, 'insertAddressed').mockImplementationOnce(async (rows, quota) => {
      await commit.wait();
      return insert(rows, quota);
    });
    // alice saw bob offline; the commit is held while bob logs in and finds nothing stored.
    const sending = messaging.sendPrivate(a.session, bob, 'racing the login');
    await commit.reached;
    const b = await online(bob);
    expect(b.endpoint.rounds).toEqual([]);

    commit.resolve();
    expect(await sending).toEqual({ status: 'stored', recipient: bob });
    await eventually(() => expect(b.endpoint.rounds).toEqual([{ total: 1, texts: ['racing the login'] }]));
    await eventually(async () => expect(await repository.countFor(await idOf(bob))).toBe(0));
  });

  it('announces in each round exactly the messages that follow, a late one in a round of its own', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await online(alice);
    await stored.store(a.session, bob, 'one');
    await stored.store(a.session, bob, 'two');
    const gate = new Gate<boolean>();
    const b = await loggedIn(bob, Object.assign(new TestEndpoint(), { writeGate: gate }));
    const handing = opener.handOver(b.session, b.endpoint);
    await gate.reached;
    // Committed mid-handover (the sender checked "online?" before bob logged in).
    await stored.store(a.session, bob, 'late');
    gate.resolve(true);
    await handing;

    expect(b.endpoint.rounds).toEqual([
      { total: 2, texts: ['one', 'two'] },
      { total: 1, texts: ['late'] },
    ]);
  });

  it('never shows a message twice when its delete fails after a confirmed write', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await online(alice);
    await stored.store(a.session, bob, 'one');
    await stored.store(a.session, bob, 'two');
    const deleteIds = jest.spyOn(repository, 'deleteIds').mockRejectedValueOnce(locked()).mockRejectedValueOnce(locked());

    const first = await online(bob);
    expect(first.endpoint.storedTexts).toEqual(['one', 'two']);
    opener.close(first.session, 'logout');
    // The retry at the next login fails too: the messages stay hidden all the same.
    const second = await online(bob);
    expect(second.endpoint.rounds).toEqual([]);
    expect(await repository.countFor(await idOf(bob))).toBe(2);
    opener.close(second.session, 'logout');

    const third = await online(bob);
    expect(third.endpoint.rounds).toEqual([]);
    expect(await repository.countFor(await idOf(bob))).toBe(0);
    expect(deleteIds).toHaveBeenCalledTimes(3);
  });

  it('cuts a session whose held events and unread output pass the send-queue cap, keeping its private messages', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await online(alice);
    const b = await loggedIn(bob);
    b.endpoint.queued = 60_000;
    messaging.broadcast(a.session, 'x'.repeat(2000));
    await messaging.sendPrivate(a.session, bob, 'keep me');
    expect(b.endpoint.disconnects).toEqual([]);
    messaging.broadcast(a.session, 'x'.repeat(4000));

    expect(b.endpoint.disconnects).toEqual(['send-queue']);
    expect(b.session.ended).toBe(true);
    await server.app.get(PendingWrites).drain();
    const again = await online(bob);
    expect(again.endpoint.storedTexts).toEqual(['keep me']);
    expect(a.endpoint.events).toContainEqual({ type: 'presence', user: bob, online: false });
  });

  it('cuts a session that passes the cap while its login is still being recorded', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await online(alice);
    const usersRepository = server.app.get(UsersRepository);
    const recordLoginWrites = usersRepository.recordLoginWrites.bind(usersRepository);
    const gate = new Gate();
    // The batch that marks the login (the lockout reset before it goes through the same writer).
    let gated = false;
    jest.spyOn(usersRepository, 'recordLoginWrites').mockImplementation(async (writes) => {
      if (!gated && writes.some((write) => write.loginAt)) {
        gated = true;
        await gate.wait();
      }
      return recordLoginWrites(writes);
    });
    const endpoint = Object.assign(new TestEndpoint(), { queued: 65_000 });
    const loggingIn = opener.logIn(bob, passwordOf(bob), endpoint);
    await gate.reached;
    messaging.broadcast(a.session, 'x'.repeat(1000));
    gate.resolve();

    expect(await loggingIn).toEqual({ status: 'ended' });
    expect(endpoint.disconnects).toEqual(['send-queue']);
    expect(server.app.get(PresenceService).online().map((session) => session.name)).not.toContain(bob);
  });

  it('fails only the message whose recipient was deleted mid-batch, not the rest of its group commit', async () => {
    const [alice, bob, carol, dave] = await users('alice', 'bob', 'carol', 'dave');
    const writer = server.app.get(StoredMessageWriter);
    const message = (to: string, body: string) => ({ recipientName: to, senderName: alice, senderKey: alice, body, createdAt: new Date() });
    const first = new Gate();
    const insert = repository.insertAddressed.bind(repository);
    jest
      .spyOn(repository, 'insertAddressed')
      .mockImplementationOnce(async (rows, quota) => {
        await first.wait();
        return insert(rows, quota);
      })
      .mockImplementationOnce(async (rows, quota) => {
        // bob's account goes after his message was queued, before its batch's statement.
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
    expect(await repository.countFor(await idOf(carol))).toBe(1);
  });

  it('resolves block and unblock targets by name in the core, as any front door needs them', async () => {
    const [alice, bob, carol] = await users('alice', 'Bob', 'carol');
    const blocking = server.app.get(BlockingService);
    const a = await online(alice);
    expect(await blocking.block(a.session, bob.toLowerCase())).toBe(bob);
    expect(await blocking.block(a.session, carol)).toBe(carol);
    expect(await blocking.blocked(a.session)).toEqual([bob, carol]);
    expect(await blocking.unblock(a.session, carol.toUpperCase())).toBe(carol);
    await expect(blocking.unblock(a.session, carol)).rejects.toEqual(new ChatError(ChatErrorCode.NotBlocked, carol));
    await expect(blocking.block(a.session, 'nobody-here')).rejects.toEqual(new ChatError(ChatErrorCode.UnknownUser, 'nobody-here'));
    expect(await blocking.blocked(a.session)).toEqual([bob]);
  });
});
