import { LineClient } from '../support/line-client';
import { CLUSTER_TEST_MS, describeCluster, LINE_TIMEOUT_MS, loginReply, TestCluster, within } from '../support/cluster';

/**
 * What a spawned process on a loaded two-core machine may add to SPEC §5's bounds (the kill
 * reaching the process, the polling itself); the bounds checked are session_ttl and 3 s.
 */
const SLACK_MS = 1500;
const UNAVAILABLE = /^Error: .*cluster.*unavailable/i;

/** Every line until the server closes the connection. */
async function linesUntilClosed(client: LineClient): Promise<string[]> {
  const lines: string[] = [];
  try {
    for (;;) lines.push(await client.nextLine(LINE_TIMEOUT_MS));
  } catch {
    return lines;
  }
}

/** A fresh cluster for one test (these tests kill nodes and Redis), closed after it. */
async function withCluster(run: (cluster: TestCluster) => Promise<void>): Promise<void> {
  const cluster = await TestCluster.start();
  try {
    await run(cluster);
  } finally {
    await cluster.close();
  }
}

const welcome = (reply: string) => reply.startsWith('Welcome, ');
const loggedOut = (name: string) => new RegExp(`^\\*\\*\\* ${name} has logged out$`);

/** SPEC §5: a node that dies, Redis going away and coming back, a node restarted or stopped. */
describeCluster('cluster: faults', () => {
  it('kill -9 of a node: its users are logged out elsewhere and can log in again within session_ttl; no acknowledged stored message is lost', async () => {
    await withCluster(async (cluster) => {
      const [alice, bob, carol] = await cluster.users('alice', 'bob', 'carol');
      const ttlMs = cluster.ttlSeconds * 1000;
      const a = await cluster.login(0, alice);
      const b = await cluster.login(1, bob);
      await a.expectLine(new RegExp(`^\\*\\*\\* ${bob} has logged in$`), LINE_TIMEOUT_MS);
      for (let i = 0; i < 300; i++) b.send(`message ${carol} #${i}`);
      await b.expectLine(/your message was stored/, LINE_TIMEOUT_MS);

      const killedAt = Date.now();
      const dying = cluster.kill(1);
      const acknowledged = (await linesUntilClosed(b)).filter((line) => /was stored/.test(line)).length + 1;
      await dying;

      await a.expectLine(loggedOut(bob), ttlMs + SLACK_MS);
      expect(Date.now() - killedAt).toBeLessThanOrEqual(ttlMs + SLACK_MS);
      a.send('whoelse');
      expect(await a.expectLine(/^Online: /, LINE_TIMEOUT_MS)).not.toContain(bob);
      await within(ttlMs + SLACK_MS - (Date.now() - killedAt), `${bob} logs in on node 0`, () => loginReply(cluster.nodes[0].linePort, bob), welcome);

      const c = await cluster.login(0, carol);
      c.send('whoelse');
      const lines: string[] = [];
      for (let line = await c.nextLine(LINE_TIMEOUT_MS); !line.startsWith('Online: '); line = await c.nextLine(LINE_TIMEOUT_MS)) lines.push(line);
      const stored = lines.flatMap((line) => /\(stored [^)]+\): #(\d+)$/.exec(line)?.slice(1).map(Number) ?? []);
      // Acknowledgements come in order: the first `acknowledged` messages are all there, once each.
      expect(stored.slice(0, acknowledged)).toEqual([...Array(acknowledged).keys()]);
      expect(new Set(stored).size).toBe(stored.length);
    });
  }, CLUSTER_TEST_MS);

  it('Redis stopped: users of one node keep chatting, new logins get an Error within 3 s; Redis back: logins again after session_ttl, one session still', async () => {
    await withCluster(async (cluster) => {
      const [alice, bob, carol, dave] = await cluster.users('alice', 'bob', 'carol', 'dave');
      const ttlMs = cluster.ttlSeconds * 1000;
      const a = await cluster.login(0, alice);
      const b = await cluster.login(0, bob);
      const c = await cluster.login(1, carol);

      await cluster.stopRedis();
      const stoppedAt = Date.now();
      for (const node of cluster.nodes) {
        const refused = (line: string) => UNAVAILABLE.test(line);
        await within(3000 + SLACK_MS - (Date.now() - stoppedAt), `node ${node.index} refuses logins`, () => loginReply(node.linePort, dave), refused);
      }

      a.send(`message ${bob} redis is down`);
      await b.expectLine(new RegExp(`^${alice}: redis is down$`), LINE_TIMEOUT_MS);
      b.send('broadcast still here');
      await a.expectLine(new RegExp(`^${bob} \\(broadcast\\): still here$`), LINE_TIMEOUT_MS);
      await b.expectNoLine(/^Error:/);

      await cluster.restartRedis();
      const backAt = Date.now();
      const early = await loginReply(cluster.nodes[1].linePort, dave);
      // Within session_ttl of Redis coming back, a login could break the single session.
      if (Date.now() - backAt < ttlMs - 500) expect(early).toMatch(UNAVAILABLE);
      await within(ttlMs + 1000 + SLACK_MS, 'logins accepted again', () => loginReply(cluster.nodes[1].linePort, dave), welcome);
      // The sessions that lived through the outage were registered again: still one each.
      expect(await loginReply(cluster.nodes[1].linePort, alice)).toMatch(/already logged in/);
      expect(await loginReply(cluster.nodes[0].linePort, carol)).toMatch(/already logged in/);
      const d = await cluster.login(1, dave);
      d.send(`message ${alice} across again`);
      await a.expectLine(new RegExp(`^${dave}: across again$`), LINE_TIMEOUT_MS);
      c.send(`message ${bob} and from node 1`);
      await b.expectLine(new RegExp(`^${carol}: and from node 1$`), LINE_TIMEOUT_MS);
    });
  }, CLUSTER_TEST_MS);

  it('a node restarted while the other runs rejoins the cluster', async () => {
    await withCluster(async (cluster) => {
      const [alice, bob] = await cluster.users('alice', 'bob');
      const a = await cluster.login(0, alice);
      await cluster.kill(1);
      await cluster.restart(1);
      const b = await cluster.login(1, bob);
      await a.expectLine(new RegExp(`^\\*\\*\\* ${bob} has logged in$`), LINE_TIMEOUT_MS);
      b.send('whoelse');
      expect(await b.expectLine(/^Online: /, LINE_TIMEOUT_MS)).toBe(`Online: ${alice}`);
      b.send(`message ${alice} back again`);
      await a.expectLine(new RegExp(`^${bob}: back again$`), LINE_TIMEOUT_MS);
      a.send(`message ${bob} welcome back`);
      await b.expectLine(new RegExp(`^${alice}: welcome back$`), LINE_TIMEOUT_MS);
      expect(await loginReply(cluster.nodes[1].linePort, alice)).toMatch(/already logged in/);
    });
  }, CLUSTER_TEST_MS);

  it('SIGTERM of a node: its users see the shutdown notice, the others see them log out, and they can log in elsewhere', async () => {
    await withCluster(async (cluster) => {
      const [alice, bob] = await cluster.users('alice', 'bob');
      const a = await cluster.login(0, alice);
      const b = await cluster.login(1, bob);
      await a.expectLine(new RegExp(`^\\*\\*\\* ${bob} has logged in$`), LINE_TIMEOUT_MS);
      const exiting = cluster.terminate(1);
      await b.expectLine(/^\*\*\* The server is shutting down\. Goodbye\.$/, LINE_TIMEOUT_MS);
      await b.expectClosed(LINE_TIMEOUT_MS);
      expect(await exiting).toEqual({ code: 0, signal: null });
      await a.expectLine(loggedOut(bob), LINE_TIMEOUT_MS);
      // Shown as logged out, so free to log in: the stopping node gave its sessions up.
      expect(await loginReply(cluster.nodes[0].linePort, bob)).toMatch(/^Welcome, /);
    });
  }, CLUSTER_TEST_MS);
});
