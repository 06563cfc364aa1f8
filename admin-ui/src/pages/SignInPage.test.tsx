import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, json, page } from '../test/fake-api';
import { renderConsole } from '../test/render';

const stats = { online: 0, lockedAccounts: 0, storedMessages: 0, perMinute: [] };

async function signIn(username: string, password: string) {
  await userEvent.type(await screen.findByLabelText('Username'), username);
  await userEvent.type(screen.getByLabelText('Password'), `${password}{Enter}`);
}

describe('Sign-in', () => {
  it('sends someone without a session to the sign-in form, then on to the dashboard', async () => {
    const requests = fakeApi({
      'POST /api/auth/login': () => ({ token: 'parley_t1', username: 'admin', expiresAt: '2099-01-01T00:00:00.000Z' }),
      'GET /api/stats': () => stats,
      'GET /api/sessions': () => page([]),
    });
    renderConsole('/');

    await signIn('admin', 'secret-pw');

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
    expect(await requests[0].json()).toEqual({ username: 'admin', password: 'secret-pw' });
    expect(requests.at(-1)!.headers.get('Authorization')).toBe('Bearer parley_t1');
  });

  it.each([
    [401, {}, 'Wrong username or password.'],
    [403, {}, 'This account is not an administrator.'],
    [423, { secondsRemaining: 42 }, 'This account is locked for another 42 s after too many failed logins.'],
    [429, {}, 'Too many sign-in attempts from this address. Wait a minute and try again.'],
  ])('explains a %i answer in place', async (status, extra, text) => {
    fakeApi({ 'POST /api/auth/login': () => json(status, { statusCode: status, message: 'x', ...extra }) });
    renderConsole('/login');

    await signIn('bob', 'nope');

    expect((await screen.findByRole('alert')).textContent).toBe(text);
  });

  it('returns to the sign-in form with a notice when the server refuses the token', async () => {
    sessionStorage.setItem(
      'parley.session',
      JSON.stringify({ token: 'parley_old', username: 'admin', expiresAt: '2099-01-01T00:00:00.000Z' }),
    );
    fakeApi({ 'GET /api/users': () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'token expired' }) });
    renderConsole('/users');

    expect(await screen.findByText('Your session was ended (signed out elsewhere or revoked). Sign in again.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(sessionStorage.getItem('parley.session')).toBeNull();
  });

  it('says the session expired when the stored token has run out', async () => {
    sessionStorage.setItem(
      'parley.session',
      JSON.stringify({ token: 'parley_old', username: 'admin', expiresAt: '2020-01-01T00:00:00.000Z' }),
    );
    fakeApi({});
    renderConsole('/users');

    expect(await screen.findByText('Your session expired. Sign in again.')).toBeTruthy();
  });

  it('treats a 403 from an admin route like a 401: back to sign-in, saying the account is no longer an admin', async () => {
    sessionStorage.setItem(
      'parley.session',
      JSON.stringify({ token: 'parley_demoted', username: 'admin', expiresAt: '2099-01-01T00:00:00.000Z' }),
    );
    fakeApi({ 'GET /api/users': () => json(403, { statusCode: 403, message: 'this token does not belong to an admin' }) });
    renderConsole('/users');

    expect(await screen.findByText('Your account is no longer an administrator, so this console signed you out.')).toBeTruthy();
    expect(screen.queryByText('this token does not belong to an admin')).toBeNull();
  });

  it('empties the password field after a refused sign-in, keeping the username', async () => {
    fakeApi({ 'POST /api/auth/login': () => json(401, { statusCode: 401, message: 'x' }) });
    renderConsole('/login');

    await signIn('bob', 'wrong-password');

    await screen.findByRole('alert');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('bob');
    expect(document.activeElement).toBe(screen.getByLabelText('Password'));
  });
});
