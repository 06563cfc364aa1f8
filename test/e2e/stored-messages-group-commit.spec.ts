import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useChatServer } from '../support/chat-fixture';
import { LineClient } from '../support/line-client';
import { parleyEnv, runParley, spawnServer, useScratchDir } from '../support/spawn-parley';

const LINE_TIMEOUT_MS = 15_000;
const SLOW_TEST_MS = 120_000;

describe('stored messages from many senders at once', () => {
  const chat = useChatServer({ 'stored_messages.quota': 5 });

  it('stores exactly up to the quota and tells every other sender the box is full', async () => {
    const [bob, ...senders] = await chat.users('bob', ...Array.from({ length: 12 }, (_, i) => `sender${i}_`));
    const clients = await Promise.all(senders.map((name) => chat.login(name)));
    for (const [i, client] of clients.entries()) client.send(`message ${bob} from ${i}`);
    const answers = await Promise.all(clients.map((client) => client.expectLine(/stored|full/)));
    expect(answers.filter((line) => /was stored/.test(line))).toHaveLength(5);
    expect(answers.filter((line) => /^Error: .*full/.test(line))).toHaveLength(7);

    const b = await chat.login(bob);
    await b.expectLine(/^You have 5 stored messages:$/);
  });
});

describe('stored messages acknowledged to many concurrent senders', () => {
  const scratch = useScratchDir();

  it('are all on disk when the server is killed with SIGKILL right after the last acknowledgement', async () => {
    const senders = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const recipients = ['r0', 'r1', 'r2', 'r3'];
    const usersFile = join(scratch(), 'users.txt');
    writeFileSync(usersFile, [...senders, ...recipients].map((name) => `${name} ${name}-pw`).join('\n') + '\n');
    const env = parleyEnv(join(scratch(), 'data'), { PARLEY_ADMIN_PASSWORD: 'admin-pw' });
    expect(await runParley(['import', '--users', usersFile], env, 60_000)).toMatchObject({ code: 0 });

    const first = await spawnServer(env);
    const clients: LineClient[] = [];
    for (const name of senders) clients.push(await LineClient.login(first.port, name, `${name}-pw`, LINE_TIMEOUT_MS));
    const expected = new Map(recipients.map((name) => [name, new Set<string>()]));
    // Every sender sends 10 messages in one packet, to the four recipients in turn.
    clients.forEach((client, i) => {
      let packet = '';
      for (let j = 0; j < 10; j++) {
        const recipient = recipients[(i + j) % recipients.length];
        expected.get(recipient)!.add(`${senders[i]} says ${j}`);
        packet += `message ${recipient} ${senders[i]} says ${j}\r\n`;
      }
      client.write(packet);
    });
    await Promise.all(
      clients.map(async (client) => {
        for (let j = 0; j < 10; j++) await client.expectLine(/offline; your message was stored/, LINE_TIMEOUT_MS);
      }),
    );
    first.proc.signal('SIGKILL');
    expect(await first.proc.waitForExit()).toEqual({ code: null, signal: 'SIGKILL' });
    for (const client of clients) client.close();

    const second = await spawnServer(env);
    for (const name of recipients) {
      const client = await LineClient.login(second.port, name, `${name}-pw`, LINE_TIMEOUT_MS);
      await client.expectLine(/^You have 100 stored messages:$/, LINE_TIMEOUT_MS);
      const received = new Set<string>();
      for (let i = 0; i < 100; i++) received.add(/\): (.*)$/.exec(await client.nextLine(LINE_TIMEOUT_MS))![1]);
      expect(received).toEqual(expected.get(name));
      client.close();
    }
  }, SLOW_TEST_MS);
});

describe('one sender with many stored messages in flight', () => {
  const chat = useChatServer({ 'stored_messages.quota': 30 });

  it('answers them in the order typed, stores them in that order, and answers the logout after them', async () => {
    const [alice, bob] = await chat.users('alice', 'bob');
    const a = await chat.login(alice);
    let packet = '';
    for (let i = 1; i <= 35; i++) packet += `message ${bob} number ${i}\r\n`;
    a.write(packet + 'logout\r\n');
    for (let i = 1; i <= 30; i++) expect(await a.nextLine()).toBe(`${bob} is offline; your message was stored.`);
    for (let i = 31; i <= 35; i++) expect(await a.nextLine()).toMatch(/^Error: .*full/);
    expect(await a.nextLine()).toBe(`Goodbye, ${alice}.`);

    const b = await chat.login(bob);
    await b.expectLine(/^You have 30 stored messages:$/);
    for (let i = 1; i <= 30; i++) expect(await b.nextLine()).toMatch(new RegExp(`^${alice} \\(stored [^)]+\\): number ${i}$`));
  });
});
