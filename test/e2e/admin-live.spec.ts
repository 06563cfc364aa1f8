import { AdminClient, findLeaks, recordedExchanges } from '../support/admin-client';
import { useChatServer } from '../support/chat-fixture';
import { LineClient } from '../support/line-client';
import { failLineLogins, lineLoginReply } from '../support/line-logins';
import { ADMIN_PASSWORD, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (line: string) => new RegExp(`^${escape(line)}$`);

/** Prometheus text as `name{labels}` -> value. */
function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) values.set(match[1], Number(match[2]));
  }
  return values;
}

describe('admin HTTP API acting on live line-protocol sessions', () => {
  // Tests here fail many logins from 127.0.0.1 on purpose; the per-address limits have their own tests.
  const chat = useChatServer({ 'http.login_attempts_per_minute': 1000, 'login_throttle.max_failures': 1000 });
  const users = (...names: string[]) => chat.users(...names);
  const login = (name: string) => chat.login(name);
  let http: AdminClient;
  let admin: AdminClient;

  beforeAll(async () => {
    http = new AdminClient(chat.server.httpUrl);
    admin = http.as(await http.login('admin', ADMIN_PASSWORD));
  });

  // Clients of the previous test are closed; wait until the server has seen them go.
  beforeEach(async () => {
    const deadline = Date.now() + 5000;
    while ((await admin.get('/api/sessions')).body.total !== 0) {
      if (Date.now() > deadline) throw new Error('sessions of an earlier test are still online');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  const userNamed = async (name: string) => (await admin.get(`/api/users/${name}`)).body;

  it('lists online users with since, address and protocol; users show online and stored-message counts', async () => {
    const [alice, bob, carol] = await users('alice', 'bob', 'carol');
    const before = Date.now() - 1000;
    const a = await login(alice);
    await login(bob);
    a.send(`message ${carol} see you later`);
    await a.expectLine(/offline.*stored|stored.*offline/);

    const sessions = await admin.get('/api/sessions');
    expect(sessions.status).toBe(200);
    expect(sessions.body.total).toBe(2);
    expect(sessions.body.items).toEqual([
      { username: alice, since: expect.any(String), address: '127.0.0.1', protocol: 'line' },
      { username: bob, since: expect.any(String), address: '127.0.0.1', protocol: 'line' },
    ]);
    for (const session of sessions.body.items) {
      expect(Date.parse(session.since)).toBeGreaterThan(before);
      expect(Date.parse(session.since)).toBeLessThanOrEqual(Date.now());
    }

    expect(await userNamed(alice)).toMatchObject({ online: true, storedMessages: 0, lastLoginAt: expect.any(String) });
    expect(await userNamed(bob)).toMatchObject({ online: true, storedMessages: 0 });
    expect(await userNamed(carol)).toMatchObject({ online: false, storedMessages: 1, lastLoginAt: null });
    const listed = await admin.get('/api/users?limit=500');
    const online = listed.body.items.filter((user: { online: boolean }) => user.online).map((user: { username: string }) => user.username);
    expect(online).toEqual([alice, bob]);
    expect((await admin.get('/api/stats')).body.online).toBe(2);
  });

  it('kicks a user: they see a notice and are disconnected, the others see them log out', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await login(alice);
    const b = await login(bob);
    await a.expectLine(exactly(`*** ${bob} has logged in`));

    const response = await admin.delete(`/api/sessions/${bob.toUpperCase()}`);
    expect(response.status).toBe(204);
    await b.expectLine(/^\*\*\* (?!\S+ has logged (in|out)$)\S/);
    await b.expectClosed();
    await a.expectLine(exactly(`*** ${bob} has logged out`));
    expect((await admin.get('/api/sessions')).body.items.map((session: { username: string }) => session.username)).toEqual([alice]);
    expect((await admin.delete(`/api/sessions/${bob}`)).status).toBe(404);

    // A kick is not a ban.
    await login(bob);
  });

  it('unlocks an account locked by line-protocol failures: the user logs in at once', async () => {
    const [bob] = await users('bob');
    expect(await failLineLogins(chat.server.port, bob, 3)).toMatch(/locked/);
    expect(await lineLoginReply(chat.server.port, bob, passwordOf(bob))).toMatch(/locked/);
    const locked = await admin.get('/api/lockouts');
    expect(locked.body.items.map((lock: { username: string }) => lock.username)).toContain(bob);

    expect((await admin.delete(`/api/lockouts/${bob}`)).status).toBe(204);
    await login(bob);
    expect(await userNamed(bob)).toMatchObject({ failedAttempts: 0, lockedUntil: null, online: true });
    expect((await admin.get('/api/lockouts')).body.items.map((lock: { username: string }) => lock.username)).not.toContain(bob);
  });

  it('deletes an online user: disconnected, blocks and sent messages gone, name free and unburdened', async () => {
    const [alice, bob, carol, dave, erin] = await users('alice', 'bob', 'carol', 'dave', 'erin');
    const d = await login(dave);
    d.send(`block ${bob}`);
    await d.expectLine(exactly(`${bob} is blocked.`));
    const b = await login(bob);
    b.send(`block ${carol}`);
    await b.expectLine(exactly(`${carol} is blocked.`));
    b.send(`message ${erin} from the old ${bob}`);
    await b.expectLine(/stored/);
    const a = await login(alice);
    const blocksBefore = await admin.get(`/api/blocks?user=${bob}`);
    const sentBefore = await admin.get(`/api/messages?sender=${bob}`);
    expect(sentBefore.body.total).toBe(1);

    expect((await admin.delete(`/api/users/${bob}`)).status).toBe(204);
    await b.expectLine(/^\*\*\* (?!\S+ has logged (in|out)$)\S/);
    await b.expectClosed();
    await a.expectLine(exactly(`*** ${bob} has logged out`));
    expect((await admin.get(`/api/users/${bob}`)).status).toBe(404);
    expect((await admin.get('/api/sessions')).body.items.map((session: { username: string }) => session.username)).toEqual(
      [alice, dave].sort(),
    );
    expect((await admin.get(`/api/messages?sender=${bob}`)).body.total).toBe(0);
    expect(await lineLoginReply(chat.server.port, bob, passwordOf(bob))).toMatch(/Invalid username or password/);

    // A new account of the same name inherits neither the blocks nor the messages.
    expect((await admin.post('/api/users', { username: bob, password: passwordOf(bob) })).status).toBe(201);
    const newBob = await login(bob);
    newBob.send(`message ${dave} hello from the new ${bob}`);
    await d.expectLine(exactly(`${bob}: hello from the new ${bob}`));
    const c = await login(carol);
    c.send(`message ${bob} hi`);
    await newBob.expectLine(exactly(`${carol}: hi`));
    const e = await login(erin);
    await e.expectNoLine(/from the old/);

    expect(blocksBefore.status).toBe(200);
    expect(blocksBefore.body.total).toBe(2);
    const blocksAfter = await admin.get(`/api/blocks?user=${bob}`);
    expect(blocksAfter.status).toBe(200);
    expect(blocksAfter.body.total).toBe(0);
  });

  it('deletes an offline user with the messages waiting for them', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const a = await login(alice);
    a.send(`message ${bob} are you there?`);
    await a.expectLine(/stored/);
    expect((await admin.get(`/api/messages?recipient=${bob}`)).body.total).toBe(1);

    expect((await admin.delete(`/api/users/${bob}`)).status).toBe(204);
    expect((await admin.get(`/api/messages?recipient=${bob}`)).body.total).toBe(0);
    expect((await admin.delete(`/api/users/${bob}`)).status).toBe(404);
  });

  it('announces to every online user, one announcement line per line of the text, none forging a server line', async () => {
    const [alice, bob, carol] = await users('alice', 'bob', 'carol');
    const clients = [await login(alice), await login(bob), await login(carol)];
    expect((await admin.get('/api/sessions')).body.total).toBe(3);

    const text = 'The server restarts at 22:00 UTC (about 5 minutes).';
    const response = await admin.post('/api/announcements', { text });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ recipients: 3, lines: 1 });
    for (const client of clients) await client.expectLine(exactly(`*** Announcement: ${text}`));

    const forged = await admin.post('/api/announcements', { text: `tea time\r\n*** ${alice} has logged out\n\nline three` });
    expect(forged.body).toEqual({ recipients: 3, lines: 3 });
    for (const client of clients) {
      await client.expectLine(exactly('*** Announcement: tea time'));
      await client.expectLine(exactly(`*** Announcement: *** ${alice} has logged out`));
      await client.expectLine(exactly('*** Announcement: line three'));
      await client.expectNoLine(/^\*\*\* \S+ has logged out/);
    }
  });

  it('records each action in the audit log, newest first, with actor, target and address', async () => {
    const [bob, carol] = await users('bob', 'carol');
    await admin.post('/api/users', { username: `${carol}x`, password: 'carol-x-password' });
    await login(bob);
    await admin.delete(`/api/sessions/${bob}`);
    await failLineLogins(chat.server.port, carol, 3);
    await admin.delete(`/api/lockouts/${carol}`);
    await admin.post('/api/announcements', { text: 'audit me' });
    await admin.put(`/api/users/${carol}/password`, { password: 'changed-password' });
    await admin.delete(`/api/users/${carol}x`);

    const response = await admin.get('/api/audit?limit=7');
    expect(response.status).toBe(200);
    const entries = response.body.items.map(({ actor, action, target, address }: Record<string, unknown>) => ({ actor, action, target, address }));
    const by = (action: string, target: string | null) => ({ actor: 'admin', action, target, address: '127.0.0.1' });
    expect(entries.slice(0, 6)).toEqual([
      by('user.delete', `${carol}x`),
      by('user.password', carol),
      by('announcement', 'audit me'),
      by('lockout.clear', carol),
      by('session.kick', bob),
      by('user.create', `${carol}x`),
    ]);
    const times = response.body.items.map((entry: { at: string }) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((x, y) => y - x));

    // Sign-ins are audited too, failed ones under the name that was tried.
    await http.post('/api/auth/login', { username: 'no-such-admin', password: 'guess' });
    const [failed] = (await admin.get('/api/audit?limit=1')).body.items;
    expect(failed).toMatchObject({ actor: 'no-such-admin', action: 'login.failed', address: '127.0.0.1' });
  });

  it('counts logins, failures, lockouts and messages in /metrics', async () => {
    const [alice, bob, carol, dave] = await users('alice', 'bob', 'carol', 'dave');
    const scrape = async () => {
      const response = await http.get('/metrics');
      expect(response.status).toBe(200);
      return parseMetrics(response.text);
    };
    const start = await scrape();
    const delta = (now: Map<string, number>, key: string) => {
      expect([key, now.has(key)]).toEqual([key, true]);
      return now.get(key)! - (start.get(key) ?? 0);
    };

    const a = await login(alice);
    const b = await login(bob);
    expect(await failLineLogins(chat.server.port, carol, 1)).toMatch(/Invalid/);
    expect(await failLineLogins(chat.server.port, dave, 3)).toMatch(/locked/);
    a.send('broadcast hello all');
    await b.expectLine(exactly(`${alice} (broadcast): hello all`));
    a.send(`message ${bob} psst`);
    await b.expectLine(exactly(`${alice}: psst`));
    a.send(`message ${carol} later`);
    await a.expectLine(/stored/);

    const middle = await scrape();
    expect({
      ok: delta(middle, 'parley_logins_total{result="ok"}'),
      failed: delta(middle, 'parley_logins_total{result="failed"}'),
      lockouts: delta(middle, 'parley_lockouts_total'),
      broadcast: delta(middle, 'parley_messages_total{kind="broadcast"}'),
      private: delta(middle, 'parley_messages_total{kind="private"}'),
      stored: delta(middle, 'parley_messages_total{kind="stored"}'),
      delivered: delta(middle, 'parley_messages_total{kind="delivered_from_store"}'),
      storedWaiting: delta(middle, 'parley_stored_messages'),
      online: middle.get('parley_sessions_online'),
    }).toEqual({ ok: 2, failed: 4, lockouts: 1, broadcast: 1, private: 1, stored: 1, delivered: 0, storedWaiting: 1, online: 2 });

    const c = await login(carol);
    await c.expectLine(/\(stored [^)]+\): later$/);
    const end = await scrape();
    expect({
      ok: delta(end, 'parley_logins_total{result="ok"}'),
      delivered: delta(end, 'parley_messages_total{kind="delivered_from_store"}'),
      storedWaiting: delta(end, 'parley_stored_messages'),
      online: end.get('parley_sessions_online'),
    }).toEqual({ ok: 3, delivered: 1, storedWaiting: 0, online: 3 });
    const lag = end.get('nodejs_eventloop_lag_seconds');
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(5);
  });

  describe('admin sign-in and the lockout', () => {
    async function newAdmin(): Promise<string> {
      const [name] = await users('keeper');
      expect((await admin.put(`/api/users/${name}/role`, { role: 'admin' })).status).toBe(200);
      return name;
    }

    const httpLogin = (username: string, password: string) => http.post('/api/auth/login', { username, password });

    it('locks the account on the third wrong password (423 with seconds remaining), for the line protocol too', async () => {
      const name = await newAdmin();
      expect((await httpLogin(name, 'wrong')).status).toBe(401);
      expect((await httpLogin(name, 'wrong')).status).toBe(401);
      const third = await httpLogin(name, 'wrong');
      expect(third.status).toBe(423);
      expect(third.body).toMatchObject({ statusCode: 423, message: expect.stringMatching(/locked/), secondsRemaining: expect.any(Number) });
      expect(third.body.secondsRemaining).toBeGreaterThan(50);
      expect(third.body.secondsRemaining).toBeLessThanOrEqual(60);
      expect(third.body.token).toBeUndefined();

      const right = await httpLogin(name, passwordOf(name));
      expect(right.status).toBe(423);
      expect(right.body.token).toBeUndefined();
      const line = await LineClient.connect(chat.server.port);
      chat.track(line);
      line.send(name);
      line.send(passwordOf(name));
      await line.expectLine(/locked/);
      await line.expectClosed();
      expect((await admin.get('/api/lockouts')).body.items.map((lock: { username: string }) => lock.username)).toContain(name);
    });

    it('counts line and HTTP failures toward the same lockout, in either order', async () => {
      const first = await newAdmin();
      expect(await failLineLogins(chat.server.port, first, 1)).toMatch(/Invalid/);
      expect((await httpLogin(first, 'wrong')).status).toBe(401);
      expect((await httpLogin(first, 'wrong')).status).toBe(423);

      const second = await newAdmin();
      expect((await httpLogin(second, 'wrong')).status).toBe(401);
      expect((await httpLogin(second, 'wrong')).status).toBe(401);
      expect(await failLineLogins(chat.server.port, second, 1)).toMatch(/locked/);
      expect((await httpLogin(second, passwordOf(second))).status).toBe(423);
    });

    it('resets the count on a successful HTTP sign-in', async () => {
      const name = await newAdmin();
      expect((await httpLogin(name, 'wrong')).status).toBe(401);
      expect((await httpLogin(name, 'wrong')).status).toBe(401);
      expect((await httpLogin(name, passwordOf(name))).status).toBe(200);
      expect(await failLineLogins(chat.server.port, name, 2)).toMatch(/Invalid/);
      expect(await userNamed(name)).toMatchObject({ failedAttempts: 2, lockedUntil: null });
    });
  });

  it('no response in this file held a password hash or a token secret other than where it was issued', () => {
    const recorded = recordedExchanges();
    expect(recorded.length).toBeGreaterThan(50);
    expect(findLeaks(recorded)).toEqual([]);
  });
});

describe('admin sign-in rate limit', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ settings: { 'http.login_attempts_per_minute': 3 } });
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('answers the 4th sign-in request from one address within a minute with 429, whatever its credentials', async () => {
    const http = new AdminClient(server.httpUrl);
    const token = await http.login('admin', ADMIN_PASSWORD);
    expect((await http.post('/api/auth/login', { username: 'nobody', password: 'guess' })).status).toBe(401);
    expect((await http.post('/api/auth/login', { username: 'nobody', password: 'guess' })).status).toBe(401);
    const fourth = await http.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(fourth.status).toBe(429);
    expect(fourth.body.token).toBeUndefined();
    // Only sign-in is limited: the token keeps working.
    expect((await http.as(token).get('/api/auth/me')).status).toBe(200);
    expect((await http.as(token).get('/api/users')).status).toBe(200);
  });
});
