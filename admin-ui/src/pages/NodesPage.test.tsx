import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, signedIn } from '../test/fake-api';
import { renderConsole } from '../test/render';

const nodes = [
  { id: 'chat-1-4242-a1b2c3', address: 'chat-1.example.net:4000', sessions: 12, since: '2026-11-24T07:00:00.000Z' },
  { id: 'chat-2-777-d4e5f6', address: '10.0.0.2:4000', sessions: 0, since: '2026-11-24T08:30:00.000Z' },
];

describe('Nodes', () => {
  beforeEach(signedIn);

  it('lists each node with its id, line address, sessions and start time', async () => {
    fakeApi({ 'GET /api/nodes': () => nodes });
    renderConsole('/nodes');

    const table = await screen.findByRole('table', { name: 'Nodes' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const first = within(rows[0]).getAllByRole('cell').map((cell) => cell.textContent);
    expect(first.slice(0, 3)).toEqual(['chat-1-4242-a1b2c3', 'chat-1.example.net:4000', '12']);
    expect(within(rows[0]).getAllByRole('cell')[3].querySelector('time')?.getAttribute('datetime')).toBe(nodes[0].since);
    expect(within(rows[1]).getAllByRole('cell')[1].textContent).toBe('10.0.0.2:4000');
  });

  it('asks the server again on Refresh and shows the new counts', async () => {
    let sessions = 1;
    const requests = fakeApi({ 'GET /api/nodes': () => [{ ...nodes[0], sessions: sessions++ }] });
    renderConsole('/nodes');

    const table = await screen.findByRole('table', { name: 'Nodes' });
    expect(within(table).getAllByRole('cell')[2].textContent).toBe('1');
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByText('2');
    expect(requests.filter((r) => r.url.endsWith('/api/nodes'))).toHaveLength(2);
    expect(requests[0].headers.get('Authorization')).toBe('Bearer parley_test');
  });

  it('says what went wrong when the list cannot be loaded', async () => {
    fakeApi({});
    renderConsole('/nodes');
    expect((await screen.findByRole('alert')).textContent).toMatch(/no fake for GET \/api\/nodes/);
  });
});
