import { BlockList } from '../../src/chat/block-list';
import { AccountsService } from '../../src/accounts/accounts.service';
import { StoredMessagesRepository } from '../../src/chat/stored-messages.repository';
import { useChatServer } from '../support/chat-fixture';
import { LineClient } from '../support/line-client';
import { passwordOf } from '../support/test-server';

const STORED_LINE = /^(\S+) \(stored (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\): (.*)$/;

describe('stored messages', () => {
  const chat = useChatServer({ 'stored_messages.quota': 3 });
  const users = (...names: string[]) => chat.users(...names);
  const login = (name: string) => chat.login(name);

  async function logout(client: LineClient): Promise<void> {
    client.send('logout');
    await client.expectClosed();
  }

  it('hands stored messages over at login, oldest first, with their UTC time, then never again', async () => {
    const [alice, carol, bob] = await users('alice', 'carol', 'bob');
    const a = await login(alice);
    const before = Date.now();
    a.send(`message ${bob} first`);
    await a.expectLine(/offline.*stored|stored.*offline/);
    const c = await login(carol);
    c.send(`message ${bob} second  one`);
    await c.expectLine(/stored/);
    a.send(`message ${bob} third`);
    await a.expectLine(/stored/);

    const b = await login(bob);
    await b.expectLine(/^You have 3 stored messages:$/);
    const lines = [await b.nextLine(), await b.nextLine(), await b.nextLine()];
    const parsed = lines.map((line) => STORED_LINE.exec(line));
    expect(parsed.map((match) => [match?.[1], match?.[3]])).toEqual([
      [alice, 'first'],
      [carol, 'second  one'],
      [alice, 'third'],
    ]);
    const storedAt = Date.parse(parsed[0]![2]);
    expect(storedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(storedAt).toBeLessThanOrEqual(Date.now());

    await logout(b);
    const again = await login(bob);
    again.send('whoelse');
    const seen = await again.expectNoLine(/stored/);
    expect(seen.some((line) => line.startsWith('Online:'))).toBe(true);
  });

  it('delivers stored messages before live traffic', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await login(alice);
    a.send(`message ${bob} stored one`);
    await a.expectLine(/stored/);
    const b = await LineClient.connect(chat.server.port);
    chat.track(b);
    b.send(bob);
    b.send(passwordOf(bob));
    // Alice keeps talking while Bob logs in; whatever reaches Bob live comes after the stored one.
    a.send(`message ${bob} live one`);
    await b.expectLine(/^Welcome/);
    const storedLine = await b.expectLine(/stored one|live one/);
    expect(storedLine).toMatch(STORED_LINE);
  });

  it('does not deliver a stored message from a sender blocked after it was stored', async () => {
    const [alice, carol, bob] = await users('alice', 'carol', 'bob');
    const a = await login(alice);
    a.send(`message ${bob} from alice`);
    await a.expectLine(/stored/);
    const c = await login(carol);
    c.send(`message ${bob} from carol`);
    await c.expectLine(/stored/);

    const accounts = chat.server.app.get(AccountsService);
    const bobUser = (await accounts.findUser(bob))!;
    const aliceUser = (await accounts.findUser(alice))!;
    await chat.server.app.get(BlockList).block({ id: bobUser.id, key: bob }, aliceUser);

    const b = await login(bob);
    await b.expectLine(/^You have 1 stored messages:$/);
    await b.expectLine(new RegExp(`^${carol} \\(stored .*\\): from carol$`));
    await b.expectNoLine(/from alice/);
  });

  it("tells the sender when the recipient's stored-message box is full, and stores nothing more", async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await login(alice);
    for (const text of ['one', 'two', 'three']) {
      a.send(`message ${bob} ${text}`);
      await a.expectLine(/stored/);
    }
    a.send(`message ${bob} four`);
    const full = await a.expectLine(/^Error: /);
    expect(full).toMatch(/full/);
    expect(full).not.toMatch(/was stored/);

    const b = await login(bob);
    await b.expectLine(/^You have 3 stored messages:$/);
  });

  it('keeps what was not written when the recipient disconnects during the handover', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const accounts = chat.server.app.get(AccountsService);
    const bobUser = (await accounts.findUser(bob))!;
    const repository = chat.server.app.get(StoredMessagesRepository);
    const total = 2000;
    const padding = 'x'.repeat(3000);
    // Bypasses the quota on purpose: this seeds a large backlog directly.
    const backlog = Array.from({ length: total }, (_, i) => ({
      recipientId: bobUser.id,
      senderName: alice,
      senderKey: alice,
      body: `#${i} ${padding}`,
      createdAt: new Date(),
    }));
    for (let i = 0; i < total; i += 250) await repository.insertWithinQuota(backlog.slice(i, i + 250), Infinity);

    const quitter = await LineClient.connect(chat.server.port);
    quitter.send(bob);
    quitter.send(passwordOf(bob));
    await quitter.expectLine(new RegExp(`^You have ${total} stored messages:$`));
    const firstSeen = new Set<number>();
    for (let i = 0; i < 10; i++) firstSeen.add(Number(/#(\d+)/.exec(await quitter.nextLine())![1]));
    quitter.socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    quitter.close();
    await new Promise((resolve) => setTimeout(resolve, 200));

    const b = await login(bob);
    const header = await b.expectLine(/^You have \d+ stored messages:$/);
    const remaining = Number(/(\d+)/.exec(header)![1]);
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(total);
    const secondSeen: number[] = [];
    for (let i = 0; i < remaining; i++) secondSeen.push(Number(/#(\d+)/.exec(await b.nextLine())![1]));
    // Nothing lost: everything the first connection did not get to is in the second handover, in order.
    const lastHandedOver = total - remaining;
    expect(secondSeen[0]).toBe(lastHandedOver);
    expect(secondSeen).toEqual([...secondSeen].sort((x, y) => x - y));
    expect(secondSeen[secondSeen.length - 1]).toBe(total - 1);
    expect([...firstSeen].every((n) => n < lastHandedOver)).toBe(true);
  });
});
