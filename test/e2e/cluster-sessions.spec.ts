import { Client } from 'pg';
import { IrcUser } from '../support/irc-user';
import { LineClient } from '../support/line-client';
import { failLineLogins } from '../support/line-logins';
import { describeCluster, LINE_TIMEOUT_MS, loginReply, passwordOf, useCluster } from '../support/cluster';
import { waitForBlockedStatements } from '../support/test-database';

const STORED_LINE = /^(\S+) \(stored (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\): (.*)$/;

/** SPEC §5: one session per account, lockouts and stored messages hold across the nodes. */
describeCluster('cluster: sessions, lockouts and stored messages across nodes', () => {
  const cluster = useCluster();
  const expectLine = (client: LineClient, pattern: RegExp) => client.expectLine(pattern, LINE_TIMEOUT_MS);

  describe('one session per account', () => {
    it('a second login on the other node gets "already logged in"; the first session is untouched', async () => {
      const [alice, carol] = await cluster().users('alice', 'carol');
      const a = await cluster().login(0, alice);
      const again = await cluster().connect(1);
      again.send(alice);
      again.send(passwordOf(alice));
      expect(await expectLine(again, /already logged in|^Welcome/)).toMatch(/already logged in/);
      await again.expectClosed(LINE_TIMEOUT_MS);

      const c = await cluster().login(1, carol);
      c.send(`message ${alice} still there?`);
      await expectLine(a, new RegExp(`^${carol}: still there\\?$`));
      c.send('whoelse');
      expect(await expectLine(c, /^Online: /)).toContain(alice);
      await a.expectNoLine(new RegExp(`\\*\\*\\* ${alice} has logged`));
    });

    it('an account online over telnet on one node cannot log in over IRC on the other', async () => {
      const [alice] = await cluster().users('alice');
      await cluster().login(0, alice);
      const irc = cluster().track(
        await IrcUser.connect(cluster().nodes[1].ircPort, { nick: alice, account: { account: alice, password: passwordOf(alice) } }, /^ERROR /),
      );
      expect(irc.lines.find((line) => line.startsWith('ERROR '))).toMatch(/already logged in/);
    });

    it('two nodes checking the same account at the same moment let exactly one login in', async () => {
      // Both logins are held at the users table until both are waiting there, then let go together.
      const db = new Client({ connectionString: cluster().databaseUrl, application_name: 'parley-test' });
      await db.connect();
      try {
        for (let round = 0; round < 3; round++) {
          const [alice] = await cluster().users('alice');
          const clients = await Promise.all([cluster().connect(0), cluster().connect(1)]);
          await db.query('BEGIN');
          await db.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
          for (const client of clients) {
            client.send(alice);
            client.send(passwordOf(alice));
          }
          await waitForBlockedStatements(db, 2);
          await db.query('COMMIT');
          const replies = await Promise.all(clients.map((client) => expectLine(client, /^Welcome, |already logged in/)));
          expect(replies.filter((reply) => reply.startsWith('Welcome, '))).toHaveLength(1);
          expect(replies.filter((reply) => /already logged in/.test(reply))).toHaveLength(1);
          cluster().closeClients();
        }
      } finally {
        await db.query('ROLLBACK').catch(() => {});
        await db.end();
      }
    });
  });

  describe('lockout', () => {
    it('counts failures on node 0 and node 1 together and locks the account on both', async () => {
      const [alice] = await cluster().users('alice');
      expect(await failLineLogins(cluster().nodes[0].linePort, alice, 2)).toMatch(/Invalid username or password/);
      expect(await failLineLogins(cluster().nodes[1].linePort, alice, 1)).toMatch(/locked/);
      const reply = await loginReply(cluster().nodes[0].linePort, alice);
      expect(reply).toMatch(/locked/);
      expect(reply).toMatch(/\d+ seconds/);
      expect(await loginReply(cluster().nodes[1].linePort, alice)).toMatch(/locked/);
    });

    it('a successful login on one node resets the count kept for the other', async () => {
      const [alice] = await cluster().users('alice');
      await failLineLogins(cluster().nodes[0].linePort, alice, 2);
      const a = await cluster().login(1, alice);
      a.send('logout');
      await a.expectClosed(LINE_TIMEOUT_MS);
      // Two more failures, one on each node, do not reach the three that lock.
      expect(await failLineLogins(cluster().nodes[0].linePort, alice, 1)).toMatch(/Invalid username or password/);
      expect(await failLineLogins(cluster().nodes[1].linePort, alice, 1)).toMatch(/Invalid username or password/);
      expect(await loginReply(cluster().nodes[0].linePort, alice)).toMatch(/^Welcome, /);
    });
  });

  describe('stored messages', () => {
    it('a message stored on node 0 is delivered at login on node 1, exactly once', async () => {
      const [alice, bob] = await cluster().users('alice', 'bob');
      const a = await cluster().login(0, alice);
      a.send(`message ${bob} while you were out`);
      expect(await expectLine(a, /offline/)).toBe(`${bob} is offline; your message was stored.`);

      const b = await cluster().login(1, bob);
      await expectLine(b, /^You have 1 stored messages:$/);
      const [, from, , text] = STORED_LINE.exec(await b.nextLine(LINE_TIMEOUT_MS))!;
      expect([from, text]).toEqual([alice, 'while you were out']);
      b.send('logout');
      await b.expectClosed(LINE_TIMEOUT_MS);

      const again = await cluster().login(0, bob);
      again.send('whoelse');
      await expectLine(again, /^Online: /);
      expect(again.raw).not.toMatch(/stored messages:|while you were out/);
    });

    it('a message to a user online on the other node arrives live and is not stored as well', async () => {
      const [alice, bob] = await cluster().users('alice', 'bob');
      const a = await cluster().login(0, alice);
      const b = await cluster().login(1, bob);
      a.send(`message ${bob} live one`);
      await expectLine(b, new RegExp(`^${alice}: live one$`));
      await a.expectNoLine(/offline|stored/);
      b.send('logout');
      await b.expectClosed(LINE_TIMEOUT_MS);
      await expectLine(a, new RegExp(`^\\*\\*\\* ${bob} has logged out$`));

      const again = await cluster().login(0, bob);
      again.send('whoelse');
      await expectLine(again, /^Online: /);
      expect(again.raw).not.toMatch(/stored messages:|live one/);
    });
  });
});
