import { LineClient } from '../support/line-client';
import { addUsers, ADMIN_PASSWORD, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

const WILL_ECHO = '\xff\xfb\x01';
const WONT_ECHO = '\xff\xfc\x01';

describe('login over the line protocol', () => {
  let server: TestServer;
  const clients: LineClient[] = [];
  const track = (client: LineClient) => (clients.push(client), client);

  beforeAll(async () => {
    server = await startServer();
    await addUsers(server, 'alice', 'bob', 'Carol', 'dave');
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('shows a banner and prompts without line ends, turning echo off for the password', async () => {
    const client = track(await LineClient.connect(server.port));
    await client.expectPrompt('Username: ');
    client.send('alice');
    await client.expectPrompt('Password: ');
    expect(client.raw).toContain(WILL_ECHO + 'Password: ');
    client.send(passwordOf('alice'));
    await client.expectLine(/^Welcome, alice/);
    const afterPassword = client.raw.slice(client.raw.indexOf('Password: '));
    expect(afterPassword).toContain(WONT_ECHO);
  });

  it('answers input sent before the prompts, in order', async () => {
    const client = track(await LineClient.connect(server.port));
    client.write(`alice\r\n${passwordOf('alice')}\r\nwhoelse\r\n`);
    await client.expectLine(/^Welcome, alice/);
    await client.expectLine(/^Online: /);
  });

  it('accepts LF-only input and always answers with CRLF line ends', async () => {
    const client = track(await LineClient.connect(server.port));
    client.write(`alice\n${passwordOf('alice')}\nhelp\nwhoelse\n`);
    await client.expectLine(/^Online: /);
    expect(client.raw).toMatch(/\r\n/);
    expect(client.raw).not.toMatch(/[^\r]\n/);
    expect(client.raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('gives unknown names and wrong passwords the same answer, then asks again', async () => {
    const client = track(await LineClient.connect(server.port));
    client.send('nobody');
    client.send('whatever');
    const unknown = await client.expectLine(/Invalid username or password/);
    await client.expectPrompt('Username: ');
    client.send('dave');
    client.send('wrong');
    const wrong = await client.expectLine(/Invalid username or password/);
    expect(wrong).toBe(unknown);
    await client.expectPrompt('Username: ');
    client.send('dave');
    client.send(passwordOf('dave'));
    await client.expectLine(/^Welcome, dave/);
  });

  it('logs in case-insensitively and shows the name as created', async () => {
    const client = track(await LineClient.connect(server.port));
    client.send('CAROL');
    client.send(passwordOf('carol'));
    await client.expectLine(/^Welcome, Carol!/);
    client.send('logout');
    await client.expectLine(/^Goodbye, Carol\.$/);
  });

  it('refuses a second login of the same account and leaves the first session alone', async () => {
    const first = track(await LineClient.login(server.port, 'bob', passwordOf('bob')));
    const second = track(await LineClient.connect(server.port));
    second.send('BOB');
    second.send(passwordOf('bob'));
    await second.expectLine(/already logged in/);
    await second.expectClosed();
    first.send('whoelse');
    await first.expectLine(/^Online: /);
    expect(first.isClosed).toBe(false);
  });

  it('tells a user how many failed attempts there were since their last login', async () => {
    const attacker = track(await LineClient.connect(server.port));
    attacker.send('alice');
    attacker.send('guess-1');
    await attacker.expectLine(/Invalid username or password/);
    attacker.send('alice');
    attacker.send('guess-2');
    await attacker.expectLine(/Invalid username or password/);
    attacker.close();

    const alice = track(await LineClient.connect(server.port));
    alice.send('alice');
    alice.send(passwordOf('alice'));
    await alice.expectLine(/^Welcome, alice/);
    await alice.expectLine(/2 failed login attempts/);
    alice.send('logout');
    await alice.expectClosed();

    const again = track(await LineClient.login(server.port, 'alice', passwordOf('alice')));
    again.send('whoelse');
    await again.expectNoLine(/failed login attempts/);
  });

  it('logs the first admin in with the configured password', async () => {
    track(await LineClient.login(server.port, 'admin', ADMIN_PASSWORD));
  });
});

describe('lockout', () => {
  let server: TestServer;
  const clients: LineClient[] = [];
  const track = (client: LineClient) => (clients.push(client), client);

  beforeAll(async () => {
    server = await startServer({ settings: { 'lockout.seconds': 2 } });
    await addUsers(server, 'erin', 'frank');
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  async function failLogin(client: LineClient, name: string): Promise<void> {
    client.send(name);
    client.send('not-the-password');
  }

  it('locks after the third consecutive failure, across connections, and refuses even the right password', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const client = track(await LineClient.connect(server.port));
      await failLogin(client, 'erin');
      await client.expectLine(/Invalid username or password/);
      client.close();
    }
    const third = track(await LineClient.connect(server.port));
    await failLogin(third, 'erin');
    await third.expectLine(/locked/);
    await third.expectClosed();

    const rightPassword = track(await LineClient.connect(server.port));
    rightPassword.send('erin');
    rightPassword.send(passwordOf('erin'));
    const line = await rightPassword.expectLine(/locked/);
    expect(line).toMatch(/\d+ seconds?/);
    await rightPassword.expectClosed();
  });

  it('lets the user in once the lock has expired', async () => {
    const client = track(await LineClient.connect(server.port));
    for (let attempt = 0; attempt < 3; attempt++) await failLogin(client, 'frank');
    await client.expectLine(/locked/);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    track(await LineClient.login(server.port, 'frank', passwordOf('frank')));
  });
});
