import { AdminClient, findLeaks, Method, recordedExchanges } from '../support/admin-client';
import { LineClient } from '../support/line-client';
import { failLineLogins, lineLoginReply } from '../support/line-logins';
import { addUsers, ADMIN_PASSWORD, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';
import { AccountsService } from '../../src/accounts/accounts.service';
import { UsersRepository } from '../../src/accounts/users.repository';

/**
 * Every protected route with a request an admin could make; the guard must answer before the
 * handler runs, so none of these may change anything when refused.
 */
const PROTECTED: [Method, string, unknown?][] = [
  ['get', '/api/auth/me'],
  ['get', '/api/users'],
  ['post', '/api/users', { username: 'intruder', password: 'pw' }],
  ['get', '/api/users/alice'],
  ['delete', '/api/users/alice'],
  ['put', '/api/users/alice/password', { password: 'taken-over' }],
  ['put', '/api/users/alice/role', { role: 'admin' }],
  ['get', '/api/lockouts'],
  ['delete', '/api/lockouts/alice'],
  ['get', '/api/messages'],
  ['delete', '/api/messages/1'],
  ['get', '/api/sessions'],
  ['delete', '/api/sessions/alice'],
  ['get', '/api/blocks'],
  ['post', '/api/announcements', { text: 'not from an admin' }],
  ['get', '/api/audit'],
  ['get', '/api/tokens'],
  ['post', '/api/tokens', { name: 'intruder' }],
  ['delete', '/api/tokens/1'],
  ['get', '/api/stats'],
  // Last: if the guard let it through, it would revoke the token the other rows use.
  ['post', '/api/auth/logout'],
];

/** Every route the OpenAPI document must describe, as it writes paths. */
const DOCUMENTED: [Method, string][] = [
  ['post', '/api/auth/login'],
  ...PROTECTED.map(([method, path]): [Method, string] => [
    method,
    path.replace(/\/(alice|1)(?=\/|$)/, (_, value: string) => (value === '1' ? '/{id}' : '/{name}')),
  ]),
  ['get', '/health'],
  ['get', '/metrics'],
];

const LIST_ROUTES = ['/api/users', '/api/lockouts', '/api/messages', '/api/sessions', '/api/blocks', '/api/audit', '/api/tokens'];

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('admin HTTP API: routes and statuses', () => {
  let server: TestServer;
  let http: AdminClient;
  let admin: AdminClient;
  /** A session token and an API token of "deputy", who was an admin when they were issued and is no longer. */
  let demotedTokens: { session: string; api: string };
  const clients: LineClient[] = [];

  async function login(name: string): Promise<LineClient> {
    const client = await LineClient.login(server.port, name, passwordOf(name));
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    // Many tests sign in, some with wrong passwords; the per-address limits have their own tests.
    server = await startServer({ settings: { 'http.login_attempts_per_minute': 1000, 'login_throttle.max_failures': 1000 } });
    await addUsers(server, 'alice', 'bob', 'carol', 'dave', 'erin', 'frank');
    http = new AdminClient(server.httpUrl);
    admin = http.as(await http.login('admin', ADMIN_PASSWORD));

    const created = await admin.post('/api/users', { username: 'deputy', password: passwordOf('deputy'), role: 'admin' });
    expect(created.status).toBe(201);
    const deputySession = await http.login('deputy', passwordOf('deputy'));
    const issued = await http.as(deputySession).post('/api/tokens', { name: 'deputy-script' });
    expect(issued.status).toBe(201);
    // Demoted behind the API's back (through the API the tokens are revoked: admin-account-changes.spec.ts),
    // as another process sharing the database could: the guard still checks the owner's role.
    const deputy = (await server.app.get(AccountsService).findUser('deputy'))!;
    expect(await server.app.get(UsersRepository).setRoleUnlessLastAdmin(deputy.id, 'user')).toBe(true);
    demotedTokens = { session: deputySession, api: issued.body.token };
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await waitUntilNobodyOnline();
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  async function waitUntilNobodyOnline(): Promise<void> {
    const deadline = Date.now() + 5000;
    while ((await admin.get('/api/sessions')).body.total !== 0) {
      if (Date.now() > deadline) throw new Error('sessions still online');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** A 400 whose message names `field` as a word (so "q" is not found inside "equal"). */
  function expectBadRequestNaming(response: { status: number; body: { message?: unknown } }, field: string): void {
    expect({ status: response.status, message: response.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(new RegExp(`(^|[^\\w])${field}\\b`)),
    });
  }

  describe('POST /api/auth/login', () => {
    it('gives an admin a bearer token, its expiry and the name as created', async () => {
      const before = Date.now();
      const response = await http.post('/api/auth/login', { username: 'ADMIN', password: ADMIN_PASSWORD });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ token: expect.stringMatching(/^\S{32,}$/), expiresAt: expect.stringMatching(ISO_DATE), username: 'admin' });
      // http.session_minutes defaults to 720.
      const lifetimeMinutes = (Date.parse(response.body.expiresAt) - before) / 60_000;
      expect(lifetimeMinutes).toBeGreaterThan(719);
      expect(lifetimeMinutes).toBeLessThan(721);
      const me = await http.as(response.body.token).get('/api/auth/me');
      expect(me.status).toBe(200);
    });

    it('answers a wrong password and an unknown name the same 401, even for a non-admin', async () => {
      const wrong = await http.post('/api/auth/login', { username: 'admin', password: 'not-it' });
      const unknown = await http.post('/api/auth/login', { username: 'nobody', password: 'whatever' });
      const wrongForUser = await http.post('/api/auth/login', { username: 'bob', password: 'not-it' });
      for (const response of [wrong, unknown, wrongForUser]) {
        expect(response.status).toBe(401);
        expect(response.body.message).toBe('Invalid username or password');
        expect(response.body.token).toBeUndefined();
      }
      // A good sign-in resets the failures the wrong ones counted.
      await http.login('admin', ADMIN_PASSWORD);
      await lineLoginReply(server.port, 'bob', passwordOf('bob')).then((reply) => expect(reply).toMatch(/^Welcome, bob/));
    });

    it('refuses a non-admin with the right password: 403, no token', async () => {
      const response = await http.post('/api/auth/login', { username: 'alice', password: passwordOf('alice') });
      expect(response.status).toBe(403);
      expect(response.body.token).toBeUndefined();
      const demoted = await http.post('/api/auth/login', { username: 'deputy', password: passwordOf('deputy') });
      expect(demoted.status).toBe(403);
    });

    it('answers 400 naming a missing or mistyped field', async () => {
      expectBadRequestNaming(await http.post('/api/auth/login', { username: 'admin' }), 'password');
      expectBadRequestNaming(await http.post('/api/auth/login', { password: ADMIN_PASSWORD }), 'username');
      expectBadRequestNaming(await http.post('/api/auth/login', { username: ['admin'], password: ADMIN_PASSWORD }), 'username');
      expectBadRequestNaming(
        await http.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD, remember: true }),
        'remember',
      );
    });
  });

  describe('POST /api/auth/logout and GET /api/auth/me', () => {
    it('says who the token belongs to', async () => {
      const response = await admin.get('/api/auth/me');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ username: 'admin', role: 'admin' });
    });

    it('revokes the token it was called with, and only that one', async () => {
      const token = await http.login('admin', ADMIN_PASSWORD);
      const response = await http.as(token).post('/api/auth/logout');
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect((await http.as(token).get('/api/auth/me')).status).toBe(401);
      expect((await http.as(token).post('/api/auth/logout')).status).toBe(401);
      expect((await admin.get('/api/auth/me')).status).toBe(200);
    });
  });

  describe('401 and 403 on every protected route', () => {
    // Rows as objects: jest would take a callback with more parameters than a row has as wanting `done`.
    const routes = PROTECTED.map(([method, path, body]) => ({ method, path, body }));

    it.each(routes)('$method $path: 401 without a token, with a malformed header or an unknown token', async ({ method, path, body }) => {
      const noToken = await http.send(method, path, { body });
      const basic = await http.send(method, path, { body, headers: { Authorization: `Basic ${Buffer.from('admin:' + ADMIN_PASSWORD).toString('base64')}` } });
      const emptyBearer = await http.send(method, path, { body, headers: { Authorization: 'Bearer ' } });
      const unknown = await http.send(method, path, { body, token: 'parley_not-a-real-token-at-all-0000000000' });
      for (const response of [noToken, basic, emptyBearer, unknown]) {
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ statusCode: 401, message: expect.any(String) });
      }
    });

    it.each(routes)("$method $path: 403 with a demoted admin's session and API tokens", async ({ method, path, body }) => {
      for (const token of [demotedTokens.session, demotedTokens.api]) {
        const response = await http.send(method, path, { body, token });
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ statusCode: 403, message: expect.any(String) });
      }
    });

    it('changed nothing while refusing', async () => {
      const alice = await admin.get('/api/users/alice');
      expect(alice.status).toBe(200);
      expect(alice.body.role).toBe('user');
      expect((await admin.get('/api/users/intruder')).status).toBe(404);
      expect((await lineLoginReply(server.port, 'alice', passwordOf('alice')))).toMatch(/^Welcome, alice/);
      const tokens = await admin.get('/api/tokens');
      expect(tokens.body.items.map((token: { name: string }) => token.name)).not.toContain('intruder');
    });
  });

  describe('users', () => {
    it('lists users with every field, by name, with paging', async () => {
      const response = await admin.get('/api/users');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 8, limit: 50, offset: 0 });
      const names = response.body.items.map((user: { username: string }) => user.username);
      expect(names).toEqual(['admin', 'alice', 'bob', 'carol', 'dave', 'deputy', 'erin', 'frank']);
      const alice = response.body.items[1];
      expect(alice).toEqual({
        username: 'alice',
        role: 'user',
        online: false,
        createdAt: expect.stringMatching(ISO_DATE),
        // alice logged in and out over the line protocol in an earlier test.
        lastLoginAt: expect.stringMatching(ISO_DATE),
        lastSeenAt: expect.stringMatching(ISO_DATE),
        failedAttempts: 0,
        lockedUntil: null,
        storedMessages: 0,
      });

      const page = await admin.get('/api/users?limit=2&offset=3');
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 8, limit: 2, offset: 3 });
      expect(page.body.items.map((user: { username: string }) => user.username)).toEqual(['carol', 'dave']);
    });

    it('filters by a case-insensitive part of the name', async () => {
      const response = await admin.get('/api/users?q=RO');
      expect(response.status).toBe(200);
      expect(response.body.items.map((user: { username: string }) => user.username)).toEqual(['carol']);
      expect(response.body.total).toBe(1);
      expect((await admin.get('/api/users?q=zzz')).body).toMatchObject({ items: [], total: 0 });
      expectBadRequestNaming(await admin.get(`/api/users?q=${'a'.repeat(33)}`), 'q');
    });

    it('creates a user who can log in over the line protocol; 201', async () => {
      const response = await admin.post('/api/users', { username: 'Grace', password: 'grace-secret' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ username: 'Grace', role: 'user', online: false, storedMessages: 0, failedAttempts: 0 });
      expect(await lineLoginReply(server.port, 'grace', 'grace-secret')).toMatch(/^Welcome, Grace/);

      const asAdmin = await admin.post('/api/users', { username: 'heidi', password: 'heidi-secret', role: 'admin' });
      expect(asAdmin.status).toBe(201);
      expect(asAdmin.body.role).toBe('admin');
      expect((await http.post('/api/auth/login', { username: 'heidi', password: 'heidi-secret' })).status).toBe(200);
    });

    it('refuses a taken name in any case: 409', async () => {
      for (const username of ['bob', 'BOB', 'Bob']) {
        const response = await admin.post('/api/users', { username, password: 'other-password' });
        expect(response.status).toBe(409);
        expect(response.body.message).toMatch(/bob/i);
      }
      // The existing account is untouched.
      expect(await lineLoginReply(server.port, 'bob', passwordOf('bob'))).toMatch(/^Welcome, bob/);
    });

    it('answers 400 naming the bad field, and creates nothing', async () => {
      expectBadRequestNaming(await admin.post('/api/users', { username: 'has space', password: 'pw' }), 'username');
      expectBadRequestNaming(await admin.post('/api/users', { username: 'x'.repeat(33), password: 'pw' }), 'username');
      expectBadRequestNaming(await admin.post('/api/users', { password: 'pw' }), 'username');
      expectBadRequestNaming(await admin.post('/api/users', { username: 'ivan' }), 'password');
      expectBadRequestNaming(await admin.post('/api/users', { username: 'ivan', password: '' }), 'password');
      expectBadRequestNaming(await admin.post('/api/users', { username: 'ivan', password: 'pw', role: 'root' }), 'role');
      expectBadRequestNaming(await admin.post('/api/users', { username: 'ivan', password: 'pw', isAdmin: true }), 'isAdmin');
      expect((await admin.get('/api/users/ivan')).status).toBe(404);
    });

    it('gets one user by name in any case; 404 for an unknown one', async () => {
      const response = await admin.get('/api/users/CAROL');
      expect(response.status).toBe(200);
      expect(response.body.username).toBe('carol');
      const unknown = await admin.get('/api/users/nobody');
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toContain('nobody');
      expect((await admin.get('/api/users/no%20such%20user')).status).toBe(404);
    });

    it('deletes a user: 204, then 404; unknown names 404', async () => {
      const response = await admin.delete('/api/users/erin');
      expect(response.status).toBe(204);
      expect((await admin.get('/api/users/erin')).status).toBe(404);
      expect((await admin.delete('/api/users/erin')).status).toBe(404);
      expect(await lineLoginReply(server.port, 'erin', passwordOf('erin'))).toMatch(/Invalid username or password/);
    });

    it('changes a password: the new one works, the old one does not; 400 and 404', async () => {
      const response = await admin.put('/api/users/bob/password', { password: 'bob-new-secret' });
      expect(response.status).toBe(204);
      expect(await lineLoginReply(server.port, 'bob', passwordOf('bob'))).toMatch(/Invalid username or password/);
      expect(await lineLoginReply(server.port, 'bob', 'bob-new-secret')).toMatch(/^Welcome, bob/);
      await admin.put('/api/users/bob/password', { password: passwordOf('bob') });

      expectBadRequestNaming(await admin.put('/api/users/bob/password', {}), 'password');
      expectBadRequestNaming(await admin.put('/api/users/bob/password', { password: 42 }), 'password');
      expectBadRequestNaming(await admin.put('/api/users/bob/password', { password: 'pw', confirm: 'pw' }), 'confirm');
      const unknown = await admin.put('/api/users/nobody/password', { password: 'whatever' });
      expect(unknown.status).toBe(404);
    });

    it('changes a role: 200 with the user; 400 and 404', async () => {
      const promoted = await admin.put('/api/users/dave/role', { role: 'admin' });
      expect(promoted.status).toBe(200);
      expect(promoted.body).toMatchObject({ username: 'dave', role: 'admin' });
      expect((await http.post('/api/auth/login', { username: 'dave', password: passwordOf('dave') })).status).toBe(200);
      const demoted = await admin.put('/api/users/dave/role', { role: 'user' });
      expect(demoted.status).toBe(200);
      expect(demoted.body.role).toBe('user');
      expect((await http.post('/api/auth/login', { username: 'dave', password: passwordOf('dave') })).status).toBe(403);

      expectBadRequestNaming(await admin.put('/api/users/dave/role', { role: 'root' }), 'role');
      expectBadRequestNaming(await admin.put('/api/users/dave/role', {}), 'role');
      expect((await admin.put('/api/users/nobody/role', { role: 'user' })).status).toBe(404);
    });

    it('will not delete or demote the last admin: 409', async () => {
      // heidi, created above, is the other admin; without her, admin is the last one.
      expect((await admin.delete('/api/users/heidi')).status).toBe(204);
      const deleted = await admin.delete('/api/users/admin');
      expect(deleted.status).toBe(409);
      expect(deleted.body.message).toContain('admin');
      const demoted = await admin.put('/api/users/ADMIN/role', { role: 'user' });
      expect(demoted.status).toBe(409);
      const me = await admin.get('/api/users/admin');
      expect(me.body.role).toBe('admin');
      expect((await admin.get('/api/auth/me')).status).toBe(200);
    });
  });

  describe('lockouts', () => {
    it('lists locked accounts with seconds remaining, and unlocks: 204, 404', async () => {
      expect((await admin.get('/api/lockouts')).body).toMatchObject({ items: [], total: 0 });
      expect(await failLineLogins(server.port, 'frank', 3)).toMatch(/locked/);

      const locked = await admin.get('/api/lockouts');
      expect(locked.status).toBe(200);
      expect(locked.body.total).toBe(1);
      const [frank] = locked.body.items;
      expect(frank).toEqual({
        username: 'frank',
        lockedUntil: expect.stringMatching(ISO_DATE),
        secondsRemaining: expect.any(Number),
        failedAttempts: expect.any(Number),
      });
      expect(frank.secondsRemaining).toBeGreaterThan(50);
      expect(frank.secondsRemaining).toBeLessThanOrEqual(60);
      const user = await admin.get('/api/users/frank');
      expect(user.body.lockedUntil).toBe(frank.lockedUntil);

      expect((await admin.delete('/api/lockouts/FRANK')).status).toBe(204);
      expect((await admin.get('/api/lockouts')).body.total).toBe(0);
      expect((await admin.get('/api/users/frank')).body).toMatchObject({ failedAttempts: 0, lockedUntil: null });
      expect(await lineLoginReply(server.port, 'frank', passwordOf('frank'))).toMatch(/^Welcome, frank/);

      const unknown = await admin.delete('/api/lockouts/nobody');
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toContain('nobody');
    });
  });

  describe('stored messages', () => {
    let ids: number[];

    beforeAll(async () => {
      const alice = await login('alice');
      for (const [to, text] of [['carol', 'one'], ['carol', 'two'], ['dave', 'four']]) {
        alice.send(`message ${to} ${text}`);
        await alice.expectLine(/stored/);
      }
      const bob = await login('bob');
      bob.send('message carol three');
      await bob.expectLine(/stored/);
      alice.close();
      bob.close();
      const all = await admin.get('/api/messages');
      ids = all.body.items.map((message: { id: number }) => message.id);
    });

    it('lists what is waiting, oldest first, with every field', async () => {
      const response = await admin.get('/api/messages');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 4, limit: 50, offset: 0 });
      expect(response.body.items.map((message: { text: string }) => message.text)).toEqual(['one', 'two', 'four', 'three']);
      expect(response.body.items[0]).toEqual({
        id: expect.any(Number),
        recipient: 'carol',
        sender: 'alice',
        text: 'one',
        storedAt: expect.stringMatching(ISO_DATE),
      });
      expect((await admin.get('/api/users/carol')).body.storedMessages).toBe(3);
      expect((await admin.get('/api/stats')).body.storedMessages).toBe(4);
    });

    it('filters by recipient and sender in any case, pages, and counts the total', async () => {
      const texts = (response: { body: { items: { text: string }[] } }) => response.body.items.map((message) => message.text);
      const toCarol = await admin.get('/api/messages?recipient=Carol');
      expect(texts(toCarol)).toEqual(['one', 'two', 'three']);
      expect(toCarol.body.total).toBe(3);
      const fromAlice = await admin.get('/api/messages?sender=ALICE');
      expect(texts(fromAlice)).toEqual(['one', 'two', 'four']);
      const both = await admin.get('/api/messages?recipient=carol&sender=alice');
      expect(texts(both)).toEqual(['one', 'two']);
      expect(both.body.total).toBe(2);
      const page = await admin.get('/api/messages?recipient=carol&limit=1&offset=1');
      expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(texts(page)).toEqual(['two']);
      expect((await admin.get('/api/messages?recipient=nobody')).body).toMatchObject({ items: [], total: 0 });
      expectBadRequestNaming(await admin.get('/api/messages?recipient=not%20a%20name'), 'recipient');
      expectBadRequestNaming(await admin.get('/api/messages?sender=%3Cscript%3E'), 'sender');
    });

    it('deletes one: 204, then 404; a non-numeric id is a 400 naming id', async () => {
      const [first] = ids;
      expect((await admin.delete(`/api/messages/${first}`)).status).toBe(204);
      const left = await admin.get('/api/messages');
      expect(left.body.total).toBe(3);
      expect(left.body.items.map((message: { id: number }) => message.id)).not.toContain(first);
      expect((await admin.delete(`/api/messages/${first}`)).status).toBe(404);
      expect((await admin.delete('/api/messages/999999')).status).toBe(404);
      expectBadRequestNaming(await admin.delete('/api/messages/abc'), 'id');

      // carol gets only the two that are left.
      const carol = await login('carol');
      await carol.expectLine(/^You have 2 stored messages:$/);
      await carol.expectLine(/^alice \(stored [^)]+\): two$/);
      await carol.expectLine(/^bob \(stored [^)]+\): three$/);
    });
  });

  describe('sessions', () => {
    it('lists nobody when nobody is online', async () => {
      const response = await admin.get('/api/sessions');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
    });

    it('lists who is online; 404 for kicking someone who is not', async () => {
      await login('dave');
      const response = await admin.get('/api/sessions');
      expect(response.body.items).toEqual([
        { username: 'dave', since: expect.stringMatching(ISO_DATE), address: '127.0.0.1', protocol: 'line' },
      ]);
      const offline = await admin.delete('/api/sessions/alice');
      expect(offline.status).toBe(404);
      expect(offline.body.message).toContain('alice');
      expect((await admin.delete('/api/sessions/nobody')).status).toBe(404);
    });
  });

  describe('blocks', () => {
    beforeAll(async () => {
      const alice = await login('alice');
      alice.send('block bob');
      await alice.expectLine(/^bob is blocked\.$/);
      alice.send('block carol');
      await alice.expectLine(/^carol is blocked\.$/);
      const bob = await login('bob');
      bob.send('block alice');
      await bob.expectLine(/^alice is blocked\.$/);
    });

    it('lists every block by blocker, then blocked', async () => {
      const response = await admin.get('/api/blocks');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
      expect(response.body.items).toEqual([
        { blocker: 'alice', blocked: 'bob', createdAt: expect.stringMatching(ISO_DATE) },
        { blocker: 'alice', blocked: 'carol', createdAt: expect.stringMatching(ISO_DATE) },
        { blocker: 'bob', blocked: 'alice', createdAt: expect.stringMatching(ISO_DATE) },
      ]);
    });

    it('filters by a user on either side, in any case; 400 for a bad name', async () => {
      expectBadRequestNaming(await admin.get('/api/blocks?user=two%20words'), 'user');
      const carol = await admin.get('/api/blocks?user=CAROL');
      expect(carol.status).toBe(200);
      expect(carol.body.items).toEqual([{ blocker: 'alice', blocked: 'carol', createdAt: expect.any(String) }]);
      const bob = await admin.get('/api/blocks?user=bob');
      expect(bob.body.total).toBe(2);
      expect((await admin.get('/api/blocks?user=frank')).body).toMatchObject({ items: [], total: 0 });
    });
  });

  describe('announcements', () => {
    it('answers 201 with the number reached, 0 when nobody is online', async () => {
      const response = await admin.post('/api/announcements', { text: 'anyone there?' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ recipients: 0 });
    });

    it('answers 400 naming text when it is missing, empty, not a string or too long', async () => {
      expectBadRequestNaming(await admin.post('/api/announcements', {}), 'text');
      expectBadRequestNaming(await admin.post('/api/announcements', { text: '' }), 'text');
      expectBadRequestNaming(await admin.post('/api/announcements', { text: 7 }), 'text');
      expectBadRequestNaming(await admin.post('/api/announcements', { text: 'x'.repeat(1001) }), 'text');
      expectBadRequestNaming(await admin.post('/api/announcements', { text: 'hi', urgent: true }), 'urgent');
    });
  });

  describe('API tokens', () => {
    it('creates a token (201, secret shown once) that works as a bearer token', async () => {
      const before = Date.now();
      const response = await admin.post('/api/tokens', { name: 'backup', expiresInDays: 30 });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(Number),
        name: 'backup',
        owner: 'admin',
        createdAt: expect.stringMatching(ISO_DATE),
        expiresAt: expect.stringMatching(ISO_DATE),
        lastUsedAt: null,
        token: expect.stringMatching(/^\S{32,}$/),
      });
      const days = (Date.parse(response.body.expiresAt) - before) / 86_400_000;
      expect(days).toBeGreaterThan(29.99);
      expect(days).toBeLessThan(30.01);
      const me = await http.as(response.body.token).get('/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ username: 'admin', role: 'admin' });

      const forever = await admin.post('/api/tokens', { name: 'forever' });
      expect(forever.status).toBe(201);
      expect(forever.body.expiresAt).toBeNull();
    });

    it('lists API tokens with exactly their public fields: no secret, no hash, no session tokens', async () => {
      const response = await admin.get('/api/tokens');
      expect(response.status).toBe(200);
      const names = response.body.items.map((token: { name: string }) => token.name);
      expect(names).toEqual(expect.arrayContaining(['deputy-script', 'backup', 'forever']));
      expect(names).not.toContain('console sign-in');
      for (const token of response.body.items) {
        expect(Object.keys(token).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'owner']);
      }
      const backup = response.body.items.find((token: { name: string }) => token.name === 'backup');
      expect(backup.lastUsedAt).toMatch(ISO_DATE);
      expect(response.text).not.toMatch(/token"|hash/i);
    });

    it('answers 400 naming the bad field', async () => {
      expectBadRequestNaming(await admin.post('/api/tokens', {}), 'name');
      expectBadRequestNaming(await admin.post('/api/tokens', { name: '' }), 'name');
      expectBadRequestNaming(await admin.post('/api/tokens', { name: 'x'.repeat(65) }), 'name');
      expectBadRequestNaming(await admin.post('/api/tokens', { name: 'x', expiresInDays: 0 }), 'expiresInDays');
      expectBadRequestNaming(await admin.post('/api/tokens', { name: 'x', expiresInDays: 1.5 }), 'expiresInDays');
      expectBadRequestNaming(await admin.post('/api/tokens', { name: 'x', expiresInDays: 'ten' }), 'expiresInDays');
      expectBadRequestNaming(await admin.post('/api/tokens', { name: 'x', owner: 'deputy' }), 'owner');
    });

    it('deletes a token: 204, then 404; a non-numeric id is a 400', async () => {
      const created = await admin.post('/api/tokens', { name: 'short-lived' });
      expect((await admin.delete(`/api/tokens/${created.body.id}`)).status).toBe(204);
      expect((await admin.delete(`/api/tokens/${created.body.id}`)).status).toBe(404);
      expect((await admin.delete('/api/tokens/999999')).status).toBe(404);
      expectBadRequestNaming(await admin.delete('/api/tokens/first'), 'id');
    });
  });

  describe('audit and stats', () => {
    it('lists admin actions newest first, with paging', async () => {
      const response = await admin.get('/api/audit?limit=500');
      expect(response.status).toBe(200);
      const entries = response.body.items;
      expect(entries.length).toBe(response.body.total);
      const ids = entries.map((entry: { id: number }) => entry.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(entries[0]).toEqual({
        id: expect.any(Number),
        at: expect.stringMatching(ISO_DATE),
        actor: 'admin',
        action: 'token.delete',
        target: expect.stringContaining('short-lived'),
        address: '127.0.0.1',
      });
      const page = await admin.get('/api/audit?limit=2&offset=1');
      expect(page.body.items.map((entry: { id: number }) => entry.id)).toEqual(ids.slice(1, 3));
    });

    it('gives the dashboard numbers and 60 minutes of activity, oldest first', async () => {
      const minuteBefore = Math.floor(Date.now() / 60_000) * 60_000;
      const response = await admin.get('/api/stats');
      const minuteAfter = Math.floor(Date.now() / 60_000) * 60_000;
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        online: 0,
        lockedAccounts: 0,
        storedMessages: (await admin.get('/api/messages')).body.total,
      });
      const minutes: { minute: string; logins: number; messages: number }[] = response.body.perMinute;
      expect(minutes).toHaveLength(60);
      const starts = minutes.map((entry) => Date.parse(entry.minute));
      starts.forEach((start, i) => i > 0 && expect(start - starts[i - 1]).toBe(60_000));
      expect([minuteBefore, minuteAfter]).toContain(starts[59]);
      // This file has logged users in over the line protocol and they sent stored messages.
      expect(minutes.reduce((sum, entry) => sum + entry.logins, 0)).toBeGreaterThan(0);
      expect(minutes.reduce((sum, entry) => sum + entry.messages, 0)).toBeGreaterThanOrEqual(4);
    });
  });

  describe('request validation', () => {
    it.each(LIST_ROUTES)('GET %s refuses a bad limit or offset and an unknown query parameter: 400 naming it', async (path) => {
      for (const query of ['limit=abc', 'limit=0', 'limit=501', 'limit=2.5']) {
        expectBadRequestNaming(await admin.get(`${path}?${query}`), 'limit');
      }
      for (const query of ['offset=-1', 'offset=abc']) {
        expectBadRequestNaming(await admin.get(`${path}?${query}`), 'offset');
      }
      expectBadRequestNaming(await admin.get(`${path}?sort=name`), 'sort');
    });

    it('accepts the limits at both ends', async () => {
      const most = await admin.get('/api/users?limit=500&offset=0');
      expect(most.status).toBe(200);
      expect(most.body).toMatchObject({ limit: 500, offset: 0 });
      const least = await admin.get('/api/users?limit=1&offset=100');
      expect(least.status).toBe(200);
      expect(least.body).toMatchObject({ items: [], limit: 1, offset: 100 });
    });

    it('answers malformed JSON with 400, not 500', async () => {
      const protectedRoute = await admin.post('/api/users', undefined, { rawJson: '{"username": "ivan", ' });
      expect(protectedRoute.status).toBe(400);
      const login = await http.post('/api/auth/login', undefined, { rawJson: '{username: admin}' });
      expect(login.status).toBe(400);
      expect(login.body.statusCode).toBe(400);
    });

    it('refuses a body over 64 kB with 413 before looking at it', async () => {
      const justUnder = await admin.post('/api/announcements', { text: 'x'.repeat(63 * 1024) });
      expectBadRequestNaming(justUnder, 'text');
      const over = await admin.post('/api/announcements', { text: 'x'.repeat(65 * 1024) });
      expect(over.status).toBe(413);
      const overLogin = await http.post('/api/auth/login', { username: 'admin', password: 'x'.repeat(65 * 1024) });
      expect(overLogin.status).toBe(413);
    });
  });

  describe('outside /api', () => {
    it('GET /health: 200, status ok', async () => {
      const response = await http.get('/health');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it('GET /metrics: Prometheus text without a token', async () => {
      const response = await http.get('/metrics');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text).toMatch(/^# TYPE parley_logins_total counter$/m);
    });

    it('GET /api/docs: the Swagger UI page, whose scripts and styles load', async () => {
      const response = await http.get('/api/docs');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('swagger-ui');
      const assets = [...response.text.matchAll(/(?:src|href)="(\.\/[^"]+)"/g)].map((match) => match[1]);
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) {
        const url = new URL(asset, `${server.httpUrl}/api/docs`);
        expect([url.pathname, (await http.get(url.pathname)).status]).toEqual([url.pathname, 200]);
      }
    });

    it('GET /api/docs-json: every route with its method and a 2xx response, with a schema where it has a body', async () => {
      const response = await http.get('/api/docs-json');
      expect(response.status).toBe(200);
      const paths = response.body.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
      const missing: string[] = [];
      for (const [method, path] of DOCUMENTED) {
        const operation = paths[path]?.[method];
        if (!operation) {
          missing.push(`${method.toUpperCase()} ${path}: not documented`);
          continue;
        }
        const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
        if (success.length === 0) missing.push(`${method.toUpperCase()} ${path}: no 2xx response`);
        for (const [status, described] of success) {
          if (status === '204') continue;
          const schemas = Object.values(described.content ?? {}).map((content) => content.schema);
          if (schemas.length === 0 || schemas.some((schema) => !schema)) {
            missing.push(`${method.toUpperCase()} ${path}: ${status} has no schema`);
          }
        }
      }
      expect(missing).toEqual([]);
      expect(response.body.components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' } });
    });

    it('sends security headers, and no CORS header to another origin', async () => {
      const origin = { Origin: 'http://evil.example' };
      const responses = [
        await admin.get('/api/users', { headers: origin }),
        await http.get('/health', { headers: origin }),
        await http.post('/api/auth/login', { username: 'admin', password: 'nope' }, { headers: origin }),
        await http.send('get', '/api/docs', { headers: origin }),
      ];
      const preflight = await http.send('options', '/api/users', {
        headers: { ...origin, 'Access-Control-Request-Method': 'DELETE' },
      });
      for (const response of [...responses, preflight]) {
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
        expect(response.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
        expect(response.headers['access-control-allow-origin']).toBeUndefined();
        expect(response.headers['x-powered-by']).toBeUndefined();
      }
    });
  });

  describe('what responses give away', () => {
    it('the leak scan notices a secret outside the response that issued it', () => {
      const secret = 'parley_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
      const issuing = { method: 'POST', path: '/api/tokens', status: 201, headers: {}, body: JSON.stringify({ token: secret }) };
      const echoing = { method: 'GET', path: '/api/tokens', status: 200, headers: {}, body: JSON.stringify({ items: [{ secret }] }) };
      expect(findLeaks([issuing])).toEqual([]);
      expect(findLeaks([issuing, echoing])).toEqual(['GET /api/tokens (200) contains a token secret']);
      expect(findLeaks([{ ...echoing, body: '{"passwordHash":"$argon2id$v=19$..."}' }])).toHaveLength(2);
    });

    it('no response in this file held a password hash, a hash field, or a token secret other than where it was issued', () => {
      const recorded = recordedExchanges();
      expect(recorded.length).toBeGreaterThan(200);
      expect(findLeaks(recorded)).toEqual([]);
    });
  });
});
