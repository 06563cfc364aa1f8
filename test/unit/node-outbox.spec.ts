import { NodeOutbox } from '../../src/cluster/node-outbox';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function recording(result: () => Promise<void> = () => Promise.resolve()) {
  const sent: Array<[string, string[]]> = [];
  const outbox = new NodeOutbox<string>((node, items) => {
    sent.push([node, items]);
    return result();
  });
  return { sent, outbox };
}

describe('NodeOutbox', () => {
  it('sends the items of one turn once per node, in the order they were added', async () => {
    const { sent, outbox } = recording();
    void outbox.add('a', '1');
    void outbox.add('b', '2');
    void outbox.add('a', '3');
    expect(sent).toEqual([]); // nothing leaves before the turn ends
    await nextTurn();
    expect(sent).toEqual([
      ['a', ['1', '3']],
      ['b', ['2']],
    ]);
  });

  it('an item added after a flush goes in the next turn, not lost and not sent twice', async () => {
    const { sent, outbox } = recording();
    void outbox.add('a', '1');
    await nextTurn();
    void outbox.add('a', '2');
    await nextTurn();
    await nextTurn();
    expect(sent).toEqual([
      ['a', ['1']],
      ['a', ['2']],
    ]);
  });

  it('each item of a batch learns whether the batch was sent', async () => {
    let fail = true;
    const { outbox } = recording(() => (fail ? Promise.reject(new Error('Redis is down')) : Promise.resolve()));
    const first = [outbox.add('a', '1'), outbox.add('a', '2')];
    await expect(first[0]).rejects.toThrow('Redis is down');
    await expect(first[1]).rejects.toThrow('Redis is down');
    fail = false;
    await expect(outbox.add('a', '3')).resolves.toBeUndefined();
  });

  it('a send that throws instead of rejecting fails its batch the same way', async () => {
    const outbox = new NodeOutbox<string>(() => {
      throw new Error('not connected');
    });
    await expect(outbox.add('a', '1')).rejects.toThrow('not connected');
  });
});
