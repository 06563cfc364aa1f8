import { useChatServer } from '../support/chat-fixture';
import { IrcRawClient } from '../support/irc-raw-client';
import { LineClient } from '../support/line-client';
import { passwordOf } from '../support/test-server';

const irc: IrcRawClient[] = [];
const track = (client: IrcRawClient) => (irc.push(client), client);
afterEach(() => irc.splice(0).forEach((client) => client.close()));

describe('what a hostile IRC client sends', () => {
  const chat = useChatServer({ 'line.login_timeout_seconds': 1 });
  const register = (name: string) => IrcRawClient.register(chat.server.ircPort, name, passwordOf(name)).then(track);

  it('answers a line over 512 bytes with 417, relays nothing of it, and carries on', async () => {
    const [listener, talker] = await chat.users('listener', 'talker');
    const l = await chat.login(listener);
    const t = await register(talker);
    t.send(`PRIVMSG #parley :${'x'.repeat(520)}`);
    await t.expectLine(new RegExp(` 417 ${talker} :Input line was too long`));
    t.send(`PRIVMSG #parley :${'y'.repeat(510 - 'PRIVMSG #parley :'.length)}`);
    await l.expectLine(new RegExp(`^${talker} \\(broadcast\\): y{493}$`));
    expect(l.raw).not.toContain('xxxx');
  });

  it('ignores a message of tags only, and one with tags up to 8191 bytes is a message like any other', async () => {
    const [listener, talker] = await chat.users('listener', 'talker');
    const l = await chat.login(listener);
    const t = await register(talker);
    t.send('@+typing=active;+draft/reply=abc');
    t.send('@' + 'a=b;'.repeat(2000) + 'c=d');
    t.send(`@+x=${'v'.repeat(8000)} PRIVMSG #parley :tagged`);
    await l.expectLine(new RegExp(`^${talker} \\(broadcast\\): tagged$`));
    t.send('PING :still-alive');
    await t.expectLine(/PONG parley\.local :still-alive$/);
  });

  it('closes a connection whose CAP negotiation never ends, at the login timeout', async () => {
    const [name] = await chat.users('capper');
    const c = track(await IrcRawClient.connect(chat.server.ircPort));
    c.send('CAP LS 302');
    c.send(`PASS ${name}:${passwordOf(name)}`);
    c.send(`NICK ${name}`);
    c.send(`USER ${name} 0 * :x`);
    await c.expectLine(/ CAP \* LS /);
    await c.expectLine(/^ERROR :Registration timed out after 1 seconds/, 4000);
    await c.expectClosed();
  });

  it('closes a registration that never finishes (NICK, no USER), at the login timeout', async () => {
    const c = track(await IrcRawClient.connect(chat.server.ircPort));
    c.send('NICK lonely');
    await c.expectLine(/^ERROR :Registration timed out/, 4000);
    await c.expectClosed();
  });

  it('drops a line of invalid UTF-8 with a NOTICE; nobody else sees anything; the session goes on', async () => {
    const [listener, talker] = await chat.users('listener', 'talker');
    const l = await chat.login(listener);
    const t = await register(talker);
    t.write(Buffer.concat([Buffer.from('PRIVMSG #parley :bad '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\r\n')]));
    await t.expectLine(new RegExp(`NOTICE ${talker} :Error: that line was not valid UTF-8; it was dropped\\.$`));
    t.send('PRIVMSG #parley :good');
    await l.expectLine(new RegExp(`^${talker} \\(broadcast\\): good$`));
    expect(l.raw).not.toContain('bad');
  });

  it('drops a line holding a NUL byte with a NOTICE, even before registration', async () => {
    const [listener, talker] = await chat.users('listener', 'talker');
    const l = await chat.login(listener);
    const c = track(await IrcRawClient.connect(chat.server.ircPort));
    c.write(Buffer.from(`NICK ${talker}\0evil\r\n`));
    await c.expectLine(/NOTICE \* :Error: that line contained a NUL byte; it was dropped\.$/);
    c.send(`PASS ${talker}:${passwordOf(talker)}`);
    c.send(`NICK ${talker}`);
    c.send(`USER ${talker} 0 * :x`);
    await c.expectLine(/ 366 /);
    c.write(Buffer.from('PRIVMSG #parley :nul\0here\r\nPRIVMSG #parley :after\r\n'));
    await l.expectLine(new RegExp(`^${talker} \\(broadcast\\): after$`));
    expect(l.raw).not.toContain('nul');
  });

  it('meets 10,000 PRIVMSG in one write with the flood guard: the burst passes, the rest is dropped, the flooder is cut off', async () => {
    const [listener, flooder, bystander] = await chat.users('listener', 'flooder', 'bystander');
    const l = await chat.login(listener);
    const b = await register(bystander);
    const f = await register(flooder);
    f.write(Array.from({ length: 10_000 }, (_, i) => `PRIVMSG ${listener} :flood ${i}\r\n`).join(''));
    await f.expectLine(/NOTICE .*:Error: too many lines/);
    await f.expectLine(/^ERROR :Excess flood/);
    await f.expectClosed();
    const seen = await l.expectNoLine(/flood 9999/, 500);
    const delivered = seen.filter((line) => line.startsWith(`${flooder}: flood `)).length;
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThanOrEqual(chat.server.config.line.command_burst + 5);
    b.send(`PRIVMSG ${listener} :bystander fine`);
    await l.expectLine(new RegExp(`^${bystander}: bystander fine$`));
  });
});

describe('an IRC client that never reads', () => {
  const chat = useChatServer({
    'line.max_send_queue_bytes': 64 * 1024,
    'line.commands_per_second': 1_000_000,
    'line.command_burst': 1_000_000,
  });

  it('is disconnected once its unread output passes the send-queue cap, while readers keep getting everything', async () => {
    const [talker, reader, stuck] = await chat.users('talker', 'reader', 'stuck');
    const t = await chat.login(talker);
    const r = track(await IrcRawClient.register(chat.server.ircPort, reader, passwordOf(reader)));
    const s = track(await IrcRawClient.register(chat.server.ircPort, stuck, passwordOf(stuck)));
    s.socket.pause();
    await t.expectLine(new RegExp(`${stuck} has logged in`));
    let stuckGone = false;
    const loggedOut = t.expectLine(new RegExp(`^\\*\\*\\* ${stuck} has logged out$`), 60_000).then(() => (stuckGone = true));
    const text = 'y'.repeat(400);
    // About 8 MB for each recipient at most: more than the kernel buffers of both ends plus the cap.
    for (let batch = 0; batch < 20_000 && !stuckGone; batch += 100) {
      for (let i = batch; i < batch + 100; i++) t.send(`broadcast ${i} ${text}`);
      for (let i = batch; i < batch + 100; i++) {
        const line = await r.expectLine(/PRIVMSG #parley/, 20_000);
        expect(line.startsWith(`:${talker}!${talker}@parley PRIVMSG #parley :${i} y`)).toBe(true);
      }
    }
    await loggedOut;
    s.socket.resume();
    await s.expectClosed(20_000);
  }, 90_000);
});

describe('shared limits and timers', () => {
  const chat = useChatServer({
    'line.max_connections_per_address': 2,
    'irc.ping_interval_seconds': 1,
    'irc.ping_timeout_seconds': 1,
    'irc.idle_timeout_seconds': 0,
  });

  it('counts connections per address across the telnet and IRC listeners together', async () => {
    const [name] = await chat.users('limited');
    chat.track(await LineClient.connect(chat.server.port, '127.0.0.1', '127.0.0.7'));
    const second = track(await IrcRawClient.connect(chat.server.ircPort, { localAddress: '127.0.0.7' }));
    const third = track(await IrcRawClient.connect(chat.server.ircPort, { localAddress: '127.0.0.7' }));
    await third.expectLine(/^ERROR :Closing link: too many connections from your address \(the limit is 2\)/);
    const fourth = chat.track(await LineClient.connect(chat.server.port, '127.0.0.1', '127.0.0.7'));
    await fourth.expectLine(/too many connections from your address/);
    second.send(`PASS ${name}:${passwordOf(name)}`);
    second.send(`NICK ${name}`);
    second.send(`USER ${name} 0 * :x`);
    await second.expectLine(/ 001 /);
  });

  it('PINGs a quiet client and closes it when no PONG comes back in time; one that answers stays', async () => {
    const [dead, alive] = await chat.users('dead', 'alive');
    const d = track(await IrcRawClient.register(chat.server.ircPort, dead, passwordOf(dead)));
    const a = track(await IrcRawClient.register(chat.server.ircPort, alive, passwordOf(alive)));
    await a.expectLine(/^PING :parley\.local$/, 3000);
    a.send('PONG :parley.local');
    await d.expectLine(/^PING :parley\.local$/, 3000);
    await d.expectLine(/^ERROR :Ping timeout/, 4000);
    await d.expectClosed();
    await a.expectLine(/^PING :parley\.local$/, 3000);
    a.send('PONG :parley.local');
    expect(a.isClosed).toBe(false);
  });
});
