import { useChatServer } from '../support/chat-fixture';
import { LineClient } from '../support/line-client';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('connection limits', () => {
  const chat = useChatServer({ 'line.max_connections': 4, 'line.max_connections_per_address': 2 });

  async function connected(localAddress: string): Promise<LineClient> {
    const client = chat.track(await LineClient.connect(chat.server.port, '127.0.0.1', localAddress));
    await client.expectPrompt('Username: ');
    return client;
  }

  it('refuses a connection past the per-address limit with an Error line, and accepts other addresses', async () => {
    await connected('127.0.0.1');
    const second = await connected('127.0.0.1');
    const third = chat.track(await LineClient.connect(chat.server.port, '127.0.0.1', '127.0.0.1'));
    expect(await third.expectLine(/^Error: /)).toMatch(/too many connections from your address/);
    await third.expectClosed();

    await connected('127.0.0.2');
    // A closed connection frees its slot.
    second.close();
    await sleep(100);
    await connected('127.0.0.1');
  });

  it('refuses a connection past the total limit', async () => {
    const addresses = ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];
    const clients = [];
    for (const address of addresses) clients.push(await connected(address));
    const fifth = chat.track(await LineClient.connect(chat.server.port, '127.0.0.1', '127.0.0.7'));
    expect(await fifth.expectLine(/^Error: /)).toMatch(/server is full/);
    await fifth.expectClosed();
    clients[0].close();
    await sleep(100);
    await connected('127.0.0.7');
  });
});

describe('login timeout', () => {
  const chat = useChatServer({ 'line.login_timeout_seconds': 1 });

  it('closes a connection that has not logged in in time', async () => {
    const client = chat.track(await LineClient.connect(chat.server.port));
    client.send('someone');
    await client.expectPrompt('Password: ');
    const started = Date.now();
    expect(await client.expectLine(/^Error: /, 5000)).toMatch(/login timed out after 1 seconds/);
    await client.expectClosed();
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('leaves a logged-in session alone after the login timeout', async () => {
    const [name] = await chat.users('prompt');
    const client = await chat.login(name);
    await sleep(1500);
    client.send('whoelse');
    await client.expectLine(/^Online: /);
  });
});

describe('idle timeout', () => {
  const chat = useChatServer({ 'line.idle_timeout_seconds': 2, 'line.idle_notice_seconds': 1 });

  it('gives an idle user a notice, then logs them out and tells the others', async () => {
    const [idler, active] = await chat.users('idler', 'active');
    const i = await chat.login(idler);
    const a = await chat.login(active);
    const started = Date.now();
    const keepAlive = setInterval(() => a.send('whoelse'), 300);
    try {
      expect(await i.expectLine(/^\*\*\* You have been idle/, 4000)).toMatch(/logged out in 1 second/);
      expect(await i.expectLine(/^\*\*\* You were logged out after 2 seconds without activity\.$/, 4000)).toBeTruthy();
      await i.expectClosed();
      await a.expectLine(new RegExp(`^\\*\\*\\* ${idler} has logged out$`), 4000);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(1500);
      // The active user, older than the timeout by now, is still served.
      await sleep(2500 - elapsed);
      expect(a.isClosed).toBe(false);
    } finally {
      clearInterval(keepAlive);
    }
  }, 15_000);

  it('starts the count again on every line', async () => {
    const [name] = await chat.users('typist');
    const client = await chat.login(name);
    for (let i = 0; i < 6; i++) {
      await sleep(700);
      client.send('');
    }
    await client.expectNoLine(/idle|logged out/, 10);
    client.send('whoelse');
    await client.expectLine(/^Online: /);
  }, 15_000);
});

describe('command rate', () => {
  const chat = useChatServer({
    'line.commands_per_second': 5,
    'line.command_burst': 10,
    'line.flood_disconnect_drops': 40,
  });

  it('answers a burst up to the bucket size, drops the rest with one Error line, and recovers', async () => {
    const [name] = await chat.users('hasty');
    const client = await chat.login(name);
    await sleep(600); // the login's two lines are refilled
    client.write('whoelse\r\n'.repeat(30));
    const lines = await client.expectNoLine(/^$/, 1000);
    // The burst, plus at most one token refilled while the lines were handled.
    const answered = lines.filter((line) => line.startsWith('Online: ')).length;
    expect(answered).toBeGreaterThanOrEqual(10);
    expect(answered).toBeLessThanOrEqual(11);
    expect(lines.filter((line) => line.startsWith('Error: '))).toEqual([
      'Error: too many lines (more than 5 a second); the excess is dropped.',
    ]);
    await sleep(1000);
    client.send('whoelse');
    await client.expectLine(/^Online: /);
    expect(client.isClosed).toBe(false);
  });

  it('disconnects a session that keeps flooding and announces it', async () => {
    const [flooder, witness] = await chat.users('flooder', 'witness');
    const f = await chat.login(flooder);
    const w = await chat.login(witness);
    await f.expectLine(new RegExp(`${witness} has logged in`));
    f.write('broadcast spam\r\n'.repeat(200));
    await f.expectLine(/^Error: too many lines too fast; disconnecting\.$/);
    await f.expectClosed();
    const seen = [];
    for (;;) {
      const line = await w.nextLine();
      if (line === `*** ${flooder} has logged out`) break;
      seen.push(line);
    }
    // Only the burst got through.
    expect(seen.length).toBeLessThanOrEqual(10);
    expect(seen.every((line) => line === `${flooder} (broadcast): spam`)).toBe(true);
  });

  it('applies before login too: a pasted flood of login lines is cut off', async () => {
    const client = chat.track(await LineClient.connect(chat.server.port));
    client.write('x\r\n'.repeat(200));
    await client.expectLine(/disconnecting/);
    await client.expectClosed();
    const [name] = await chat.users('after');
    const ok = await chat.login(name);
    expect(ok.isClosed).toBe(false);
  });
});
