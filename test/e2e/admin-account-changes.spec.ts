import { AccountsService } from '../../src/accounts/accounts.service';
import { AdminClient, findLeaks, recordedExchanges } from '../support/admin-client';
import { useChatServer } from '../support/chat-fixture';
import { LineClient } from '../support/line-client';
import { ADMIN_PASSWORD } from '../support/test-server';

describe('admin changes to an account revoke what it had open', () => {
  const chat = useChatServer({ 'http.login_attempts_per_minute': 1000, 'login_throttle.max_failures': 1000 });
  let http: AdminClient;
  let admin: AdminClient;

  beforeAll(async () => {
    http = new AdminClient(chat.server.httpUrl);
    admin = http.as(await http.login('admin', ADMIN_PASSWORD));
  });

  /** A second admin with a console session token and an API token of their own. */
  async function adminWithTokens(): Promise<{ name: string; console: AdminClient; api: AdminClient }> {
    const [name] = await chat.users('ops');
    expect((await admin.put(`/api/users/${name}/role`, { role: 'admin' })).status).toBe(200);
    const console = http.as(await http.login(name, `${name}-pw`));
    const created = await console.post('/api/tokens', { name: 'script' });
    expect(created.status).toBe(201);
    const api = http.as(created.body.token);
    expect((await console.get('/api/auth/me')).status).toBe(200);
    expect((await api.get('/api/auth/me')).status).toBe(200);
    return { name, console, api };
  }

  it('a password reset revokes the console and API tokens and ends the chat session with a notice', async () => {
    const { name, console, api } = await adminWithTokens();
    const [watcher] = await chat.users('watcher');
    const other = await chat.login(watcher);
    const session = await chat.login(name);

    expect((await admin.put(`/api/users/${name}/password`, { password: 'brand-new-pw' })).status).toBe(204);

    await session.expectLine(/^\*\*\* Your password has been changed by an administrator; log in again with the new one\.$/);
    await session.expectClosed();
    await other.expectLine(new RegExp(`^\\*\\*\\* ${name} has logged out$`));
    expect((await console.get('/api/auth/me')).status).toBe(401);
    expect((await api.get('/api/auth/me')).status).toBe(401);
    // The new password works, the old one does not.
    const again = chat.track(await LineClient.login(chat.server.port, name, 'brand-new-pw'));
    again.send('logout');
    await again.expectClosed();
    expect((await http.post('/api/auth/login', { username: name, password: `${name}-pw` })).status).toBe(401);
  });

  it('a role change revokes the tokens: a demoted admin gets 401, not a token that works again if promoted', async () => {
    const { name, console, api } = await adminWithTokens();

    expect((await admin.put(`/api/users/${name}/role`, { role: 'user' })).status).toBe(200);
    expect((await console.get('/api/auth/me')).status).toBe(401);
    expect((await api.get('/api/auth/me')).status).toBe(401);

    expect((await admin.put(`/api/users/${name}/role`, { role: 'admin' })).status).toBe(200);
    expect((await console.get('/api/auth/me')).status).toBe(401);
    expect((await api.get('/api/auth/me')).status).toBe(401);
  });

  it('leaves the chat session alone on a role change, and other admins\' tokens alone on either change', async () => {
    const { name } = await adminWithTokens();
    const session = await chat.login(name);
    expect((await admin.put(`/api/users/${name}/role`, { role: 'user' })).status).toBe(200);
    session.send('whoelse');
    await session.expectLine(/^Online: /);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });

  it('never leaks a secret in any response', () => {
    expect(findLeaks(recordedExchanges())).toEqual([]);
  });
});

describe('two concurrent deletes of the two last admins (gated lookups, real HTTP)', () => {
  const chat = useChatServer({ 'http.login_attempts_per_minute': 1000 });

  it('lets exactly one succeed; the other is 409 and one admin remains', async () => {
    const http = new AdminClient(chat.server.httpUrl);
    const admin = http.as(await http.login('admin', ADMIN_PASSWORD));
    const [second] = await chat.users('boss');
    expect((await admin.put(`/api/users/${second}/role`, { role: 'admin' })).status).toBe(200);

    // Both deletes look their user up, then wait at the gate until both have: they run together.
    const accounts = chat.server.app.get(AccountsService);
    const findUser = accounts.findUser.bind(accounts);
    let arrived = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const spy = jest.spyOn(accounts, 'findUser').mockImplementation(async (name) => {
      const user = await findUser(name);
      if (++arrived === 2) open();
      await gate;
      return user;
    });
    try {
      const results = await Promise.all([admin.delete(`/api/users/${second}`), admin.delete('/api/users/admin')]);
      expect(arrived).toBe(2);
      expect(results.map((response) => response.status).sort()).toEqual([204, 409]);
      expect(results.find((response) => response.status === 409)!.body.message).toMatch(/is the last admin account$/);
    } finally {
      spy.mockRestore();
    }
    expect(await accounts.countAdmins()).toBe(1);
  });
});
