import { describeInBrowser } from '../support/browser';
import { ConsoleFixture } from '../support/console-browser';

jest.setTimeout(60_000);

/** The bugs of issue 14, each driven through the console in Chromium against the real server. */
describeInBrowser('admin console bugs, fixed (Chromium)', () => {
  const ui = ConsoleFixture.use();
  const page = () => ui.page;

  it('warns before an admin demotes themselves, then shows sign-in with the reason, never the raw 403', async () => {
    await ui.createUser('root2', 'admin');
    await ui.signIn('root2', 'root2-password', '/users?q=root2');
    await page().getByRole('button', { name: 'Change role of root2' }).click();
    const dialog = page().getByRole('dialog', { name: 'Change the role of root2' });
    await dialog.getByLabel('Role').selectOption('user');
    await dialog.getByText('This is your own account.').waitFor();
    await dialog.getByRole('button', { name: 'Demote myself and sign out' }).click();

    await page().getByText('You changed your own role to user; only admins can use this console').waitFor();
    await page().getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page().getByText('does not belong to an admin').count()).toBe(0);
    expect((await ui.json<{ role: string }>('/api/users/root2')).role).toBe('user');
  });

  it('sends a console whose admin was demoted elsewhere back to sign-in with a reason (the demotion revoked its token), never the raw error', async () => {
    await ui.createUser('root3', 'admin');
    await ui.signIn('root3', 'root3-password');
    expect((await ui.rest('PUT', '/api/users/root3/role', { role: 'user' })).status).toBe(200);

    await page().getByText('Your session was ended (signed out elsewhere or revoked). Sign in again.').waitFor();
    expect(await page().getByText('does not belong to an admin').count()).toBe(0);
  });

  it('warns before an admin deletes their own account, and signs out after', async () => {
    await ui.createUser('root4', 'admin');
    await ui.signIn('root4', 'root4-password', '/users?q=root4');
    await page().getByRole('button', { name: 'Delete root4' }).click();
    const dialog = page().getByRole('dialog', { name: 'Delete your own account?' });
    await dialog.getByText('you will be signed out at once').waitFor();
    await dialog.getByRole('button', { name: 'Delete root4' }).click();

    await page().getByText('You deleted your own account, so this console signed you out.').waitFor();
    expect((await ui.rest('GET', '/api/users/root4')).status).toBe(404);
  });

  it('empties the password field after a failed sign-in, and signs in with the next try', async () => {
    await page().goto(ui.server.httpUrl + '/login');
    await page().getByLabel('Username').fill('admin');
    await page().getByLabel('Password').fill('not-the-password');
    await page().keyboard.press('Enter');
    await page().getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
    expect(await page().getByLabel('Password').inputValue()).toBe('');
    expect(await page().getByLabel('Username').inputValue()).toBe('admin');
  });

  it('says the session expired when it did, on the sign-in form', async () => {
    await ui.signIn();
    await page().evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('parley.session')!) as { expiresAt: string };
      sessionStorage.setItem('parley.session', JSON.stringify({ ...session, expiresAt: new Date(Date.now() - 1000).toISOString() }));
    });
    await page().reload();
    await page().getByText('Your session expired. Sign in again.').waitFor();
  });

  it('clears a success notice when the next action fails, an error once the form is edited, and a notice on a new search', async () => {
    await ui.signIn('admin', undefined, '/users');
    const form = page().getByRole('form', { name: 'Create a user' });
    await form.getByLabel('Username').fill('erin');
    await form.getByLabel('Password').fill('erin-password');
    await form.getByRole('button', { name: 'Create user' }).click();
    await ui.status('Created erin.').waitFor();

    await form.getByLabel('Username').fill('ERIN');
    await form.getByLabel('Password').fill('erin-password');
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByRole('alert').filter({ hasText: 'the username ERIN is taken.' }).waitFor();
    expect(await ui.status('Created erin.').count()).toBe(0);

    await form.getByLabel('Username').fill('erin2');
    expect(await form.getByRole('alert').count()).toBe(0);

    await page().getByRole('searchbox', { name: 'Search' }).fill('erin');
    await page().waitForURL(/\?q=erin$/);
    await page().getByRole('button', { name: 'Delete erin' }).click();
    await page().getByRole('dialog', { name: 'Delete erin?' }).getByRole('button', { name: 'Delete erin' }).click();
    await ui.status('Deleted erin.').waitFor();
    await page().getByRole('searchbox', { name: 'Search' }).fill('adm');
    await page().waitForURL(/\?q=adm$/);
    await page().getByRole('link', { name: 'admin', exact: true }).waitFor();
    expect(await ui.status('Deleted erin.').count()).toBe(0);
  });

  it('refuses a new password of "1" with the server\'s message naming the field', async () => {
    await ui.signIn('admin', undefined, '/users');
    const form = page().getByRole('form', { name: 'Create a user' });
    await form.getByLabel('Username').fill('frank');
    await form.getByLabel('Password').fill('1');
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByRole('alert').filter({ hasText: 'password must be at least 8 characters long.' }).waitFor();
    expect((await ui.rest('GET', '/api/users/frank')).status).toBe(404);
  });

  it('resets a password with a confirm field and a generated password the user then logs in with', async () => {
    await ui.createUser('gina');
    await ui.signIn('admin', undefined, '/users?q=gina');
    await page().getByRole('button', { name: 'Reset password of gina' }).click();
    const dialog = page().getByRole('dialog', { name: 'Reset the password of gina' });
    await dialog.getByLabel('New password', { exact: true }).fill('gina-new-password');
    await dialog.getByLabel('Confirm the new password').fill('gina-new-passw0rd');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'The two passwords differ.' }).waitFor();

    await dialog.getByRole('button', { name: 'Generate a password' }).click();
    await dialog.getByRole('button', { name: 'Copy password' }).waitFor();
    const generated = await dialog.getByLabel('New password', { exact: true }).inputValue();
    expect(generated).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await dialog.getByLabel('Confirm the new password').inputValue()).toBe(generated);
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await ui.status('Password of gina reset.').waitFor();
    (await ui.login('gina', generated)).close();
  });

  it('shows a locked user on Users with their failed logins, a countdown that ticks, and an Unlock button', async () => {
    await ui.createUser('hank');
    await ui.lockOut('hank');
    await ui.signIn('admin', undefined, '/users?q=hank');
    const row = page().getByRole('row').filter({ has: ui.cell('hank') });
    await row.getByText('locked', { exact: true }).waitFor();
    expect(await row.getByRole('cell').nth(4).textContent()).toBe('3');
    const countdown = row.locator('.countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/^(1 min|\d+ s) ?.*left$/);
    await page().waitForFunction((before) => document.querySelector('.countdown')?.textContent !== before, first);

    await row.getByRole('button', { name: 'Unlock hank' }).click();
    await ui.status('Unlocked hank; they can log in again now.').waitFor();
    await row.getByText('offline').waitFor();
    (await ui.login('hank')).close();
  });

  it('sends a multi-line announcement as one line each, the audit log showing the same lines; nobody online is a warning', async () => {
    await ui.createUser('ivan');
    await ui.signIn('admin', undefined, '/announcements');
    await page().getByLabel('Message to everyone online').fill('nobody hears this');
    await page().getByRole('button', { name: 'Send announcement' }).click();
    const warning = page().getByRole('status').filter({ hasText: 'Nobody is online: the announcement reached no one.' });
    await warning.waitFor();
    expect(await warning.getAttribute('class')).toBe('warning');

    const ivan = await ui.login('ivan');
    await page().getByLabel('Message to everyone online').fill('line one\nline two');
    expect(await page().getByRole('status').count()).toBe(0);
    await page().getByRole('button', { name: 'Send announcement' }).click();
    await ivan.expectLine(/^\*\*\* Announcement: line one$/);
    await ivan.expectLine(/^\*\*\* Announcement: line two$/);
    await ui.status('Announcement (2 lines) sent to 1 online user.').waitFor();

    await ui.open('Audit log');
    const target = page().getByRole('cell', { name: /^line one/ }).first();
    expect(await target.innerText()).toBe('line one\nline two');
  });
});
