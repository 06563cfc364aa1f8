import { useChatServer } from '../support/chat-fixture';

describe('commands', () => {
  const chat = useChatServer();
  const users = (...names: string[]) => chat.users(...names);
  const login = (name: string) => chat.login(name);

  describe('presence', () => {
    it('tells others when a user logs in and out', async () => {
      const [alice, bob] = await users('alice', 'bob');
      const a = await login(alice);
      const b = await login(bob);
      await a.expectLine(new RegExp(`^\\*\\*\\* ${bob} has logged in$`));
      b.send('logout');
      await b.expectLine(new RegExp(`^Goodbye, ${bob}\\.$`));
      await b.expectClosed();
      await a.expectLine(new RegExp(`^\\*\\*\\* ${bob} has logged out$`));
    });

    it('announces a dropped connection as a logout', async () => {
      const [alice, bob] = await users('alice', 'bob');
      const a = await login(alice);
      const b = await login(bob);
      b.close();
      await a.expectLine(new RegExp(`^\\*\\*\\* ${bob} has logged out$`));
    });

    it("hides a user's presence from the users they blocked and from those who blocked them", async () => {
      const [alice, bob, carol, dave] = await users('alice', 'bob', 'carol', 'dave');
      const a = await login(alice);
      a.send(`block ${bob}`);
      await a.expectLine(new RegExp(`^${bob} is blocked\\.$`));
      const c = await login(carol);
      c.send(`block ${alice}`);
      await c.expectLine(/is blocked\.$/);
      const b = await login(bob);
      const d = await login(dave);

      a.send('logout');
      await a.expectClosed();
      await d.expectLine(new RegExp(`^\\*\\*\\* ${alice} has logged out$`));
      await login(alice);
      await d.expectLine(new RegExp(`^\\*\\*\\* ${alice} has logged in$`));
      await b.expectNoLine(new RegExp(`\\*\\*\\* ${alice} `));
      await c.expectNoLine(new RegExp(`\\*\\*\\* ${alice} `));
    });
  });

  describe('broadcast', () => {
    it('reaches every other online user, not the sender', async () => {
      const [alice, bob, carol] = await users('alice', 'bob', 'carol');
      const a = await login(alice);
      const b = await login(bob);
      const c = await login(carol);
      a.send('broadcast  hello   everyone ');
      await b.expectLine(new RegExp(`^${alice} \\(broadcast\\): hello   everyone $`));
      await c.expectLine(new RegExp(`^${alice} \\(broadcast\\): hello   everyone $`));
      await a.expectNoLine(/broadcast/);
    });

    it('skips users who blocked the sender and tells the sender', async () => {
      const [alice, bob, carol] = await users('alice', 'bob', 'carol');
      const a = await login(alice);
      const b = await login(bob);
      const c = await login(carol);
      b.send(`block ${alice}`);
      await b.expectLine(/is blocked\./);
      a.send('broadcast hi');
      await c.expectLine(new RegExp(`^${alice} \\(broadcast\\): hi$`));
      await a.expectLine(/could not be delivered to some recipients/);
      await b.expectNoLine(/\(broadcast\)/);
    });

    it('says nothing extra when nobody blocked the sender', async () => {
      const [alice, bob] = await users('alice', 'bob');
      const a = await login(alice);
      const b = await login(bob);
      a.send('broadcast hi');
      await b.expectLine(/\(broadcast\): hi$/);
      await a.expectNoLine(/could not be delivered/);
    });
  });

  describe('message', () => {
    it('delivers to an online user, addressed case-insensitively', async () => {
      const [alice, bob] = await users('alice', 'bob');
      const a = await login(alice);
      const b = await login(bob);
      a.send(`message ${bob.toUpperCase()}   see  you`);
      await b.expectLine(new RegExp(`^${alice}: see  you$`));
      await a.expectNoLine(/Error/);
    });

    it('stores a message for an offline user and says so', async () => {
      const [alice, bob] = await users('alice', 'bob');
      const a = await login(alice);
      a.send(`message ${bob} later`);
      const ack = await a.expectLine(/offline/);
      expect(ack).toMatch(/stored/);
    });

    it('refuses when the recipient blocked the sender, online or offline, and stores nothing', async () => {
      const [alice, bob] = await users('alice', 'bob');
      const b = await login(bob);
      b.send(`block ${alice}`);
      await b.expectLine(/is blocked\./);
      const a = await login(alice);
      a.send(`message ${bob} online?`);
      await a.expectLine(/blocked/);
      await b.expectNoLine(/online\?/);
      b.send('logout');
      await b.expectClosed();
      a.send(`message ${bob} offline?`);
      const reply = await a.expectLine(/blocked/);
      expect(reply).not.toMatch(/stored/);
      const b2 = await login(bob);
      await b2.expectNoLine(/stored messages|offline\?/);
    });

    it('rejects unknown users, yourself and missing text with Error lines', async () => {
      const [alice] = await users('alice');
      const a = await login(alice);
      a.send('message nobody-here hi');
      await a.expectLine(/^Error: .*unknown user/);
      a.send(`message ${alice} hi`);
      await a.expectLine(/^Error: .*yourself/);
      a.send(`message ${alice}`);
      await a.expectLine(/^Error: missing argument/);
      a.send('whoelse');
      await a.expectLine(/^Online: /);
    });
  });

  describe('block and unblock', () => {
    it('blocks and unblocks with the exact replies, and errors on a user who was not blocked', async () => {
      const [alice, bob] = await users('alice', 'bob');
      const a = await login(alice);
      const b = await login(bob);
      a.send(`block ${bob.toUpperCase()}`);
      await a.expectLine(new RegExp(`^${bob} is blocked\\.$`));
      b.send(`message ${alice} blocked?`);
      await b.expectLine(/blocked/);
      a.send(`unblock ${bob}`);
      await a.expectLine(new RegExp(`^${bob} is unblocked\\.$`));
      b.send(`message ${alice} unblocked!`);
      await a.expectLine(new RegExp(`^${bob}: unblocked!$`));
      a.send(`unblock ${bob}`);
      await a.expectLine(/^Error: /);
    });

    it('rejects blocking yourself, unknown users and a missing name', async () => {
      const [alice] = await users('alice');
      const a = await login(alice);
      a.send(`block ${alice}`);
      await a.expectLine(/^Error: .*yourself/);
      a.send('block ghost-user');
      await a.expectLine(/^Error: .*unknown user/);
      a.send('block');
      await a.expectLine(/^Error: missing argument/);
      a.send('unblock');
      await a.expectLine(/^Error: missing argument/);
    });
  });

  describe('whoelse and wholasthr', () => {
    it('lists the others online, sorted, or (none)', async () => {
      const [zed, amy, mike] = await users('zed', 'amy', 'mike');
      const z = await login(zed);
      z.send('whoelse');
      // Other tests' users are gone by now; only this test's users can be online.
      await z.expectLine(/^Online: \(none\)$/);
      await login(mike);
      await login(amy);
      z.send('whoelse');
      await z.expectLine(new RegExp(`^Online: ${amy}, ${mike}$`));
    });

    it('hides users from the people they have blocked', async () => {
      const [alice, bob, carol] = await users('alice', 'bob', 'carol');
      const a = await login(alice);
      const b = await login(bob);
      await login(carol);
      b.send(`block ${alice}`);
      await b.expectLine(/is blocked\./);
      a.send('whoelse');
      await a.expectLine(new RegExp(`^Online: ${carol}$`));
      a.send('wholasthr');
      const recent = (await a.expectLine(/^Last hour: /)).split(': ')[1].split(', ');
      expect(recent).toContain(carol);
      expect(recent).not.toContain(bob);
      b.send('whoelse');
      await b.expectLine(new RegExp(`^Online: ${alice}, ${carol}$`));
    });

    it('wholasthr includes users who logged out within the hour', async () => {
      const [alice, bob] = await users('alice', 'bob');
      const b = await login(bob);
      b.send('logout');
      await b.expectClosed();
      const a = await login(alice);
      // The logout time is written behind the live path; give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 100));
      a.send('wholasthr');
      const line = await a.expectLine(/^Last hour: /);
      expect(line.split(': ')[1].split(', ')).toContain(bob);
      expect(line).not.toContain(alice);
    });
  });

  describe('errors and help', () => {
    it('answers unknown commands and missing arguments with Error lines, and the session goes on', async () => {
      const [alice] = await users('alice');
      const a = await login(alice);
      a.send('dance wildly');
      await a.expectLine(/^Error: unknown command/);
      a.send('broadcast');
      await a.expectLine(/^Error: missing argument/);
      a.send('broadcast    ');
      await a.expectLine(/^Error: missing argument/);
      a.send('message');
      await a.expectLine(/^Error: missing argument/);
      a.send('whoelse');
      await a.expectLine(/^Online: /);
    });

    it('help lists every command', async () => {
      const [alice] = await users('alice');
      const a = await login(alice);
      a.send('help');
      const lines: string[] = [];
      for (const command of ['broadcast', 'message', 'block', 'unblock', 'whoelse', 'wholasthr', 'logout', 'help']) {
        lines.push(await a.expectLine(new RegExp(`^\\s*${command}\\b`)));
      }
      expect(lines).toHaveLength(8);
    });

    it('logout says goodbye and closes the connection', async () => {
      const [alice] = await users('alice');
      const a = await login(alice);
      a.send('logout');
      await a.expectLine(new RegExp(`^Goodbye, ${alice}\\.$`));
      await a.expectClosed();
    });
  });
});
