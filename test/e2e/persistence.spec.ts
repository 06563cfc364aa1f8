import { LineClient } from '../support/line-client';
import { addUsers, makeDataDir, passwordOf, removeDataDir, startServer } from '../support/test-server';

describe('persistence across a restart on the same data directory', () => {
  const dataDir = makeDataDir();
  afterAll(() => removeDataDir(dataDir));

  it('keeps users, blocks, stored messages, lockouts and last-seen times', async () => {
    const first = await startServer({ dataDir });
    await addUsers(first, 'alice', 'bob', 'carol', 'mallory');
    const alice = await LineClient.login(first.port, 'alice', passwordOf('alice'));
    alice.send('block mallory');
    await alice.expectLine(/^mallory is blocked\.$/);
    alice.send('message bob kept across restarts');
    await alice.expectLine(/stored/);
    alice.send('logout');
    await alice.expectClosed();

    const intruder = await LineClient.connect(first.port);
    for (let i = 0; i < 3; i++) {
      intruder.send('carol');
      intruder.send('wrong');
    }
    await intruder.expectLine(/locked/);
    await first.stop();

    const second = await startServer({ dataDir });
    try {
      const carol = await LineClient.connect(second.port);
      carol.send('carol');
      carol.send(passwordOf('carol'));
      await carol.expectLine(/locked/);

      const bob = await LineClient.login(second.port, 'bob', passwordOf('bob'));
      await bob.expectLine(/^You have 1 stored messages:$/);
      await bob.expectLine(/^alice \(stored .*\): kept across restarts$/);
      bob.send('wholasthr');
      await bob.expectLine(/^Last hour: .*alice/);

      const aliceAgain = await LineClient.login(second.port, 'alice', passwordOf('alice'));
      const mallory = await LineClient.login(second.port, 'mallory', passwordOf('mallory'));
      mallory.send('message alice still blocked?');
      await mallory.expectLine(/blocked/);
      await aliceAgain.expectNoLine(/still blocked/);
      for (const client of [bob, aliceAgain, mallory]) client.close();
    } finally {
      await second.stop();
    }
  });
});

describe('after a crash', () => {
  const dataDir = makeDataDir();
  afterAll(() => removeDataDir(dataDir));

  it('still lists users whose sessions the crash ended in wholasthr', async () => {
    const crashed = await startServer({ dataDir });
    await addUsers(crashed, 'alice', 'bob');
    const bob = await LineClient.login(crashed.port, 'bob', passwordOf('bob'));
    // A second server on the same files sees bob's session as left open by a dead process.
    const restarted = await startServer({ dataDir });
    try {
      const alice = await LineClient.login(restarted.port, 'alice', passwordOf('alice'));
      alice.send('wholasthr');
      await alice.expectLine(/^Last hour: bob$/);
      alice.close();
    } finally {
      bob.close();
      await restarted.stop();
      await crashed.stop();
    }
  });
});
