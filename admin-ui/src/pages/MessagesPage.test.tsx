import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, noContent, page, signedIn } from '../test/fake-api';
import { renderConsole } from '../test/render';

const MARKUP = '<img src=x onerror=alert(1)><b>bold</b>';
const message = { id: 7, recipient: 'bob', sender: 'alice', text: MARKUP, storedAt: '2026-11-24T07:16:22.000Z' };

describe('Stored messages', () => {
  beforeEach(signedIn);

  it('shows message text containing markup as text, in the list and in the detail view', async () => {
    fakeApi({ 'GET /api/messages': () => page([message]) });
    const { container } = renderConsole('/messages');

    const cell = await screen.findByText(MARKUP);
    expect(cell.tagName).toBe('TD');
    await userEvent.click(screen.getByRole('button', { name: 'View message 7' }));
    const dialog = screen.getByRole('dialog', { name: 'Message from alice to bob' });
    expect(within(dialog).getByTestId('message-text').textContent).toBe(MARKUP);
    expect(document.body.querySelector('img, b')).toBeNull();
    expect(container.innerHTML).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('asks before deleting, with Cancel focused, and sends nothing when the answer is no', async () => {
    const requests = fakeApi({ 'GET /api/messages': () => page([message]) });
    renderConsole('/messages');

    await userEvent.click(await screen.findByRole('button', { name: 'Delete message 7' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete this stored message?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await userEvent.keyboard('{Escape}');

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete message 7' }));
  });

  it('deletes after confirmation and shows the emptied list', async () => {
    let stored = [message];
    const requests = fakeApi({
      'GET /api/messages': () => page(stored),
      'DELETE /api/messages/7': () => {
        stored = [];
        return noContent();
      },
    });
    renderConsole('/messages');

    await userEvent.click(await screen.findByRole('button', { name: 'Delete message 7' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete message' }));

    expect(await screen.findByText('No message is waiting for delivery.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Deleted the message from alice to bob.');
    const deletion = requests.find((r) => r.method === 'DELETE')!;
    expect(deletion.headers.get('Authorization')).toBe('Bearer parley_test');
  });

  it('sends the filter as query parameters and says when nothing matches', async () => {
    const requests = fakeApi({ 'GET /api/messages': () => page([]) });
    renderConsole('/messages');

    await userEvent.type(await screen.findByLabelText('Recipient'), 'bob');
    await userEvent.type(screen.getByLabelText('Sender'), 'alice');
    await userEvent.click(screen.getByRole('button', { name: 'Filter' }));

    expect(await screen.findByText('No stored message matches this filter.')).toBeTruthy();
    const url = new URL(requests.at(-1)!.url);
    expect(url.searchParams.get('recipient')).toBe('bob');
    expect(url.searchParams.get('sender')).toBe('alice');
  });

  it('shows a failed deletion in place, with the server message', async () => {
    fakeApi({
      'GET /api/messages': () => page([message]),
      'DELETE /api/messages/7': () =>
        new Response(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'stored message 7 not found' }), {
          status: 404,
          headers: { 'Content-Type': 'application/json' },
        }),
    });
    renderConsole('/messages');

    await userEvent.click(await screen.findByRole('button', { name: 'Delete message 7' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete message' }));

    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('stored message 7 not found'));
  });
});
