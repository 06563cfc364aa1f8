import { BlockList } from '../../src/chat/block-list';
import { BlocksRepository } from '../../src/chat/blocks.repository';
import { UserEntity } from '../../src/database/entities';
import { Gate } from '../support/deferred-gate';

/** The rule under test is BlockList's order of events; the table behind it is not (e2e tests cover that). */
const repository = { add: async () => {}, remove: async () => {}, allPairs: async () => [] } as unknown as BlocksRepository;
const bob = { id: 1, key: 'bob' };
const alice = { id: 2, username: 'alice', usernameKey: 'alice' } as UserEntity;
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Runs `change` with a listener held at a gate; checks it completes only once the gate opens. */
async function expectToWaitForListener(blocks: BlockList, change: () => Promise<void>): Promise<void> {
  const gate = new Gate();
  blocks.onChange(() => gate.wait());
  let completed = false;
  const changing = change().then(() => (completed = true));
  await gate.reached;
  await turn();
  expect(completed).toBe(false);
  gate.resolve();
  await changing;
  expect(completed).toBe(true);
}

describe('BlockList: a change completes once its listeners (the other nodes, in cluster mode) have taken it', () => {
  it('block', async () => {
    const blocks = new BlockList(repository);
    await expectToWaitForListener(blocks, () => blocks.block(bob, alice));
    expect(blocks.has('bob', 'alice')).toBe(true);
  });

  it('unblock', async () => {
    const blocks = new BlockList(repository);
    await blocks.block(bob, alice);
    await expectToWaitForListener(blocks, () => blocks.unblock(bob, alice));
    expect(blocks.has('bob', 'alice')).toBe(false);
  });
});
