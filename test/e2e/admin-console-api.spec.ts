import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminClient } from '../support/admin-client';
import { useChatServer } from '../support/chat-fixture';
import { EventStreamReader } from '../support/event-stream';
import { failLineLogins } from '../support/line-logins';
import { ADMIN_PASSWORD } from '../support/test-server';

interface Snapshot {
  stats: { online: number; lockedAccounts: number; storedMessages: number };
  sessions: { username: string; protocol: string }[];
  lockouts: { username: string; secondsRemaining: number }[];
}

/** What the console's second pass needs from the API: server push, the server panel, filters. */
describe('admin API for the console: events, about, filters', () => {
  const chat = useChatServer({ 'http.login_attempts_per_minute': 1000, 'login_throttle.max_failures': 1000 });
  let http: AdminClient;
  let admin: AdminClient;
  let token: string;
  const streams: EventStreamReader[] = [];
  const open = async (headers: Record<string, string>, path = '/api/events') => {
    const stream = await EventStreamReader.open(chat.server.httpUrl + path, headers);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    http = new AdminClient(chat.server.httpUrl);
    token = await http.login('admin', ADMIN_PASSWORD);
    admin = http.as(token);
  });

  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));

  describe('GET /api/events (server-sent events)', () => {
    it('pushes a snapshot at once, then the sessions, lockouts and stored counts as they change', async () => {
      const [alice, bob, carol] = await chat.users('alice', 'bob', 'carol');
      const stream = await open({ Authorization: `Bearer ${token}` });
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const first = (await stream.until('snapshot', () => true)) as Snapshot;
      expect(first.sessions).toEqual([]);

      const a = await chat.login(alice);
      const online = (await stream.until('snapshot', (s) => (s as Snapshot).sessions.length === 1)) as Snapshot;
      expect(online.sessions[0]).toMatchObject({ username: alice, protocol: 'line' });
      expect(online.stats.online).toBe(1);

      a.send(`message ${carol} are you there?`);
      await a.expectLine(/stored/);
      await stream.until('snapshot', (s) => (s as Snapshot).stats.storedMessages === first.stats.storedMessages + 1);

      await failLineLogins(chat.server.port, bob, 3);
      const locked = (await stream.until('snapshot', (s) => (s as Snapshot).lockouts.length === 1)) as Snapshot;
      expect(locked.lockouts[0].username).toBe(bob);
      expect(locked.stats.lockedAccounts).toBe(1);
      await admin.delete(`/api/lockouts/${bob}`);
      await stream.until('snapshot', (s) => (s as Snapshot).lockouts.length === 0);
    });

    it('needs the bearer token in a header: 401 without it, and a token in the URL is not accepted', async () => {
      expect((await open({})).response.status).toBe(401);
      expect((await open({}, `/api/events?token=${token}`)).response.status).toBe(401);
      expect((await open({}, `/api/events?access_token=${token}`)).response.status).toBe(401);
    });

    it('ends the stream once its token is revoked', async () => {
      const other = await http.login('admin', ADMIN_PASSWORD);
      const stream = await open({ Authorization: `Bearer ${other}` });
      await stream.until('snapshot', () => true);
      expect((await http.as(other).post('/api/auth/logout')).status).toBe(204);
      for (let event = await stream.next(); event; event = await stream.next()) {
        // Any snapshot already on its way is fine; the stream must then end.
      }
    });
  });

  it('describes the server: version, uptime, listeners with their bound addresses, the database, no cluster', async () => {
    const response = await admin.get('/api/about');
    expect(response.status).toBe(200);
    const version = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
    expect(response.body).toEqual({
      version,
      startedAt: expect.any(String),
      uptimeSeconds: expect.any(Number),
      listeners: [
        { name: 'admin HTTP', address: chat.server.httpUrl },
        { name: 'line', address: `127.0.0.1:${chat.server.port}` },
        { name: 'irc', address: `127.0.0.1:${chat.server.ircPort}` },
      ],
      database: { kind: 'sqlite', location: join(chat.server.dataDir, 'parley.sqlite') },
      clusterNodes: null,
    });
    expect(response.body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  describe('filters', () => {
    it('filters the audit log by actor, action, target user and time, with paging', async () => {
      const [dave, erin] = await chat.users('dave', 'erin');
      const before = new Date().toISOString();
      await admin.put(`/api/users/${dave}/password`, { password: 'dave-new-password' });
      await admin.put(`/api/users/${dave}/role`, { role: 'admin' });
      await admin.put(`/api/users/${erin}/password`, { password: 'erin-new-password' });

      const byAction = await admin.get(`/api/audit?action=user.password&from=${before}`);
      expect(byAction.body.items.map((e: { target: string }) => e.target)).toEqual([erin, dave]);
      const aboutDave = await admin.get(`/api/audit?user=${dave.toUpperCase()}`);
      expect(aboutDave.body.items.map((e: { action: string }) => e.action)).toEqual(['user.role', 'user.password']);
      const byActor = await admin.get(`/api/audit?actor=ADM&from=${before}&limit=1&offset=1`);
      expect(byActor.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(byActor.body.items[0]).toMatchObject({ action: 'user.role', actor: 'admin' });
      expect((await admin.get(`/api/audit?actor=nobody&from=${before}`)).body.total).toBe(0);
      expect((await admin.get(`/api/audit?to=${before}&action=user.role`)).body.total).toBe(0);

      for (const [query, field] of [['from=yesterday', 'from'], ['to=2026-13-01', 'to'], ['action=drop', 'action'], ['user=a%20b', 'user']]) {
        const bad = await admin.get(`/api/audit?${query}`);
        expect({ status: bad.status, names: new RegExp(`\\b${field}\\b`).test(bad.body.message) }).toEqual({ status: 400, names: true });
      }
    });

    it('matches part of a name in the stored-message filter, in any case', async () => {
      const [frank, gina] = await chat.users('frank', 'gina');
      const f = await chat.login(frank);
      f.send(`message ${gina} hello`);
      await f.expectLine(/stored/);
      const byRecipient = await admin.get(`/api/messages?recipient=${gina.slice(1, 4).toUpperCase()}`);
      expect(byRecipient.body.items.map((m: { sender: string }) => m.sender)).toEqual([frank]);
      const bySender = await admin.get(`/api/messages?sender=ran&recipient=${gina}`);
      expect(bySender.body.total).toBe(1);
      expect((await admin.get(`/api/messages?sender=zzz`)).body.total).toBe(0);
    });
  });
});
