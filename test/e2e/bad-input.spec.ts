import { useChatServer } from '../support/chat-fixture';
import { LineClient } from '../support/line-client';
import { addUsers, passwordOf } from '../support/test-server';

const IAC = 0xff;
const DO = 0xfd;
const WILL = 0xfb;
const SB = 0xfa;
const SE = 0xf0;
const ECHO = 0x01;

describe('bad input', () => {
  // 200 clients from one address connect at once below.
  const chat = useChatServer({ 'line.max_connections_per_address': 500 });

  async function freshUser(): Promise<string> {
    const [name] = await chat.users('user');
    return name;
  }

  async function loggedIn(): Promise<LineClient> {
    return chat.login(await freshUser());
  }

  async function stillServes(client: LineClient): Promise<void> {
    client.send('whoelse');
    await client.expectLine(/^Online: /);
  }

  it('ignores empty lines and lines of only spaces', async () => {
    const client = await loggedIn();
    client.write('\r\n\r\n     \r\n\n');
    await client.expectNoLine(/./);
    await stillServes(client);
  });

  it('drops a 1 MB line with no newline with one Error line, and stays usable', async () => {
    const client = await loggedIn();
    const chunk = 'a'.repeat(64 * 1024);
    for (let i = 0; i < 16; i++) client.write(chunk);
    client.write('\r\n');
    const error = await client.expectLine(/^Error: /);
    expect(error).toMatch(/too long/);
    const rest = await client.expectNoLine(/^Error: /);
    expect(rest).toEqual([]);
    await stillServes(client);
  });

  it('drops an over-long line typed at the login prompt and asks again', async () => {
    const name = await freshUser();
    const client = await LineClient.connect(chat.server.port);
    chat.track(client);
    client.write('b'.repeat(10_000) + '\r\n');
    await client.expectLine(/^Error: .*too long/);
    await client.expectPrompt('Username: ');
    client.send(name);
    client.send(passwordOf(name));
    await client.expectLine(/^Welcome, /);
  });

  it('rejects invalid UTF-8 with an Error line and goes on', async () => {
    const client = await loggedIn();
    client.write(Buffer.from([0x62, 0x72, 0x6f, 0xc3, 0x28, 0xa0, 0x0d, 0x0a]));
    await client.expectLine(/^Error: .*UTF-8/);
    await stillServes(client);
  });

  it('keeps UTF-8 text whole when a character is split across packets', async () => {
    const sender = await loggedIn();
    const receiver = await loggedIn();
    const bytes = Buffer.from('broadcast héllo ✓\r\n', 'utf8');
    const split = bytes.indexOf(0xa9); // the middle of "é"
    sender.write(bytes.subarray(0, split));
    await new Promise((resolve) => setTimeout(resolve, 30));
    sender.write(bytes.subarray(split));
    await receiver.expectLine(/\(broadcast\): héllo ✓$/);
  });

  it('consumes telnet command sequences, even split across packets', async () => {
    const client = await loggedIn();
    const pieces = [
      Buffer.from([IAC]),
      Buffer.from([DO, ECHO, IAC]),
      Buffer.from([WILL]),
      Buffer.from([0x1f, IAC, SB, 0x1f, 0x00, 0x50]),
      Buffer.from([0x00, 0x18, IAC]),
      Buffer.from([SE]),
      Buffer.from('who'),
      Buffer.from([IAC, 0xf1]), // NOP in the middle of a word
      Buffer.from('else\r\n'),
    ];
    for (const piece of pieces) {
      client.write(piece);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await client.expectLine(/^Online: /);
  });

  it('accepts CR-only line ends', async () => {
    const client = await loggedIn();
    client.write('whoelse\rwholasthr\r');
    await client.expectLine(/^Online: /);
    await client.expectLine(/^Last hour: /);
  });

  it('treats a CR at the end of one packet and LF at the start of the next as one line end', async () => {
    const client = await loggedIn();
    client.write('whoelse\r');
    await client.expectLine(/^Online: /);
    client.write('\nwhoelse\r\n');
    await client.expectLine(/^Online: /);
    await client.expectNoLine(/./);
  });

  it('strips control characters so a user cannot forge a server line', async () => {
    const sender = await loggedIn();
    const receiver = await loggedIn();
    sender.write('broadcast hi\x1b[2J\x07 there\r*** Announcement: fake\n');
    const line = await receiver.expectLine(/\(broadcast\)/);
    expect(line).toMatch(/: hi there$/);
    await receiver.expectNoLine(/Announcement/);
  });

  it('survives clients that vanish mid-login, mid-command and mid-line', async () => {
    const name = await freshUser();
    const midLogin = await LineClient.connect(chat.server.port);
    midLogin.send(name);
    await midLogin.expectPrompt('Password: ');
    midLogin.close();

    const midPassword = await LineClient.connect(chat.server.port);
    midPassword.send(name);
    midPassword.write(passwordOf(name)); // no line end
    midPassword.close();

    const midCommand = await LineClient.login(chat.server.port, name, passwordOf(name));
    midCommand.write('broadcast half a li');
    midCommand.close();
    await new Promise((resolve) => setTimeout(resolve, 50));

    // The account is free again and the server serves everyone else.
    const again = await LineClient.login(chat.server.port, name, passwordOf(name));
    chat.track(again);
    await stillServes(again);
  });

  it('serves 200 clients connecting at once', async () => {
    const names: string[] = [];
    for (let i = 0; i < 200; i++) names.push(`crowd${i}`);
    await addUsers(chat.server, ...names);
    const crowd = await Promise.all(names.map((name) => LineClient.login(chat.server.port, name, passwordOf(name), 20_000)));
    crowd.forEach((client) => chat.track(client));
    crowd[0].send('whoelse');
    const online = await crowd[0].expectLine(/^Online: /);
    for (const name of names.slice(1)) expect(online.split(': ')[1].split(', ')).toContain(name);
    crowd[0].send('broadcast hello crowd');
    await Promise.all(crowd.slice(1).map((client) => client.expectLine(/^crowd0 \(broadcast\): hello crowd$/, 10_000)));
  }, 60_000);
});

describe('a client that never reads', () => {
  // The talker floods on purpose; only the send queue limit is under test here.
  const chat = useChatServer({
    'line.max_send_queue_bytes': 64 * 1024,
    'line.commands_per_second': 1_000_000,
    'line.command_burst': 1_000_000,
  });

  it('is disconnected once its unread output passes the limit, while readers keep getting everything', async () => {
    const [talker, reader, stuck] = await chat.users('talker', 'reader', 'stuck');
    const t = await chat.login(talker);
    const r = await chat.login(reader);
    const s = await chat.login(stuck);
    s.socket.pause();
    await t.expectLine(new RegExp(`${stuck} has logged in`));

    const text = 'y'.repeat(1000);
    // About 8 MB to each recipient: more than the kernel buffers of both ends (about 4 MB here) plus the limit.
    const count = 8000;
    // The talker keeps pace with the reader that reads; the stuck one falls further behind.
    for (let batch = 0; batch < count; batch += 100) {
      for (let i = batch; i < batch + 100; i++) t.send(`broadcast ${i} ${text}`);
      for (let i = batch; i < batch + 100; i++) {
        const line = await r.expectLine(/\(broadcast\)/, 20_000);
        expect(line.startsWith(`${talker} (broadcast): ${i} y`)).toBe(true);
      }
    }
    await t.expectLine(new RegExp(`^\\*\\*\\* ${stuck} has logged out$`), 20_000);
    s.socket.resume();
    await s.expectClosed();
  }, 60_000);
});
