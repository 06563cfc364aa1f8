import { Request } from 'playwright-core';
import { describeInBrowser } from '../support/browser';
import { ConsoleFixture } from '../support/console-browser';

jest.setTimeout(60_000);

const QUIET_WINDOW_MS = 5000;

/** Live updates by server push (SSE over a streamed fetch), and what the console says when they stop. */
describeInBrowser('admin console live updates (Chromium)', () => {
  const ui = ConsoleFixture.use();
  const page = () => ui.page;

  /** The requests the page starts from now on, by method and path. */
  function recordRequests(): { list: string[]; stop(): void } {
    const list: string[] = [];
    const onRequest = (request: Request) => {
      const url = new URL(request.url());
      if (url.origin === ui.server.httpUrl) list.push(`${request.method()} ${url.pathname}`);
    };
    page().on('request', onRequest);
    return { list, stop: () => page().off('request', onRequest) };
  }

  it('updates the dashboard by server push: a TCP login, a stored message and a lockout arrive with no request made', async () => {
    for (const name of ['amy', 'ben', 'cid']) await ui.createUser(name);
    await ui.signIn();
    await page().getByText(/^ ?Live; updated/).waitFor();
    await page().getByText('Nobody is online right now.').waitFor();

    const requests = recordRequests();
    const started = Date.now();
    try {
      const amy = await ui.login('amy');
      await page().getByTestId('online-table').getByRole('cell', { name: 'amy', exact: true }).waitFor();
      amy.send('message cid are you there?');
      await amy.expectLine(/stored/);
      await page().getByRole('link', { name: /Stored messages waiting/ }).filter({ hasText: /^1/ }).waitFor();
      await ui.lockOut('ben');
      await page().getByRole('link', { name: /Locked accounts/ }).filter({ hasText: /^1/ }).waitFor();
      // A window longer than any refresh interval (the fallback polls every 3 s), so a poller would show.
      await page().waitForTimeout(Math.max(0, started + QUIET_WINDOW_MS - Date.now()));
      expect(requests.list).toEqual([]);
    } finally {
      requests.stop();
    }
  });

  it('opens the event stream with the token in a header, never in the address', async () => {
    const opened = page().waitForRequest((request) => request.url().endsWith('/api/events'));
    await ui.signIn();
    const request = await opened;
    expect(request.url()).toBe(`${ui.server.httpUrl}/api/events`);
    expect(await request.headerValue('authorization')).toMatch(/^Bearer parley_/);
  });

  it('keeps Sessions and Lockouts current without polling, the lock counting down between updates', async () => {
    await ui.createUser('dee');
    await ui.rest('DELETE', '/api/lockouts/ben');
    await ui.signIn('admin', undefined, '/lockouts');
    await page().getByText('No account is locked.').waitFor();
    const requests = recordRequests();
    const started = Date.now();
    try {
      await ui.lockOut('dee');
      const row = page().getByRole('row').filter({ has: ui.cell('dee') });
      const countdown = row.locator('.countdown');
      await countdown.waitFor();
      const first = await countdown.textContent();
      await page().waitForFunction((before) => document.querySelector('.countdown')?.textContent !== before, first);
      await page().waitForTimeout(Math.max(0, started + QUIET_WINDOW_MS - Date.now()));
      expect(requests.list).toEqual([]);
    } finally {
      requests.stop();
    }

    await page().getByRole('button', { name: 'Unlock dee' }).click();
    await page().getByText('No account is locked.').waitFor();
    await ui.open('Sessions');
    await page().getByText('Nobody is online right now.').waitFor();
    await ui.login('dee');
    await ui.cell('dee').waitFor();
  });

  it('says the server is offline once it stops, instead of "Live"', async () => {
    await ui.signIn();
    await page().getByText(/^ ?Live; updated/).waitFor();
    await ui.server.stop();
    const offline = page().getByRole('alert').filter({ hasText: /Offline: the server cannot be reached since/ });
    await offline.waitFor();
    expect(await page().getByText(/^ ?Live; updated/).count()).toBe(0);
  });
});
