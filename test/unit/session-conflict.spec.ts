import { AccountsService } from '../../src/accounts/accounts.service';
import { PasswordHasher } from '../../src/accounts/password-hasher';
import { UsersRepository } from '../../src/accounts/users.repository';
import { ChatEvent } from '../../src/chat/chat-events';
import { PresenceService } from '../../src/chat/presence.service';
import { REPLACED_NOTICE, SessionOpener } from '../../src/chat/session-opener';
import { Gate } from '../support/deferred-gate';
import { TestEndpoint } from '../support/test-endpoint';
import { CapturingLogger, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

describe('session.on_conflict: replace (real SQLite, gates)', () => {
  let server: TestServer;
  let opener: SessionOpener;
  let accounts: AccountsService;

  beforeAll(async () => {
    server = await startServer({ settings: { 'session.on_conflict': 'replace' }, logger: new CapturingLogger() });
    opener = server.app.get(SessionOpener);
    accounts = server.app.get(AccountsService);
    for (const name of ['bob', 'carol']) await accounts.createUser(name, passwordOf(name));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  async function online(name: string, endpoint = new TestEndpoint()) {
    const outcome = await opener.logIn(name, passwordOf(name), endpoint);
    if (outcome.status !== 'ok') throw new Error(`login of ${name}: ${outcome.status}`);
    await opener.handOver(outcome.session, endpoint);
    opener.goLive(outcome.session);
    return { session: outcome.session, endpoint };
  }

  const presenceOf = (events: ChatEvent[], user: string) =>
    events.filter((event) => event.type === 'presence' && event.user === user).map((event) => event.type === 'presence' && event.online);

  it('keeps one session when two replacing logins race, and the others see presence that adds up', async () => {
    const carol = await online('carol');
    const first = await online('bob');
    const recordLoginWrites = server.app.get(UsersRepository).recordLoginWrites.bind(server.app.get(UsersRepository));
    const gate = new Gate();
    // The first batch that marks a login (the lockout reset before it goes through the same writer).
    let gated = false;
    jest.spyOn(server.app.get(UsersRepository), 'recordLoginWrites').mockImplementation(async (writes) => {
      if (!gated && writes.some((write) => write.loginAt)) {
        gated = true;
        await gate.wait();
      }
      return recordLoginWrites(writes);
    });

    // A claims bob (ending the first session) and waits in its login bookkeeping; B then claims bob from A.
    const a = new TestEndpoint();
    const loggingInA = opener.logIn('bob', passwordOf('bob'), a);
    await gate.reached;
    const b = new TestEndpoint();
    const loggingInB = opener.logIn('bob', passwordOf('bob'), b);
    // B verifies its password (real argon2), then ends A.
    while (a.disconnects.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gate.resolve();
    const [outcomeA, outcomeB] = await Promise.all([loggingInA, loggingInB]);

    expect(outcomeA).toEqual({ status: 'ended' });
    expect(outcomeB).toMatchObject({ status: 'ok' });
    for (const replaced of [first.endpoint, a]) {
      expect(replaced.events).toContainEqual({ type: 'notice', text: REPLACED_NOTICE });
      expect(replaced.disconnects).toEqual(['replaced']);
    }
    const bobs = server.app.get(PresenceService).online().filter((session) => session.name === 'bob');
    expect(bobs).toHaveLength(1);
    expect(bobs[0].endpoint).toBe(b);
    // carol saw bob's first session come and go, then one new one: never two logins without a logout between.
    expect(presenceOf(carol.endpoint.events, 'bob')).toEqual([true, false, true]);
  });

  it('lets the later of two logins released in the same turn win, the earlier one being replaced', async () => {
    const first = await online('bob');
    const hasher = server.app.get(PasswordHasher);
    const verify = hasher.verify.bind(hasher);
    // Both passwords are checked, then both logins go on in the same turn.
    const gates = [new Gate<boolean>(), new Gate<boolean>()];
    jest
      .spyOn(hasher, 'verify')
      .mockImplementationOnce(async (hash, password) => gates[0].wait(await verify(hash, password)))
      .mockImplementationOnce(async (hash, password) => gates[1].wait(await verify(hash, password)));
    const [a, b] = [new TestEndpoint(), new TestEndpoint()];
    const loggingIn = [opener.logIn('bob', passwordOf('bob'), a), opener.logIn('bob', passwordOf('bob'), b)];
    await Promise.all(gates.map((gate) => gate.reached));
    for (const gate of gates) gate.resolve(gate.value!);
    const outcomes = await Promise.all(loggingIn);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['ended', 'ok']);
    const winner = outcomes[0].status === 'ok' ? a : b;
    const bobs = server.app.get(PresenceService).online().filter((session) => session.name === 'bob');
    expect(bobs.map((session) => session.endpoint)).toEqual([winner]);
    expect(first.endpoint.disconnects).toEqual(['replaced']);
    expect((winner === a ? b : a).disconnects).toEqual(['replaced']);
  });

  it('leaves the session alone when the new login has the wrong password', async () => {
    const first = await online('carol');
    const other = new TestEndpoint();
    expect(await opener.logIn('carol', 'wrong', other)).toEqual({ status: 'invalid' });
    expect(first.endpoint.disconnects).toEqual([]);
    expect(first.session.ended).toBe(false);
  });
});
