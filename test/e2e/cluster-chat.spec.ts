import { LineClient } from '../support/line-client';
import { describeCluster, LINE_TIMEOUT_MS, useCluster } from '../support/cluster';

/** SPEC §5: chat across nodes is exactly as on one node; node 0 and node 1 are two `parley server`s. */
describeCluster('cluster: chat across nodes', () => {
  const cluster = useCluster();
  const expectLine = (client: LineClient, pattern: RegExp) => client.expectLine(pattern, LINE_TIMEOUT_MS);
  const exact = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  /** The names of a `Online: ...` / `Last hour: ...` line. */
  const listed = (line: string) => line.replace(/^[^:]+: /, '').split(', ');

  describe('private messages', () => {
    it('reach a user on the other node live, in both directions', async () => {
      const [alice, bob] = await cluster().users('alice', 'bob');
      const a = await cluster().login(0, alice);
      const b = await cluster().login(1, bob);
      a.send(`message ${bob.toUpperCase()} hello  from node 0`);
      await expectLine(b, exact(`${alice}: hello  from node 0`));
      b.send(`message ${alice} and back from node 1`);
      await expectLine(a, exact(`${bob}: and back from node 1`));
      // Delivered live: neither sender was told the message was stored.
      await a.expectNoLine(/offline|stored/);
      await b.expectNoLine(/offline|stored/);
    });

    it('arrive once each and in order, never twice', async () => {
      const [alice, bob] = await cluster().users('alice', 'bob');
      const a = await cluster().login(0, alice);
      const b = await cluster().login(1, bob);
      const count = 50;
      for (let i = 0; i < count; i++) a.send(`message ${bob} #${i}`);
      a.send('whoelse');
      await expectLine(a, /^Online: /);
      const received: string[] = [];
      while (received.length < count) received.push(await expectLine(b, new RegExp(`^${alice}: #\\d+$`)));
      expect(received).toEqual(Array.from({ length: count }, (_, i) => `${alice}: #${i}`));
      b.send('whoelse');
      const after = await b.expectLine(/^Online: /, LINE_TIMEOUT_MS);
      expect(after).toContain(alice);
      await b.expectNoLine(/: #\d+$/, 1000);
    });
  });

  describe('broadcast', () => {
    it('reaches every other user on both nodes, not the sender', async () => {
      const [alice, bob, carol, dave] = await cluster().users('alice', 'bob', 'carol', 'dave');
      const a = await cluster().login(0, alice);
      const b = await cluster().login(0, bob);
      const c = await cluster().login(1, carol);
      const d = await cluster().login(1, dave);
      a.send('broadcast hi   all ');
      for (const other of [b, c, d]) await expectLine(other, exact(`${alice} (broadcast): hi   all `));
      c.send('broadcast from node 1');
      for (const other of [a, b, d]) await expectLine(other, exact(`${carol} (broadcast): from node 1`));
      await a.expectNoLine(/could not be delivered|\(broadcast\): hi/);
      await c.expectNoLine(/could not be delivered|\(broadcast\): from node 1/);
    });
  });

  describe('presence', () => {
    it('shows a login, a logout and a dropped connection on the other node', async () => {
      const [alice, bob, carol] = await cluster().users('alice', 'bob', 'carol');
      const a = await cluster().login(0, alice);
      const b = await cluster().login(1, bob);
      await expectLine(a, exact(`*** ${bob} has logged in`));
      b.send('logout');
      await expectLine(b, exact(`Goodbye, ${bob}.`));
      await expectLine(a, exact(`*** ${bob} has logged out`));
      const c = await cluster().login(1, carol);
      await expectLine(a, exact(`*** ${carol} has logged in`));
      c.close();
      await expectLine(a, exact(`*** ${carol} has logged out`));
      // And from node 0 to node 1.
      const c2 = await cluster().login(1, carol);
      const b2 = await cluster().login(0, bob);
      await expectLine(c2, exact(`*** ${bob} has logged in`));
      b2.close();
      await expectLine(c2, exact(`*** ${bob} has logged out`));
    });
  });

  describe('whoelse and wholasthr', () => {
    it('whoelse lists the users of every node, sorted', async () => {
      const [zed, amy, mike] = await cluster().users('zed', 'amy', 'mike');
      const z = await cluster().login(0, zed);
      await cluster().login(1, mike);
      await cluster().login(1, amy);
      await cluster().login(0, (await cluster().users('pat'))[0]);
      z.send('whoelse');
      const names = listed(await expectLine(z, /^Online: /));
      expect(names.filter((name) => [amy, mike].includes(name))).toEqual([amy, mike].sort());
      expect(names).toEqual([...names].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
      expect(names).not.toContain(zed);
    });

    it('wholasthr lists users online on the other node and users whose session there ended', async () => {
      const [alice, bob, carol] = await cluster().users('alice', 'bob', 'carol');
      const b = await cluster().login(1, bob);
      b.send('logout');
      await expectLine(b, /^Goodbye, /);
      await b.expectClosed(LINE_TIMEOUT_MS);
      await cluster().login(1, carol);
      const a = await cluster().login(0, alice);
      a.send('whoelse');
      expect(listed(await expectLine(a, /^Online: /))).toContain(carol);
      a.send('wholasthr');
      const recent = listed(await expectLine(a, /^Last hour: /));
      expect(recent).toEqual(expect.arrayContaining([bob, carol]));
      expect(recent).not.toContain(alice);
    });
  });

  describe('blocks set on one node hold on the other', () => {
    it('a block set on node 0 stops broadcasts and private messages from a sender on node 1', async () => {
      const [alice, bob, carol] = await cluster().users('alice', 'bob', 'carol');
      const b = await cluster().login(0, bob);
      const c = await cluster().login(0, carol);
      const a = await cluster().login(1, alice);
      await expectLine(b, exact(`*** ${alice} has logged in`));
      // Both are online before the block: node 1 must learn about it, not only read it at login.
      b.send(`block ${alice}`);
      await expectLine(b, exact(`${alice} is blocked.`));

      a.send('broadcast anyone?');
      await expectLine(c, exact(`${alice} (broadcast): anyone?`));
      await expectLine(a, /could not be delivered to some recipients/);
      a.send(`message ${bob} psst`);
      await expectLine(a, /blocked/);
      a.send(`message ${carol} still here`);
      await expectLine(c, exact(`${alice}: still here`));
      await b.expectNoLine(new RegExp(`^${alice}`), 500);

      b.send(`unblock ${alice}`);
      await expectLine(b, exact(`${alice} is unblocked.`));
      a.send(`message ${bob} now?`);
      await expectLine(b, exact(`${alice}: now?`));
    });

    it('a blocked user on node 1 is not told about the blocker, nor stores a message for them', async () => {
      const [alice, bob] = await cluster().users('alice', 'bob');
      const b = await cluster().login(0, bob);
      b.send(`block ${alice}`);
      await expectLine(b, exact(`${alice} is blocked.`));
      b.send('logout');
      await b.expectClosed(LINE_TIMEOUT_MS);
      const a = await cluster().login(1, alice);
      a.send(`message ${bob} stored?`);
      const reply = await expectLine(a, /blocked|stored/);
      expect(reply).toMatch(/blocked/);
      expect(reply).not.toMatch(/was stored/);
      const again = await cluster().login(0, bob);
      again.send('whoelse');
      await expectLine(again, /^Online: /);
      // Nothing was stored, so no stored-message header came before the reply.
      expect(again.raw).not.toMatch(/stored messages:/);
    });
  });

  describe('IRC on one node, telnet on the other', () => {
    it('carries private messages, broadcasts and presence between the front doors', async () => {
      const [alice, ivy] = await cluster().users('alice', 'ivy');
      const irc = await cluster().ircLogin(1, ivy);
      const a = await cluster().login(0, alice);
      await irc.expectLine(new RegExp(`^:${alice}!${alice}@parley JOIN #parley$`), LINE_TIMEOUT_MS);

      a.send(`message ${ivy} hi over irc`);
      await irc.expectLine(new RegExp(`^:${alice}!${alice}@parley PRIVMSG ${ivy} :hi over irc$`), LINE_TIMEOUT_MS);
      irc.client.say(alice, 'hi over telnet');
      await expectLine(a, exact(`${ivy}: hi over telnet`));

      a.send('broadcast to the lobby');
      await irc.expectLine(new RegExp(`^:${alice}!${alice}@parley PRIVMSG #parley :to the lobby$`), LINE_TIMEOUT_MS);
      irc.client.say('#parley', 'from the lobby');
      await expectLine(a, exact(`${ivy} (broadcast): from the lobby`));

      a.send('logout');
      await irc.expectLine(new RegExp(`^:${alice}!${alice}@parley QUIT`), LINE_TIMEOUT_MS);
    });
  });
});
