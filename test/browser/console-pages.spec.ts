import { NodeIdentity } from '../../src/cluster/node-identity';
import { ServerHeartbeat } from '../../src/database/live-servers';
import { describeInBrowser } from '../support/browser';
import { ConsoleFixture } from '../support/console-browser';

jest.setTimeout(60_000);

/** The screens the second pass added, and the address keeping each page's state. */
describeInBrowser('admin console pages (Chromium)', () => {
  const ui = ConsoleFixture.use();
  const page = () => ui.page;

  beforeAll(async () => {
    for (const name of ['alice', 'bob', 'carol', 'bobby']) await ui.createUser(name);
  });

  it('creates an API token whose secret is shown once with a copy button and works, then revokes it', async () => {
    await ui.signIn('admin', undefined, '/tokens');
    await page().context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.server.httpUrl });
    const form = page().getByRole('form', { name: 'Create a token' });
    await form.getByLabel('Name').fill('nightly-backup');
    await form.getByLabel('Expires after (days)').fill('30');
    await form.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page().getByTestId('token-secret').textContent())!;
    expect(secret).toMatch(/^parley_\S{20,}$/);
    await page().getByRole('button', { name: 'Copy secret' }).click();
    await page().getByText('Copied.').waitFor();
    expect(await page().evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect((await ui.rest('GET', '/api/auth/me', undefined, secret)).status).toBe(200);

    await page().reload();
    await ui.cell('nightly-backup').waitFor();
    expect(await page().getByTestId('token-secret').count()).toBe(0);
    expect(await page().content()).not.toContain(secret);

    await page().getByRole('button', { name: 'Revoke nightly-backup' }).click();
    await page().getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await ui.status('Revoked the token “nightly-backup”.').waitFor();
    expect((await ui.rest('GET', '/api/auth/me', undefined, secret)).status).toBe(401);
  });

  it("lists the console's sign-ins, marks this one, revokes another at once, and revoking its own signs out", async () => {
    const other = await ui.apiToken('admin', 'admin-secret');
    await ui.signIn('admin', undefined, '/tokens');
    const signIns = page().getByRole('table', { name: 'Console sign-ins' });
    await signIns.getByText('this session').waitFor();
    const rows = signIns.getByRole('row').filter({ hasNot: page().getByText('this session') });
    const before = await rows.count();
    expect(before).toBeGreaterThanOrEqual(3); // the header, the fixture's and `other`
    const otherId = ((await ui.json<{ items: { id: number }[] }>('/api/tokens?kind=session')).items.at(-2))!.id;
    await page().getByRole('button', { name: `Revoke sign-in ${otherId}` }).click();
    await page().getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await ui.status('Revoked the sign-in of admin.').waitFor();
    expect((await ui.rest('GET', '/api/auth/me', undefined, other)).status).toBe(401);

    const mine = signIns.getByRole('row').filter({ has: page().getByText('this session') });
    await mine.getByRole('button', { name: 'Revoke' }).click();
    await page().getByRole('dialog', { name: 'Revoke your own sign-in?' }).getByRole('button', { name: 'Revoke' }).click();
    await page().getByText('You revoked the sign-in you were using. Sign in again.').waitFor();
  });

  it('shows who blocked whom, filtered by a user, the filter kept in the address', async () => {
    const alice = await ui.login('alice');
    alice.send('block bob');
    await alice.expectLine(/bob is blocked/);
    const carol = await ui.login('carol');
    carol.send('block alice');
    await carol.expectLine(/alice is blocked/);

    await ui.signIn('admin', undefined, '/blocks');
    await ui.cell('carol').waitFor();
    await page().getByLabel('User').fill('bob');
    await page().getByRole('button', { name: 'Filter', exact: true }).click();
    await page().waitForURL(/\/blocks\?user=bob$/);
    await ui.cell('carol').waitFor({ state: 'detached' });
    await ui.cell('bob').waitFor();
    await page().goBack();
    await ui.cell('carol').waitFor();
    expect(await page().getByLabel('User').inputValue()).toBe('');
  });

  it("shows a user's page: account, live session, blocks, stored messages both ways and audit entries, with every action", async () => {
    // A password reset ends the user's chat session, so it comes first (for the audit entry).
    await ui.rest('PUT', '/api/users/bob/password', { password: 'bob-password' });
    const bob = await ui.login('bob');
    bob.send('message carol see you at noon');
    await bob.expectLine(/stored/);

    await ui.signIn('admin', undefined, '/users?q=bob');
    await page().getByRole('link', { name: 'bob', exact: true }).click();
    await page().waitForURL(/\/users\/bob$/);
    await page().getByRole('heading', { level: 1, name: 'bob' }).waitFor();
    expect(await page().title()).toBe('User bob · Parley admin');
    await page().getByText(/online since .* from 127\.0\.0\.1 over line/).waitFor();
    await page().getByRole('table', { name: 'Blocks' }).getByRole('cell', { name: 'alice', exact: true }).waitFor();
    const messages = page().getByRole('table', { name: 'Stored messages to and from bob' });
    await messages.getByRole('cell', { name: 'see you at noon' }).waitFor();
    await page().getByRole('table', { name: 'Recent audit entries' }).getByRole('cell', { name: 'user.password' }).waitFor();
    for (const action of ['Reset password', 'Change role', 'Kick', 'Delete']) await page().getByRole('button', { name: action, exact: true }).waitFor();

    await page().getByRole('button', { name: 'Kick', exact: true }).click();
    await page().getByRole('dialog', { name: 'Disconnect bob?' }).getByRole('button', { name: 'Disconnect bob' }).click();
    await bob.expectClosed();
    await ui.status('Disconnected bob.').waitFor();
    await page().getByText('offline', { exact: true }).waitFor();

    await ui.lockOut('bob');
    await page().getByRole('button', { name: 'Unlock', exact: true }).click();
    await ui.status('Unlocked bob; they can log in again now.').waitFor();
    await page().getByText('not locked').waitFor();

    await page().getByRole('button', { name: 'Delete', exact: true }).click();
    await page().getByRole('dialog', { name: 'Delete bob?' }).getByRole('button', { name: 'Delete bob' }).click();
    await page().getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await ui.status('Deleted bob.').waitFor();
    expect((await ui.rest('GET', '/api/users/bob')).status).toBe(404);
  });

  it('filters the audit log by who, action and dates, pages through it, and Back restores each state', async () => {
    for (let i = 0; i < 55; i++) await ui.rest('PUT', '/api/users/carol/password', { password: `carol-password-${i}` });
    await ui.signIn('admin', undefined, '/audit');
    await page().locator('select[name=action]').selectOption('user.password');
    await page().getByLabel('Who', { exact: true }).fill('ADM');
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    await page().getByLabel('From', { exact: true }).fill(day);
    await page().getByLabel('To', { exact: true }).fill(day);
    await page().getByRole('button', { name: 'Filter', exact: true }).click();
    await page().waitForURL(/action=user\.password/);
    const pager = page().getByRole('navigation', { name: 'Audit pages' });
    await pager.getByText(/^1–50 of 5\d$/).waitFor();
    await pager.getByRole('button', { name: 'Next' }).click();
    await page().waitForURL(/page=2/);
    await pager.getByText(/^51–5\d of 5\d$/).waitFor();

    await page().goBack();
    await pager.getByText(/^1–50 of/).waitFor();
    expect(await page().locator('select[name=action]').inputValue()).toBe('user.password');
    expect(await page().getByLabel('Who', { exact: true }).inputValue()).toBe('ADM');

    const shared = page().url();
    await page().goto(ui.server.httpUrl + '/');
    await page().goto(shared);
    await pager.getByText(/^1–50 of 5\d$/).waitFor();

    await page().getByLabel('From', { exact: true }).fill('2000-01-01');
    await page().getByLabel('To', { exact: true }).fill('2000-01-02');
    await page().getByRole('button', { name: 'Filter', exact: true }).click();
    await page().getByText('No entry matches this filter.').waitFor();
  });

  it('matches part of a name in the stored-message filter, and keeps it in the address', async () => {
    const alice = await ui.login('alice');
    alice.send('message bobby hello bobby');
    await alice.expectLine(/stored/);
    await ui.signIn('admin', undefined, '/messages');
    await page().getByLabel('Recipient').fill('OBB');
    await page().getByRole('button', { name: 'Filter', exact: true }).click();
    await page().waitForURL(/recipient=OBB/);
    await ui.cell('hello bobby').waitFor();
    await page().reload();
    await ui.cell('hello bobby').waitFor();
    expect(await page().getByLabel('Recipient').inputValue()).toBe('OBB');
  });

  it('keeps the Users search in the address: Back from a user page restores it, and a shared link opens it', async () => {
    await ui.signIn('admin', undefined, '/users');
    await page().getByRole('searchbox', { name: 'Search' }).fill('car');
    await page().waitForURL(/\/users\?q=car$/);
    await page().getByRole('link', { name: 'carol', exact: true }).click();
    await page().getByRole('heading', { level: 1, name: 'carol' }).waitFor();
    await page().goBack();
    await page().getByRole('link', { name: 'carol', exact: true }).waitFor();
    expect(await page().getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('car');
    expect(await page().getByRole('link', { name: 'alice', exact: true }).count()).toBe(0);

    const shared = page().url();
    await page().goto(ui.server.httpUrl + '/');
    await page().goto(shared);
    await page().getByRole('link', { name: 'carol', exact: true }).waitFor();
    expect(await page().getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('car');
  });

  it('gives each page its own title and moves the focus to its heading', async () => {
    await ui.signIn();
    for (const [section, heading] of [
      ['Users', 'Users'],
      ['Blocks', 'Blocks'],
      ['API tokens', 'API tokens'],
      ['Server', 'Server'],
      ['Audit log', 'Audit log'],
    ]) {
      await ui.open(section, heading);
      expect(await page().title()).toBe(`${heading} · Parley admin`);
      expect(await page().evaluate(() => document.activeElement?.tagName + ':' + document.activeElement?.textContent)).toBe(`H1:${heading}`);
    }
  });

  it('shows the server panel: version, uptime, listeners with their addresses, and the database', async () => {
    await ui.signIn('admin', undefined, '/about');
    const about = page().getByTestId('about');
    await about.getByText(/^Parley \d+\.\d+\.\d+$/).waitFor();
    await about.getByText(/^\d+ s \(since/).waitFor();
    await about.getByText(`${ui.server.dataDir}/parley.sqlite`).waitFor();
    const listeners = page().getByRole('list', { name: 'Listeners' });
    await listeners.getByText(`127.0.0.1:${ui.server.port}`).waitFor();
    await listeners.getByText(ui.server.httpUrl).waitFor();
    // A single server: no cluster line.
    expect(await about.getByText('Cluster', { exact: true }).count()).toBe(0);
  });

  it('shows the Nodes panel: the one server with its line address and session count', async () => {
    await ui.createUser('nodey');
    const nodey = await ui.login('nodey');
    try {
      await ui.server.app.get(ServerHeartbeat).beat();
      await ui.signIn('admin', undefined, '/nodes');
      const nodes = page().getByRole('table', { name: 'Nodes' });
      const row = nodes.getByRole('row').filter({ hasText: ui.server.app.get(NodeIdentity).id });
      await row.getByRole('cell', { name: `127.0.0.1:${ui.server.port}` }).waitFor();
      expect(await row.getByRole('cell').nth(2).textContent()).toBe('1');
      expect(await nodes.getByRole('row').count()).toBe(2);
    } finally {
      nodey.close();
    }
  });
});
