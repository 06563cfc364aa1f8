import { AccountsService } from '../../src/accounts/accounts.service';
import { AdminClient } from '../support/admin-client';
import { IrcRawClient } from '../support/irc-raw-client';
import { IrcUser } from '../support/irc-user';
import { LineClient } from '../support/line-client';
import { addUsers, ADMIN_PASSWORD, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

describe('IRC front door with irc-framework and telnet users on one server', () => {
  let server: TestServer;
  const open: { close(): void }[] = [];
  const track = <T extends { close(): void }>(client: T): T => (open.push(client), client);

  const ircSasl = (name: string, extra: object = {}) =>
    IrcUser.connect(server.ircPort, { nick: name, account: { account: name, password: passwordOf(name) }, ...extra }).then(track);
  const ircPass = (name: string, extra: object = {}) =>
    IrcUser.connect(server.ircPort, { nick: name, account: {}, password: `${name}:${passwordOf(name)}`, ...extra }).then(track);
  const telnet = (name: string) => LineClient.login(server.port, name, passwordOf(name)).then(track);

  beforeAll(async () => {
    server = await startServer();
    await addUsers(server, ...'alice bob carol dave erin frank grace heidi ivan judy mallory oscar peggy trent victor walter'.split(' '));
    await addUsers(server, 'Dot.Name', 'zed', 'yan', 'xena', 'wes', 'uma', 'tom', 'sam');
  });
  afterEach(() => open.splice(0).forEach((client) => client.close()));
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  describe('registration', () => {
    it('logs in with SASL PLAIN (900, 903), welcomes 001-005 to the account name, MOTD 422, joins #parley with NAMES', async () => {
      const bob = await telnet('bob');
      const alice = await IrcUser.connect(server.ircPort, { nick: 'somebody', account: { account: 'alice', password: passwordOf('alice') } });
      track(alice);
      const lines = alice.lines.join('\n');
      expect(lines).toMatch(/^:parley\.local CAP \* LS :sasl=PLAIN server-time message-tags echo-message$/m);
      expect(lines).toMatch(/ 900 somebody somebody!alice@parley alice :You are now logged in as alice$/m);
      expect(lines).toMatch(/ 903 somebody :SASL authentication successful$/m);
      expect(lines).toMatch(/^:parley\.local 001 alice :Welcome/m);
      for (const code of ['002', '003', '004']) expect(lines).toMatch(new RegExp(`^:parley\\.local ${code} alice `, 'm'));
      const isupport = alice.lines.find((line) => / 005 /.test(line))!;
      for (const token of ['NETWORK=Parley', 'CASEMAPPING=ascii', 'CHANTYPES=#', 'NICKLEN=32', 'MONITOR=', 'SILENCE=']) {
        expect(isupport.split(' ')).toContain(token);
      }
      expect(lines).toMatch(/ 422 alice :MOTD File is missing$/m);
      expect(lines).toMatch(/^:alice!alice@parley JOIN #parley$/m);
      expect(lines).toMatch(/ 353 alice = #parley :alice bob$/m);
      expect(lines).toMatch(/ 366 alice #parley :End of \/NAMES list$/m);
      expect(alice.client.user.nick).toBe('alice');
      await bob.expectLine(/^\*\*\* alice has logged in$/);
    });

    it('logs in with PASS account:password, and with PASS password when NICK names the account', async () => {
      const carol = await ircPass('carol');
      expect(carol.lines.some((line) => / 001 carol /.test(line))).toBe(true);
      const dave = await IrcUser.connect(server.ircPort, { nick: 'dave', account: {}, password: passwordOf('dave') });
      track(dave);
      expect(dave.lines.some((line) => / 001 dave /.test(line))).toBe(true);
    });

    it('uses the whole value as the password when the part before ":" names no account', async () => {
      await server.app.get(AccountsService).createUser('colon', 'no-such:pw');
      const user = await IrcUser.connect(server.ircPort, { nick: 'colon', account: {}, password: 'no-such:pw' });
      track(user);
      expect(user.lines.some((line) => / 001 colon /.test(line))).toBe(true);
    });

    it('answers a wrong password with 464 (PASS) or 904 (SASL), then ERROR and close', async () => {
      const pass = track(await IrcRawClient.connect(server.ircPort));
      pass.send('PASS erin:wrong');
      pass.send('NICK erin');
      pass.send('USER erin 0 * :Erin');
      await pass.expectLine(/^:parley\.local 464 erin :/);
      await pass.expectLine(/^ERROR :Invalid username or password\.$/);
      await pass.expectClosed();

      const sasl = await IrcUser.connect(server.ircPort, { nick: 'erin', account: { account: 'erin', password: 'nope' } }, /^ERROR /);
      track(sasl);
      expect(sasl.lines.some((line) => / 904 erin :SASL authentication failed/.test(line))).toBe(true);
      await sasl.expectClosed();
    });

    it('counts failures toward the same lockout as telnet, and then refuses with locked and the seconds remaining', async () => {
      for (let i = 0; i < 2; i++) {
        const client = track(await IrcRawClient.connect(server.ircPort));
        client.send('PASS frank:wrong');
        client.send('NICK frank');
        client.send('USER frank 0 * :F');
        await client.expectClosed();
      }
      const line = track(await LineClient.connect(server.port));
      line.send('frank');
      line.send('wrong');
      await line.expectLine(/locked/);
      const again = track(await IrcRawClient.connect(server.ircPort));
      again.send(`PASS frank:${passwordOf('frank')}`);
      again.send('NICK frank');
      again.send('USER frank 0 * :F');
      const error = await again.expectLine(/^ERROR /);
      expect(error).toMatch(/locked; try again in \d+ seconds/);
      await again.expectClosed();
    });

    it('refuses a client with no credentials: a Parley account is required', async () => {
      const client = track(await IrcRawClient.connect(server.ircPort));
      client.send('NICK grace');
      client.send('USER grace 0 * :G');
      await client.expectLine(/^ERROR :A Parley account is required/);
      await client.expectClosed();
    });

    it('refuses an account already online on telnet with "already logged in", leaving that session untouched', async () => {
      const heidi = await telnet('heidi');
      const client = track(await IrcRawClient.connect(server.ircPort));
      client.send(`PASS heidi:${passwordOf('heidi')}`);
      client.send('NICK heidi');
      client.send('USER heidi 0 * :H');
      await client.expectLine(/^ERROR :.*already logged in/);
      await client.expectClosed();
      heidi.send('whoelse');
      await heidi.expectLine(/^Online: /);
    });

    it('waits for CAP END before completing registration', async () => {
      const client = track(await IrcRawClient.connect(server.ircPort));
      client.send('CAP LS 302');
      client.send(`PASS ivan:${passwordOf('ivan')}`);
      client.send('NICK ivan');
      client.send('USER ivan 0 * :I');
      await client.expectLine(/ CAP \* LS /);
      await client.expectNoLine(/ 001 /);
      client.send('CAP END');
      await client.expectLine(/ 001 ivan /);
    });

    it('uses a username with a dot as the nick, as created, whatever case the client typed', async () => {
      const client = track(await IrcRawClient.connect(server.ircPort));
      client.send(`PASS ${passwordOf('Dot.Name')}`);
      client.send('NICK dot.name');
      client.send('USER dot 0 * :D');
      await client.expectLine(/^:parley\.local 001 Dot\.Name :Welcome/);
      await client.expectLine(/^:Dot\.Name!Dot\.Name@parley JOIN #parley$/);
    });

    it('reserves the account name parley for the service', async () => {
      const admin = await adminClient(server);
      const created = await admin.post('/api/users', { username: 'Parley', password: 'whatever-pw' });
      expect(created.status).toBe(409);
      expect(created.body.message).toMatch(/reserved/);
      const client = track(await IrcRawClient.connect(server.ircPort));
      client.send('PASS parley:whatever-pw');
      client.send('NICK parley');
      client.send('USER p 0 * :P');
      await client.expectLine(/ 464 parley /);
    });

    it('keeps the nick: NICK after registration gets 447', async () => {
      const client = track(await IrcRawClient.register(server.ircPort, 'judy', passwordOf('judy')));
      client.send('NICK other');
      await client.expectLine(/ 447 judy other :/);
    });
  });

  describe('chat between IRC and telnet', () => {
    it('relays channel traffic both ways in the §2 and IRC shapes', async () => {
      const mallory = await telnet('mallory');
      const oscar = await ircSasl('oscar');
      const peggy = await ircPass('peggy');
      await oscar.expectLine(/^:peggy!peggy@parley JOIN #parley$/);
      mallory.send('broadcast hello from telnet');
      const event = await oscar.expectEvent('privmsg', (e) => e.message === 'hello from telnet');
      expect(event).toMatchObject({ nick: 'mallory', target: '#parley' });
      oscar.client.say('#parley', 'hello from irc');
      await mallory.expectLine(/^oscar \(broadcast\): hello from irc$/);
      await peggy.expectEvent('privmsg', (e) => e.message === 'hello from irc' && e.nick === 'oscar');
      oscar.client.action('#parley', 'waves');
      await mallory.expectLine(/^oscar \(broadcast\): \* oscar waves$/);
      await peggy.expectEvent('action', (e) => e.message === 'waves' && e.nick === 'oscar');
    });

    it('relays private messages both ways, stores for offline users and reports blocks', async () => {
      const trent = await telnet('trent');
      const victor = await ircSasl('victor');
      victor.client.say('trent', 'psst trent');
      await trent.expectLine(/^victor: psst trent$/);
      trent.send('message victor hi back');
      await victor.expectEvent('privmsg', (e) => e.message === 'hi back' && e.nick === 'trent' && e.target === 'victor');

      victor.client.say('walter', 'for later');
      await victor.expectLine(/^:parley\.local NOTICE victor :walter is offline; your message was stored\.$/);
      victor.client.say('nobody-here', 'x');
      await victor.expectLine(/ 401 victor nobody-here :No such nick/);
      trent.send('block victor');
      await trent.expectLine(/victor is blocked/);
      victor.client.say('trent', 'are you there');
      await victor.expectLine(/NOTICE victor :trent has blocked you; your message was not delivered\.$/);
      trent.send('unblock victor');
      await trent.expectLine(/victor is unblocked/);
    });

    it('plays stored messages back with @time when server-time is on, and with a (stored …Z) prefix when not', async () => {
      const zed = await telnet('zed');
      zed.send('message yan first stored');
      await zed.expectLine(/yan is offline; your message was stored/);
      zed.send('message xena second stored');
      await zed.expectLine(/xena is offline; your message was stored/);

      const yan = await IrcUser.connect(server.ircPort, { nick: 'yan', account: { account: 'yan', password: passwordOf('yan') } }, /first stored/);
      track(yan);
      expect(yan.client.network.cap.enabled).toContain('server-time');
      const stored = await yan.expectEvent('privmsg', (e) => e.message === 'first stored');
      expect(stored.nick).toBe('zed');
      const line = yan.lines.find((l) => l.includes('first stored'))!;
      expect(line).toMatch(/^@time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z :zed!zed@parley PRIVMSG yan :first stored$/);
      expect(stored.time).toBe(Date.parse(line.slice(6, 30)));
      expect(yan.lines.some((l) => /NOTICE yan :You have 1 stored messages:/.test(l))).toBe(true);

      const xena = track(await IrcRawClient.register(server.ircPort, 'xena', passwordOf('xena')));
      await xena.expectLine(/^:zed!zed@parley PRIVMSG xena :\(stored \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\) second stored$/);
    });

    it('shows telnet logins and logouts as JOIN and QUIT, and MONITOR as 730/731', async () => {
      const wes = track(await IrcRawClient.register(server.ircPort, 'wes', passwordOf('wes')));
      wes.send('MONITOR + uma');
      await wes.expectLine(/ 731 wes :uma$/);
      const uma = await telnet('uma');
      await wes.expectLine(/ 730 wes :uma!uma@parley$/);
      await wes.expectLine(/^:uma!uma@parley JOIN #parley$/);
      wes.send('ISON uma nobody');
      await wes.expectLine(/ 303 wes :uma$/);
      uma.send('logout');
      await wes.expectLine(/ 731 wes :uma$/);
      await wes.expectLine(/^:uma!uma@parley QUIT :uma has logged out$/);
    });

    it('splits a long telnet broadcast into PRIVMSG lines of at most 512 bytes, in order, whole characters', async () => {
      const tom = await telnet('tom');
      const sam = track(await IrcRawClient.register(server.ircPort, 'sam', passwordOf('sam')));
      const text = 'ünïcödé '.repeat(300).trim();
      tom.send(`broadcast ${text}`);
      const pieces: string[] = [];
      while (pieces.join('') !== text) {
        const line = await sam.expectLine(/PRIVMSG #parley/);
        expect(Buffer.byteLength(line) + 2).toBeLessThanOrEqual(512);
        pieces.push(line.slice(':tom!tom@parley PRIVMSG #parley :'.length));
      }
      expect(pieces.length).toBeGreaterThan(5);
      expect(sam.raw.toString('utf8')).not.toContain('\uFFFD');
    });
  });

  describe('the service, the channel and housekeeping', () => {
    it('takes §2 commands by /msg Parley and answers with NOTICEs in §2 words', async () => {
      const bob = await telnet('bob');
      const alice = track(await IrcRawClient.register(server.ircPort, 'alice', passwordOf('alice')));
      alice.send('PRIVMSG Parley :whoelse');
      await alice.expectLine(/^:Parley!Parley@parley\.local NOTICE alice :Online: bob$/);
      alice.send('PRIVMSG Parley :wholasthr');
      await alice.expectLine(/NOTICE alice :Last hour: .*bob/);
      alice.send('PRIVMSG Parley :frobnicate');
      await alice.expectLine(/NOTICE alice :Error: unknown command "frobnicate"/);
      alice.send('PRIVMSG Parley :message bob via the service');
      await bob.expectLine(/^alice: via the service$/);
      alice.send('SILENCE +bob');
      await alice.expectLine(/^:alice!alice@parley SILENCE \+bob!\*@\*$/);
      await alice.expectLine(/NOTICE alice :bob is blocked\.$/);
      alice.send('SILENCE');
      await alice.expectLine(/ 271 alice bob!\*@\*$/);
      await alice.expectLine(/ 272 alice :/);
      alice.send('SILENCE -bob');
      await alice.expectLine(/NOTICE alice :bob is unblocked\.$/);
      alice.send('SILENCE -bob');
      await alice.expectLine(/NOTICE alice :Error: bob is not blocked\.$/);
    });

    it('has one channel: 403 for others; PART stops room traffic until JOIN, private messages still arrive', async () => {
      const carol = await telnet('carol');
      const dave = track(await IrcRawClient.register(server.ircPort, 'dave', passwordOf('dave')));
      dave.send('JOIN #elsewhere');
      await dave.expectLine(/ 403 dave #elsewhere :No such channel$/);
      dave.send('JOIN #parley');
      await dave.expectNoLine(/JOIN/);
      dave.send('PART #parley :bye');
      await dave.expectLine(/^:dave!dave@parley PART #parley :Left$/);
      carol.send('broadcast while you were out');
      carol.send('message dave private still works');
      await dave.expectLine(/PRIVMSG dave :private still works$/);
      carol.send('whoelse');
      await carol.expectLine(/^Online: .*dave/);
      dave.send('JOIN #parley');
      await dave.expectLine(/ 366 dave #parley /);
      carol.send('broadcast welcome back');
      const seen = await dave.expectLine(/PRIVMSG #parley/);
      expect(seen).toBe(':carol!carol@parley PRIVMSG #parley :welcome back');
    });

    it('applies blocks to NAMES, WHOIS and ISON as whoelse does', async () => {
      const blocker = await telnet('tom');
      blocker.send('block sam');
      await blocker.expectLine(/sam is blocked/);
      const sam = track(await IrcRawClient.register(server.ircPort, 'sam', passwordOf('sam')));
      sam.send('NAMES #parley');
      const names = await sam.expectLine(/ 353 sam = #parley :/);
      expect(names.split(':').pop()!.split(' ')).not.toContain('tom');
      sam.send('WHOIS tom');
      await sam.expectLine(/ 401 sam tom /);
      sam.send('ISON tom');
      await sam.expectLine(/ 303 sam :$/);
      blocker.send('unblock sam');
      await blocker.expectLine(/sam is unblocked/);
      sam.send('ISON tom');
      await sam.expectLine(/ 303 sam :tom$/);
    });

    it('answers MODE, WHOIS, USERHOST, AWAY, TOPIC, WHO, WHOWAS, PING and unknown commands', async () => {
      const erin = await telnet('erin');
      const c = track(await IrcRawClient.register(server.ircPort, 'grace', passwordOf('grace')));
      const ask = async (line: string, reply: RegExp) => {
        c.send(line);
        return c.expectLine(reply);
      };
      await ask('MODE #parley', / 324 grace #parley \+nt$/);
      await ask('MODE grace', / 221 grace \+$/);
      await ask('MODE grace +i', / 501 grace :/);
      await ask('WHOIS erin', / 311 grace erin erin parley \* :erin$/);
      await c.expectLine(/ 312 grace erin parley\.local :/);
      await c.expectLine(/ 318 grace erin :/);
      await ask('WHOIS nobody', / 401 grace nobody :/);
      await ask('USERHOST erin grace', / 302 grace :erin=\+erin@parley grace=\+grace@parley$/);
      await ask('AWAY :lunch', / 306 grace :/);
      await ask('WHOIS grace', / 301 grace grace :lunch$/);
      await ask('AWAY', / 305 grace :/);
      await ask('TOPIC #parley', / 332 grace #parley :Parley/);
      await ask('TOPIC #parley :new topic', / 482 grace #parley :/);
      await ask('WHO #parley', / 352 grace #parley /);
      await c.expectLine(/ 315 grace #parley :/);
      await ask('WHOWAS erin', / 314 grace erin /);
      await ask('PING :abc', /^:parley\.local PONG parley\.local :abc$/);
      await ask('FROBNICATE', / 421 grace FROBNICATE :Unknown command$/);
      erin.send('broadcast still here');
      await c.expectLine(/PRIVMSG #parley :still here$/);
    });

    it('relays a NOTICE to the channel as a broadcast no one answers, and never stores a NOTICE to someone offline', async () => {
      const heidi = await telnet('heidi');
      const c = track(await IrcRawClient.register(server.ircPort, 'ivan', passwordOf('ivan')));
      c.send('NOTICE #parley :a notice');
      await heidi.expectLine(/^ivan \(broadcast\): a notice$/);
      c.send('PRIVMSG walter :kept one');
      await c.expectLine(/NOTICE ivan :walter is offline; your message was stored/);
      c.send('NOTICE walter :not kept');
      c.send('NOTICE nobody-at-all :not kept either');
      c.send('PRIVMSG ivan-is-here :x');
      await c.expectLine(/ 401 ivan ivan-is-here /);
      // Ordered after the NOTICEs on this connection: by now they were handled.
      const admin = await adminClient(server);
      const stored = await admin.get('/api/messages?recipient=walter');
      expect(stored.status).toBe(200);
      expect(stored.text).toContain('kept one');
      expect(stored.text).not.toContain('not kept');
    });
  });

  describe('admin actions on IRC sessions', () => {
    it('lists them with protocol "irc", announces to #parley, and kicks with a NOTICE then ERROR', async () => {
      const c = track(await IrcRawClient.register(server.ircPort, 'judy', passwordOf('judy')));
      const admin = await adminClient(server);
      const sessions = await admin.get('/api/sessions');
      expect(sessions.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ username: 'judy', protocol: 'irc' })]));
      expect((await admin.post('/api/announcements', { text: 'maintenance soon' })).status).toBeLessThan(300);
      await c.expectLine(/^:parley\.local NOTICE #parley :\*\*\* Announcement: maintenance soon$/);
      expect((await admin.delete('/api/sessions/judy')).status).toBeLessThan(300);
      await c.expectLine(/^:parley\.local NOTICE judy :\*\*\* /);
      await c.expectLine(/^ERROR :/);
      await c.expectClosed();
    });
  });
});

async function adminClient(server: TestServer): Promise<AdminClient> {
  const anonymous = new AdminClient(server.httpUrl);
  return anonymous.as(await anonymous.login('admin', ADMIN_PASSWORD));
}
