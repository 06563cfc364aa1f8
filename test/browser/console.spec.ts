import { Page } from 'playwright-core';
import { Browser, describeInBrowser, launchBrowser } from '../support/browser';
import { LineClient } from '../support/line-client';
import { ADMIN_PASSWORD, removeDataDir, startServer, TestServer } from '../support/test-server';

const XSS = '<img src=x onerror=alert(1)>';

jest.setTimeout(60_000);

/**
 * The console in headless Chromium against the real server (HTTP and line listeners, SQLite),
 * with chat users as real TCP clients. The tests run in order as one operator's session.
 */
describeInBrowser('admin console in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let token: string;
  const clients: LineClient[] = [];
  const track = (client: LineClient) => (clients.push(client), client);

  /** The REST API with a token of its own, to set up users and check what the console did. */
  async function rest(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(server.httpUrl + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function createUser(username: string, password = `${username}-password`): Promise<void> {
    const response = await rest('POST', '/api/users', { username, password });
    expect(response.status).toBe(201);
  }

  const login = (name: string, password = `${name}-password`) => LineClient.login(server.port, name, password).then(track);

  async function open(section: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: section }).waitFor();
  }

  const cell = (text: string) => page.getByRole('cell', { name: text, exact: true });

  beforeAll(async () => {
    server = await startServer();
    const response = await fetch(`${server.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    token = ((await response.json()) as { token: string }).token;
    browser = await launchBrowser();
    page = browser.page;
  });

  afterEach(() => clients.splice(0).forEach((client) => client.close()));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  it('sends a visitor to the sign-in form, refuses a wrong password in place, and signs an admin in', async () => {
    await page.goto(`${server.httpUrl}/users`);
    await page.getByRole('heading', { name: 'Parley admin' }).waitFor();

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();

    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/users');
  });

  it('creates a user who then logs in over TCP and appears on the dashboard without a reload', async () => {
    await open('Users');
    const form = page.getByRole('form', { name: 'Create a user' });
    await form.getByLabel('Username').fill('carol');
    await form.getByLabel('Password').fill('carol-password');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').filter({ hasText: 'Created carol.' }).waitFor();
    await cell('carol').waitFor();

    await open('Dashboard');
    await page.getByText('Nobody is online right now.').waitFor();
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

    await login('carol');

    await page.getByTestId('online-table').getByRole('cell', { name: 'carol', exact: true }).waitFor();
    expect(await page.evaluate(() => 'stillTheSamePage' in window)).toBe(true);
    expect(await page.getByRole('link', { name: /Online now/ }).textContent()).toBe('1Online now');
  });

  it('shows a user locked by 3 bad logins and unlocks them with one click', async () => {
    await createUser('dave');
    const client = track(await LineClient.connect(server.port));
    for (let attempt = 0; attempt < 3; attempt++) {
      client.send('dave');
      client.send('wrong-password');
    }
    await client.expectLine(/locked/);

    await open('Lockouts');
    await cell('dave').waitFor();
    await page.getByRole('button', { name: 'Unlock dave' }).click();
    await page.getByText('No account is locked.').waitFor();

    await login('dave'); // the right password works again at once
  });

  it('shows a stored message whose body is markup as text, and deletes it after confirmation', async () => {
    await createUser('erin');
    await createUser('frank');
    const frank = await login('frank');
    frank.send(`message erin ${XSS}`);
    await frank.expectLine(/stored/);

    await open('Stored messages');
    await page.getByLabel('Recipient').fill('erin');
    await page.getByRole('button', { name: 'Filter' }).click();
    await cell(XSS).waitFor();
    expect(await page.locator('img').count()).toBe(0);

    await page.getByRole('button', { name: /^View message/ }).click();
    const view = page.getByRole('dialog', { name: 'Message from frank to erin' });
    expect(await view.getByTestId('message-text').textContent()).toBe(XSS);
    await view.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this stored message?' });
    await confirm.getByRole('button', { name: 'Delete message' }).click();
    await page.getByText('No stored message matches this filter.').waitFor();

    const left = (await (await rest('GET', '/api/messages?recipient=erin')).json()) as { total: number };
    expect(left.total).toBe(0);
    expect(browser.dialogs).toEqual([]);
  });

  it('kicks a session from the UI, and the TCP client is told and disconnected', async () => {
    await createUser('gina');
    const gina = await login('gina');

    await open('Sessions');
    await page.getByRole('button', { name: 'Kick gina' }).click();
    await page.getByRole('dialog', { name: 'Disconnect gina?' }).getByRole('button', { name: 'Disconnect gina' }).click();

    await gina.expectLine(/^\*\*\* You have been disconnected by an administrator\.$/);
    await gina.expectClosed();
    await page.getByRole('status').filter({ hasText: 'Disconnected gina.' }).waitFor();
    await cell('gina').waitFor({ state: 'detached' });
  });

  it('resets a password, changes a role and deletes a user, from the keyboard, asking before the delete', async () => {
    await createUser('ivan');
    await open('Users');
    await page.getByRole('searchbox', { name: 'Search' }).fill('iva');
    // The search reaches the address after a pause and clears the page's notices: let it land first.
    await page.waitForURL(/\?q=iva$/);
    await cell('ivan').waitFor();

    await page.getByRole('button', { name: 'Reset password of ivan' }).focus();
    await page.keyboard.press('Enter');
    // The dialog puts the focus in its field once it has opened; typing before that would be lost.
    await page.locator('[role=dialog] input:focus, dialog input:focus').waitFor();
    await page.keyboard.type('ivan-new-password');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ivan-new-password'); // the confirm field
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Password of ivan reset.' }).waitFor();
    (await login('ivan', 'ivan-new-password')).close();

    await page.getByRole('button', { name: 'Change role of ivan' }).click();
    await page.getByRole('dialog').getByLabel('Role').selectOption('admin');
    await page.getByRole('button', { name: 'Save role' }).click();
    await page.getByRole('status').filter({ hasText: 'ivan is now an admin.' }).waitFor();
    expect(((await (await rest('GET', '/api/users/ivan')).json()) as { role: string }).role).toBe('admin');

    const remove = page.getByRole('button', { name: 'Delete ivan' });
    await remove.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Delete ivan?' }).locator(':focus').waitFor();
    await page.keyboard.press('Enter'); // Cancel has the focus: Enter alone destroys nothing
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await rest('GET', '/api/users/ivan')).status).toBe(200);

    expect(await remove.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Delete ivan?' }).locator(':focus').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('No user name contains “iva”.').waitFor();
    expect((await rest('GET', '/api/users/ivan')).status).toBe(404);
  });

  it('sends an announcement with markup that clients get verbatim and the audit log shows as text', async () => {
    await createUser('hal');
    const hal = await login('hal');

    await open('Announcements');
    await page.getByLabel('Message to everyone online').fill(XSS);
    await page.getByRole('button', { name: 'Send announcement' }).click();
    await hal.expectLine(new RegExp(`^\\*\\*\\* Announcement: ${XSS.replace(/[()]/g, '\\$&')}$`));
    await page.getByRole('status').filter({ hasText: 'Announcement sent to 1 online user.' }).waitFor();

    await open('Audit log');
    await cell(XSS).waitFor();
    for (const action of ['announcement', 'session.kick', 'message.delete', 'lockout.clear', 'user.create', 'user.delete']) {
      await page.getByRole('cell', { name: action, exact: true }).first().waitFor();
    }
    expect(await page.locator('img').count()).toBe(0);
    expect(browser.dialogs).toEqual([]);
  });
});
