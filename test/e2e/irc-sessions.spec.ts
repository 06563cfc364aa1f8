import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountsService } from '../../src/accounts/accounts.service';
import { PasswordHasher } from '../../src/accounts/password-hasher';
import { SessionControlService } from '../../src/chat/session-control.service';
import { IrcServer } from '../../src/gateway/irc/irc-server';
import { IrcSession } from '../../src/gateway/irc/irc-session';
import { useChatServer } from '../support/chat-fixture';
import { Gate } from '../support/deferred-gate';
import { IrcRawClient } from '../support/irc-raw-client';
import { IrcUser } from '../support/irc-user';
import { LineClient } from '../support/line-client';
import { parleyEnv, spawnServer } from '../support/spawn-parley';
import { addUsers, makeDataDir, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

const irc: { close(): void }[] = [];
const track = <T extends { close(): void }>(client: T): T => (irc.push(client), client);
afterEach(() => irc.splice(0).forEach((client) => client.close()));
afterEach(() => jest.restoreAllMocks());

const credentials = (client: IrcRawClient, name: string, password = passwordOf(name)) => {
  client.send(`PASS ${name}:${password}`);
  client.send(`NICK ${name}`);
  client.send(`USER ${name} 0 * :x`);
};

/** Resolves once the server has handled the close of an IRC connection. */
function nextIrcClose(): Promise<void> {
  const original = IrcSession.prototype.connectionClosed;
  return new Promise((resolve) => {
    jest.spyOn(IrcSession.prototype, 'connectionClosed').mockImplementationOnce(function (this: IrcSession) {
      original.call(this);
      resolve();
    });
  });
}

describe('IRC sessions in the core', () => {
  const chat = useChatServer({ 'irc.idle_timeout_seconds': 0 });

  it('leaves no session behind when the client hangs up while its password is being checked (PASS)', async () => {
    const [observer, quitter] = await chat.users('observer', 'quitter');
    const o = await chat.login(observer);
    const hasher = chat.server.app.get(PasswordHasher);
    const verify = hasher.verify.bind(hasher);
    const gate = new Gate();
    jest.spyOn(hasher, 'verify').mockImplementationOnce(async (hash, password) => {
      await gate.wait();
      return verify(hash, password);
    });
    const q = track(await IrcRawClient.connect(chat.server.ircPort));
    credentials(q, quitter);
    await gate.reached;
    const closed = nextIrcClose();
    q.close();
    await closed;
    gate.resolve();
    // The login check resolves after the hang-up: no session is opened, nobody sees a login.
    chat.track(await LineClient.login(chat.server.port, quitter, passwordOf(quitter)));
    await o.expectLine(new RegExp(`^\\*\\*\\* ${quitter} has logged in$`));
    // That was the telnet login: the IRC one never opened a session, so nothing came before it.
    expect(o.raw.split(`${quitter} has logged`)).toHaveLength(2);
  });

  it('ends a session opened by SASL when the client hangs up before finishing registration', async () => {
    const [observer, halfway] = await chat.users('observer', 'halfway');
    const o = await chat.login(observer);
    const h = track(await IrcRawClient.connect(chat.server.ircPort));
    h.send('CAP REQ :sasl');
    h.send('AUTHENTICATE PLAIN');
    await h.expectLine(/^AUTHENTICATE \+$/);
    h.send(`AUTHENTICATE ${Buffer.from(`\0${halfway}\0${passwordOf(halfway)}`).toString('base64')}`);
    await h.expectLine(/ 903 \* :SASL authentication successful$/);
    await o.expectLine(new RegExp(`^\\*\\*\\* ${halfway} has logged in$`));
    h.close();
    await o.expectLine(new RegExp(`^\\*\\*\\* ${halfway} has logged out$`));
    expect(chat.server.app.get(SessionControlService).find(halfway)).toBeUndefined();
  });

  it('speaks SASL as IRCv3 says: 908 for other mechanisms, 906 on abort, 400-byte chunks ended by +', async () => {
    const [name] = await chat.users('chunky');
    const password = 'p'.repeat(300 - name.length - 2);
    await chat.server.app.get(AccountsService).changePassword((await chat.server.app.get(AccountsService).findUser(name))!, password);
    const c = track(await IrcRawClient.connect(chat.server.ircPort));
    c.send('CAP LS 302');
    c.send('CAP REQ :sasl');
    c.send('AUTHENTICATE SCRAM-SHA-256');
    await c.expectLine(/ 908 \* PLAIN :are available SASL mechanisms$/);
    await c.expectLine(/ 904 \* :/);
    c.send('AUTHENTICATE PLAIN');
    await c.expectLine(/^AUTHENTICATE \+$/);
    c.send('AUTHENTICATE *');
    await c.expectLine(/ 906 \* :SASL authentication aborted$/);
    const payload = Buffer.from(`\0${name}\0${password}`).toString('base64');
    expect(payload).toHaveLength(400);
    c.send('AUTHENTICATE PLAIN');
    await c.expectLine(/^AUTHENTICATE \+$/);
    c.send(`AUTHENTICATE ${payload}`);
    await c.expectNoLine(/ 90[34] /, 200);
    c.send('AUTHENTICATE +');
    await c.expectLine(/ 903 \* :SASL authentication successful$/);
    c.send(`NICK ${name}`);
    c.send(`USER ${name} 0 * :x`);
    c.send('CAP END');
    await c.expectLine(new RegExp(` 001 ${name} `));
  });

  it('keeps one session per account across protocols: telnet is refused while the user is on IRC', async () => {
    const [name] = await chat.users('single');
    const i = track(await IrcRawClient.register(chat.server.ircPort, name, passwordOf(name)));
    const t = chat.track(await LineClient.connect(chat.server.port));
    t.send(name);
    t.send(passwordOf(name));
    await t.expectLine(/already logged in/);
    await t.expectClosed();
    i.send('PING :still');
    await i.expectLine(/PONG .*:still$/);
  });

  it('stores a /me to someone offline as "* alice waves"', async () => {
    const [sender, offline] = await chat.users('sender', 'offline');
    const s = track(await IrcUser.connect(chat.server.ircPort, { nick: sender, account: {}, password: `${sender}:${passwordOf(sender)}` }));
    s.client.action(offline, 'waves');
    await s.expectLine(/is offline; your message was stored/);
    const o = chat.track(await LineClient.login(chat.server.port, offline, passwordOf(offline)));
    await o.expectLine(new RegExp(`^${sender} \\(stored [^)]+\\): \\* ${sender} waves$`));
  });

  it('shows a private /me to a telnet user as "alice: * alice waves"', async () => {
    const [sender, telnet] = await chat.users('sender', 'telnet');
    const t = await chat.login(telnet);
    const s = track(await IrcRawClient.register(chat.server.ircPort, sender, passwordOf(sender)));
    s.send(`PRIVMSG ${telnet} :\u0001ACTION waves\u0001`);
    s.send(`PRIVMSG ${telnet} :\u0001VERSION\u0001`);
    s.send(`PRIVMSG ${telnet} :after`);
    await t.expectLine(new RegExp(`^${sender}: \\* ${sender} waves$`));
    expect(await t.nextLine()).toBe(`${sender}: after`);
  });

  it('echoes messages back to a client that enabled echo-message', async () => {
    const [sender, telnet] = await chat.users('sender', 'telnet');
    await chat.login(telnet);
    const s = track(await IrcRawClient.register(chat.server.ircPort, sender, passwordOf(sender), ['echo-message']));
    s.send(`PRIVMSG ${telnet} :echoed`);
    await s.expectLine(new RegExp(`^:${sender}!${sender}@parley PRIVMSG ${telnet} :echoed$`));
    s.send('PRIVMSG #parley :to all');
    await s.expectLine(new RegExp(`^:${sender}!${sender}@parley PRIVMSG #parley :to all$`));
  });
});

describe('IRC with on_conflict replace and an idle timeout', () => {
  const chat = useChatServer({ 'session.on_conflict': 'replace', 'irc.idle_timeout_seconds': 2 });

  it('ends the older IRC session with a NOTICE and ERROR when the user logs in again on telnet', async () => {
    const [name] = await chat.users('twice');
    const old = track(await IrcRawClient.register(chat.server.ircPort, name, passwordOf(name)));
    await chat.login(name);
    await old.expectLine(new RegExp(`NOTICE ${name} :\\*\\*\\* You were logged out: you logged in from another connection\\.$`));
    await old.expectLine(/^ERROR :/);
    await old.expectClosed();
  });

  it('logs an IRC user out after irc.idle_timeout_seconds without activity (PINGs do not count)', async () => {
    const [name] = await chat.users('idler');
    const idler = track(await IrcRawClient.register(chat.server.ircPort, name, passwordOf(name)));
    idler.send('PING :x');
    await idler.expectLine(/NOTICE .*You were logged out after 2 seconds without activity/, 5000);
    await idler.expectLine(/^ERROR :Idle timeout$/);
    await idler.expectClosed();
  });
});

describe('IRC listener settings and shutdown', () => {
  it('tells IRC users the server is shutting down, then ERROR', async () => {
    const server = await startServer();
    try {
      await addUsers(server, 'alice');
      const alice = track(await IrcRawClient.register(server.ircPort, 'alice', passwordOf('alice')));
      const stopped = server.stop();
      await alice.expectLine(/^:parley\.local NOTICE alice :\*\*\* The server is shutting down\. Goodbye\.$/);
      await alice.expectLine(/^ERROR :Server shutting down$/);
      await alice.expectClosed();
      await stopped;
    } finally {
      removeDataDir(server.dataDir);
    }
  });

  it('has no IRC listener with irc.enabled false', async () => {
    const server = await startServer({ settings: { 'irc.enabled': false } });
    try {
      expect(server.app.get(IrcServer).port).toBeUndefined();
    } finally {
      await server.stop();
      removeDataDir(server.dataDir);
    }
  });

  it('logs "irc listening on HOST:PORT" from the real binary, and that port speaks IRC', async () => {
    const dataDir = makeDataDir();
    const { proc } = await spawnServer(parleyEnv(dataDir, { PARLEY_ADMIN_PASSWORD: 'admin-pw' }));
    try {
      const [, port] = await proc.expectStdout(/irc listening on 127\.0\.0\.1:(\d+)/);
      const admin = track(await IrcRawClient.register(Number(port), 'admin', 'admin-pw'));
      admin.send('PRIVMSG Parley :whoelse');
      await admin.expectLine(/NOTICE admin :Online: \(none\)$/);
    } finally {
      await proc.kill();
      removeDataDir(dataDir);
    }
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.warn('irc-sessions.spec: skipping IRC over TLS: the openssl command is not installed.');

(hasOpenssl ? describe : describe.skip)('IRC over TLS', () => {
  const certDir = mkdtempSync(join(tmpdir(), 'parley-cert-'));
  let server: TestServer;

  beforeAll(async () => {
    const cert = join(certDir, 'cert.pem');
    const key = join(certDir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert], {
      stdio: 'ignore',
    });
    server = await startServer({ settings: { 'tls.enabled': true, 'tls.port': 0, 'tls.cert': cert, 'tls.key': key } });
    await addUsers(server, 'alice', 'bob');
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
    rmSync(certDir, { recursive: true, force: true });
  });

  it('registers over TLS with the certificate of tls.cert and chats with a telnet user', async () => {
    const tlsPort = server.app.get(IrcServer).tlsPort!;
    expect(tlsPort).toBeGreaterThan(0);
    const bob = track(await LineClient.login(server.port, 'bob', passwordOf('bob')));
    const alice = track(await IrcUser.connect(tlsPort, { nick: 'alice', tls: true, rejectUnauthorized: false, account: { account: 'alice', password: passwordOf('alice') } }));
    alice.client.say('#parley', 'over tls');
    await bob.expectLine(/^alice \(broadcast\): over tls$/);
  });
});
