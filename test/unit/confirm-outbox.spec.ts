import { Confirmation, ConfirmOutbox } from '../../src/cluster/confirm-outbox';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ConfirmOutbox', () => {
  it('sends the confirmations of one turn once per node, in the order they were added', async () => {
    const sent: Array<[string, Confirmation[]]> = [];
    const outbox = new ConfirmOutbox((node, confirms) => sent.push([node, confirms]));
    outbox.add('a', { id: '1', status: 'delivered' });
    outbox.add('b', { id: '2', status: 'blocked' });
    outbox.add('a', { id: '3', status: 'absent' });
    expect(sent).toEqual([]); // nothing leaves before the turn ends
    await nextTurn();
    expect(sent).toEqual([
      ['a', [{ id: '1', status: 'delivered' }, { id: '3', status: 'absent' }]],
      ['b', [{ id: '2', status: 'blocked' }]],
    ]);
  });

  it('a confirmation added after a flush goes in the next turn, not lost and not sent twice', async () => {
    const sent: Array<[string, Confirmation[]]> = [];
    const outbox = new ConfirmOutbox((node, confirms) => sent.push([node, confirms]));
    outbox.add('a', { id: '1', status: 'delivered' });
    await nextTurn();
    outbox.add('a', { id: '2', status: 'delivered' });
    await nextTurn();
    await nextTurn();
    expect(sent).toEqual([
      ['a', [{ id: '1', status: 'delivered' }]],
      ['a', [{ id: '2', status: 'delivered' }]],
    ]);
  });
});
