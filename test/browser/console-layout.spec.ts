import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeInBrowser } from '../support/browser';
import { ConsoleFixture, DESKTOP, PHONE } from '../support/console-browser';

jest.setTimeout(90_000);

const DOCS = join(__dirname, '..', '..', 'docs');
const LIGHT_BACKGROUND = 'rgb(245, 246, 248)';
const DARK_BACKGROUND = 'rgb(15, 20, 27)';

/** Every page at desktop and phone width, with rows and actions on them; dark mode; the README screenshots. */
describeInBrowser('admin console layout (Chromium)', () => {
  const ui = ConsoleFixture.use();
  const page = () => ui.page;

  const PAGES: [path: string, heading: string, ready: string][] = [
    ['/', 'Dashboard', 'Sign out'],
    ['/users', 'Users', 'Unlock lena'],
    ['/users/ken', 'ken', 'Kick'],
    ['/lockouts', 'Lockouts', 'Unlock lena'],
    ['/messages', 'Stored messages', 'Delete message'],
    ['/sessions', 'Sessions', 'Kick judy'],
    ['/blocks', 'Blocks', 'Filter'],
    ['/announcements', 'Announcements', 'Send announcement'],
    ['/audit', 'Audit log', 'Refresh'],
    ['/tokens', 'API tokens', 'Revoke backup'],
    ['/nodes', 'Nodes', 'Refresh'],
    ['/about', 'Server', 'Sign out'],
  ];

  beforeAll(async () => {
    for (const name of ['judy', 'ken', 'lena', 'mike', 'a-rather-long-user-name-of-32ch']) await ui.createUser(name);
    await ui.rest('POST', '/api/tokens', { name: 'backup', expiresInDays: 30 });
  });

  async function busyServer(): Promise<void> {
    const [judy, ken] = [await ui.login('judy'), await ui.login('ken')];
    for (let i = 0; i < 4; i++) judy.send(`broadcast hello ${i}`);
    judy.send('block mike');
    await judy.expectLine(/mike is blocked/);
    ken.send('message mike see you later, and bring the long report with the figures for the third quarter');
    await ken.expectLine(/stored/);
    await ui.lockOut('lena');
  }

  for (const [label, viewport] of [
    ['1280×800', DESKTOP],
    ['390×844', PHONE],
  ] as const) {
    it(`keeps every action button fully inside the viewport at ${label}, with no sideways scrolling, on every page`, async () => {
      await busyServer();
      await page().setViewportSize(viewport);
      try {
        await ui.signIn();
        for (const [path, heading, ready] of PAGES) {
          await page().goto(ui.server.httpUrl + path);
          await page().getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
          await page().getByRole('button', { name: ready }).first().waitFor();
          expect({ path, outside: await ui.buttonsOutsideViewport() }).toEqual({ path, outside: [] });
          expect({ path, overflow: await ui.sidewaysOverflow() }).toEqual({ path, overflow: 0 });
        }
        await page().getByText('Signed in as').waitFor();
        expect(await page().getByText('Signed in as').isVisible()).toBe(true);
      } finally {
        await page().setViewportSize(DESKTOP);
      }
    });
  }

  it('follows prefers-color-scheme, and the theme switch overrides it and is remembered', async () => {
    const background = () => page().evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await ui.signIn();
    await page().emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe(LIGHT_BACKGROUND);
    await page().emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe(DARK_BACKGROUND);

    const theme = page().getByRole('combobox', { name: 'Colour theme' });
    await theme.selectOption('light');
    expect(await background()).toBe(LIGHT_BACKGROUND);
    await page().emulateMedia({ colorScheme: 'light' });
    await theme.selectOption('dark');
    expect(await background()).toBe(DARK_BACKGROUND);
    await page().reload();
    await page().getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(await background()).toBe(DARK_BACKGROUND);
    expect(await page().getByRole('combobox', { name: 'Colour theme' }).inputValue()).toBe('dark');

    await page().getByRole('combobox', { name: 'Colour theme' }).selectOption('system');
    expect(await background()).toBe(LIGHT_BACKGROUND);
  });

  it('takes the README screenshots of a busy dashboard, at desktop and phone width', async () => {
    await busyServer();
    await ui.login('a-rather-long-user-name-of-32ch');
    await ui.signIn();
    const dashboardReady = async () => {
      await page().getByTestId('online-table').getByRole('link', { name: 'ken', exact: true }).waitFor();
      await page().getByRole('link', { name: /Locked accounts/ }).filter({ hasText: /^1/ }).waitFor();
    };
    mkdirSync(DOCS, { recursive: true });
    await dashboardReady();
    await page().screenshot({ path: join(DOCS, 'dashboard.png'), fullPage: true });
    await page().setViewportSize(PHONE);
    try {
      await page().reload();
      await dashboardReady();
      await page().screenshot({ path: join(DOCS, 'dashboard-phone.png'), fullPage: true });
    } finally {
      await page().setViewportSize(DESKTOP);
    }
  });
});
