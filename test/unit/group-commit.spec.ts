import { GroupCommit } from '../../src/common/group-commit';

/** A commit function whose calls the test completes by hand. */
function manualCommits() {
  const calls: { items: number[]; finish(results?: string[]): void; fail(error: Error): void }[] = [];
  const commit = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({
        items,
        finish: (results) => resolve(results ?? items.map((item) => `done ${item}`)),
        fail: reject,
      });
    });
  return { calls, commit };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('commits what arrives while a batch is in flight together, in the next batch', async () => {
    const { calls, commit } = manualCommits();
    const batches = new GroupCommit<number, string>(commit);
    const first = batches.submit(1);
    const rest = [batches.submit(2), batches.submit(3)];
    await turn();
    expect(calls.map((call) => call.items)).toEqual([[1]]);

    calls[0].finish();
    expect(await first).toBe('done 1');
    await turn();
    expect(calls.map((call) => call.items)).toEqual([[1], [2, 3]]);
    calls[1].finish();
    expect(await Promise.all(rest)).toEqual(['done 2', 'done 3']);
  });

  it('settles nobody before their batch has committed', async () => {
    const { calls, commit } = manualCommits();
    const batches = new GroupCommit<number, string>(commit);
    let settled = false;
    void batches.submit(1).then(() => (settled = true));
    await turn();
    expect(settled).toBe(false);
    calls[0].finish();
    await turn();
    expect(settled).toBe(true);
  });

  it('rejects only the batch whose commit failed, and goes on with the next', async () => {
    const { calls, commit } = manualCommits();
    const batches = new GroupCommit<number, string>(commit);
    const failing = batches.submit(1);
    const next = batches.submit(2);
    await turn();
    calls[0].fail(new Error('disk full'));
    await expect(failing).rejects.toThrow('disk full');
    await turn();
    calls[1].finish();
    expect(await next).toBe('done 2');
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const { calls, commit } = manualCommits();
    const batches = new GroupCommit<number, string>(commit, 2);
    const all = [1, 2, 3, 4, 5].map((item) => batches.submit(item));
    for (let i = 0; i < 3; i++) {
      await turn();
      calls[i].finish();
    }
    await Promise.all(all);
    expect(calls.map((call) => call.items)).toEqual([[1], [2, 3], [4, 5]]);
  });
});
