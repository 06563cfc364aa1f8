import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, json, noContent, page, signedIn } from '../test/fake-api';
import { renderConsole } from '../test/render';

const user = (username: string, role: 'user' | 'admin' = 'user') => ({
  username,
  role,
  online: false,
  createdAt: '2026-11-24T07:00:00.000Z',
  lastLoginAt: null,
  lastSeenAt: null,
  failedAttempts: 0,
  failuresSinceLogin: 0,
  lockedUntil: null as string | null,
  storedMessages: 0,
});

describe('Users', () => {
  beforeEach(signedIn);

  it('shows a refused creation next to the form, with the server message', async () => {
    fakeApi({
      'GET /api/users': () => page([user('alice')]),
      'POST /api/users': () => json(409, { statusCode: 409, error: 'Conflict', message: 'username alice is taken' }),
    });
    renderConsole('/users');

    const form = await screen.findByRole('form', { name: 'Create a user' });
    await userEvent.type(within(form).getByLabelText('Username'), 'alice');
    await userEvent.type(within(form).getByLabelText('Password'), 'long-enough-pw');
    await userEvent.click(within(form).getByRole('button', { name: 'Create user' }));

    expect((await within(form).findByRole('alert')).textContent).toBe('username alice is taken');
  });

  it('searches by the typed text and says when no name matches', async () => {
    const requests = fakeApi({
      'GET /api/users': (request) => (new URL(request.url).searchParams.get('q') ? page([]) : page([user('alice')])),
    });
    renderConsole('/users');

    await screen.findByRole('cell', { name: 'alice' });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'zed');

    expect(await screen.findByText('No user name contains “zed”.')).toBeTruthy();
    expect(new URL(requests.at(-1)!.url).searchParams.get('q')).toBe('zed');
  });

  it('changes a role through its dialog and reloads the list', async () => {
    let role: 'user' | 'admin' = 'user';
    const requests = fakeApi({
      'GET /api/users': () => page([user('bob', role)]),
      'PUT /api/users/bob/role': async (request) => {
        role = ((await request.json()) as { role: 'admin' }).role;
        return user('bob', role);
      },
    });
    renderConsole('/users');

    await userEvent.click(await screen.findByRole('button', { name: 'Change role of bob' }));
    const dialog = screen.getByRole('dialog', { name: 'Change the role of bob' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Role'), 'admin');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save role' }));

    expect((await screen.findByRole('status')).textContent).toBe('bob is now an admin.');
    expect(await screen.findByRole('cell', { name: 'admin' })).toBeTruthy();
    expect(requests.some((r) => r.method === 'PUT')).toBe(true);
  });

  it('shows a locked user with their failed logins and an Unlock button, and unlocks them', async () => {
    let lockedUntil: string | null = new Date(Date.now() + 42_000).toISOString();
    const requests = fakeApi({
      'GET /api/users': () => page([{ ...user('dave'), failuresSinceLogin: 3, lockedUntil }]),
      'DELETE /api/lockouts/dave': () => {
        lockedUntil = null;
        return noContent();
      },
    });
    renderConsole('/users');

    const row = (await screen.findByRole('link', { name: 'dave' })).closest('tr')!;
    expect(within(row).getByText('locked')).toBeTruthy();
    expect(within(row).getByText(/^4\d s left$/)).toBeTruthy();
    expect(within(row).getAllByRole('cell')[4].textContent).toBe('3');
    await userEvent.click(within(row).getByRole('button', { name: 'Unlock dave' }));

    expect((await screen.findByRole('status')).textContent).toBe('Unlocked dave; they can log in again now.');
    expect(await screen.findByText('offline')).toBeTruthy();
    expect(requests.some((r) => r.method === 'DELETE')).toBe(true);
  });

  it('clears a notice when the search changes', async () => {
    fakeApi({
      'GET /api/users': () => page([user('erin')]),
      'DELETE /api/users/erin': () => noContent(),
    });
    renderConsole('/users');

    await userEvent.click(await screen.findByRole('button', { name: 'Delete erin' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete erin' }));
    expect((await screen.findByRole('status')).textContent).toBe('Deleted erin.');
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'x');

    await waitFor(() => expect(screen.queryByText('Deleted erin.')).toBeNull());
  });
});
