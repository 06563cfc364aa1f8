import { StoredMessagesRepository } from '../../src/chat/stored-messages.repository';
import { AccountsService } from '../../src/accounts/accounts.service';
import { LineClient } from '../support/line-client';
import { addUsers, makeDataDir, passwordOf, removeDataDir, startServer } from '../support/test-server';

const FAST = { 'line.commands_per_second': 100_000, 'line.command_burst': 100_000 };

/** Every line until the server closes the connection. */
async function linesUntilClosed(client: LineClient): Promise<string[]> {
  const lines: string[] = [];
  try {
    for (;;) lines.push(await client.nextLine(10_000));
  } catch {
    return lines;
  }
}

function numbersIn(lines: string[]): number[] {
  return lines.flatMap((line) => {
    const match = /\(stored [^)]+\): #(\d+)$/.exec(line);
    return match ? [Number(match[1])] : [];
  });
}

describe('graceful shutdown', () => {
  const dataDir = makeDataDir();
  afterAll(() => removeDataDir(dataDir));

  it('loses no acknowledged message sent while the server stops', async () => {
    const first = await startServer({ dataDir, settings: FAST });
    await addUsers(first, 'alice', 'bob');
    const alice = await LineClient.login(first.port, 'alice', passwordOf('alice'));
    for (let i = 0; i < 300; i++) alice.send(`message bob #${i}`);
    await alice.expectLine(/your message was stored/);
    const stopping = first.stop();
    const acknowledged = (await linesUntilClosed(alice)).filter((line) => /was stored/.test(line)).length + 1;
    await stopping;

    const second = await startServer({ dataDir, settings: FAST });
    try {
      const bob = await LineClient.login(second.port, 'bob', passwordOf('bob'));
      bob.send('whoelse');
      const lines: string[] = [];
      for (let line = await bob.nextLine(); !line.startsWith('Online: '); line = await bob.nextLine()) lines.push(line);
      const stored = numbersIn(lines);
      // Acknowledgements come in order, so the first `acknowledged` messages must all be there, once each.
      expect(stored.slice(0, acknowledged)).toEqual([...Array(acknowledged).keys()]);
      expect(new Set(stored).size).toBe(stored.length);
      bob.close();
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('shows no stored message twice when it stops during a handover', async () => {
    const first = await startServer({ dataDir, settings: FAST });
    await addUsers(first, 'carol');
    const carol = (await first.app.get(AccountsService).findUser('carol'))!;
    const repository = first.app.get(StoredMessagesRepository);
    const total = 1600;
    for (let i = 0; i < total; i++) {
      await repository.add({ recipientId: carol.id, senderName: 'dave', senderKey: 'dave', body: `#${i}`, createdAt: new Date() });
    }
    const client = await LineClient.connect(first.port);
    client.send('carol');
    client.send(passwordOf('carol'));
    await client.expectLine(/^You have 1600 stored messages:$/);
    const stopping = first.stop();
    const firstSeen = numbersIn(await linesUntilClosed(client));
    await stopping;

    const second = await startServer({ dataDir, settings: FAST });
    try {
      const again = await LineClient.login(second.port, 'carol', passwordOf('carol'));
      again.send('whoelse');
      const lines: string[] = [];
      for (let line = await again.nextLine(); !line.startsWith('Online: '); line = await again.nextLine()) lines.push(line);
      const secondSeen = numbersIn(lines);
      expect(firstSeen.length).toBeGreaterThan(0);
      expect([...firstSeen, ...secondSeen]).toEqual([...Array(total).keys()]);
      again.close();
    } finally {
      await second.stop();
    }
  }, 60_000);
});
