import { Argon2PasswordHasher } from '../../src/accounts/password-hasher';
import { loadConfig } from '../../src/config/load-config';
import { AdminClient } from '../support/admin-client';
import { GatedHasher, settledCount, until } from '../support/gated-hasher';
import { LineClient } from '../support/line-client';
import { addUsers, ADMIN_PASSWORD, FAST_HASHING, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

const GUESSERS = 30;
/** Every limit but the account's own lockout out of the way, so the lockout alone is tested. */
const SETTINGS = { 'login_throttle.max_failures': 1000, 'http.login_attempts_per_minute': 1000 };

/** The server's answer to a login: the first line that is not a prompt. */
const ANSWER = /^(Welcome|Invalid|Error|Account|Too many)/;

describe('30 parallel password guesses from 30 addresses (gated argon2id, real sockets)', () => {
  let hasher: GatedHasher;
  let server: TestServer;

  beforeEach(async () => {
    hasher = new GatedHasher(new Argon2PasswordHasher(loadConfig({ env: {}, overrides: FAST_HASHING })));
    server = await startServer({ hasher, settings: SETTINGS });
  });

  afterEach(async () => {
    hasher.openAll();
    await server.stop();
    removeDataDir(server.dataDir);
  });

  /** Opens the gates as verifies arrive until every answer is in. */
  async function answersOf(answers: Array<Promise<string>>): Promise<string[]> {
    let pending = answers.length;
    for (const answer of answers) void answer.finally(() => pending--);
    await until(() => {
      hasher.openAll();
      return pending === 0;
    }, 'every answer');
    return Promise.all(answers);
  }

  it('checks three passwords of the line protocol and refuses the right one sent while they are checked', async () => {
    await addUsers(server, 'victim');
    const clients: LineClient[] = [];
    const answers: Array<Promise<string>> = [];
    for (let i = 0; i < GUESSERS; i++) {
      const client = await LineClient.connect(server.port, '127.0.0.1', `127.0.1.${i + 1}`);
      clients.push(client);
      client.write(`victim\r\nguess-${i}\r\n`);
      answers.push(client.expectLine(ANSWER));
    }
    // Every guess is answered or held in its verify: now the owner's right password arrives.
    const answered = settledCount(answers);
    await until(() => hasher.waiting + answered() === GUESSERS, 'every guess answered or in flight');
    const owner = await LineClient.connect(server.port, '127.0.0.1', '127.0.2.1');
    clients.push(owner);
    owner.write(`victim\r\n${passwordOf('victim')}\r\n`);
    const all = await answersOf([...answers, owner.expectLine(ANSWER)]);
    for (const client of clients) client.close();

    const right = all.pop()!;
    expect(hasher.verified).toHaveLength(3);
    expect(right).toMatch(/^Account victim is locked; try again in \d+ seconds\.$/);
    expect(all.filter((line) => line.startsWith('Invalid username or password'))).toHaveLength(2);
    expect(all.filter((line) => /^Too many failed logins: account victim is locked/.test(line))).toHaveLength(1);
    expect(all.filter((line) => /^Account victim is locked/.test(line))).toHaveLength(GUESSERS - 3);
  });

  it('checks at most login_throttle.max_failures passwords from one address, over many accounts at once', async () => {
    await server.stop();
    removeDataDir(server.dataDir);
    server = await startServer({ hasher, settings: { 'login_throttle.max_failures': 10 } });
    const names = Array.from({ length: GUESSERS }, (_, i) => `target${i}`);
    await addUsers(server, ...names);
    const clients: LineClient[] = [];
    const answers: Array<Promise<string>> = [];
    for (const name of names) {
      const client = await LineClient.connect(server.port, '127.0.0.1', '127.0.3.1');
      clients.push(client);
      client.write(`${name}\r\nguess\r\n`);
      answers.push(client.expectLine(ANSWER));
    }
    const all = await answersOf(answers);
    for (const client of clients) client.close();

    expect(hasher.verified).toHaveLength(10);
    expect(all.filter((line) => line.startsWith('Invalid username or password'))).toHaveLength(10);
    expect(all.filter((line) => line.startsWith('Error: too many failed logins from your address'))).toHaveLength(GUESSERS - 10);
  });

  it('does the same for admin sign-in over HTTP', async () => {
    const http = new AdminClient(server.httpUrl);
    const guesses = Array.from({ length: GUESSERS }, (_, i) => http.post('/api/auth/login', { username: 'admin', password: `guess-${i}` }));
    const answered = settledCount(guesses);
    await until(() => hasher.waiting + answered() === GUESSERS, 'every guess answered or in flight');
    const statuses = guesses.map((guess) => guess.then((response) => String(response.status)));
    const right = http.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    const all = await answersOf([...statuses, right.then((response) => String(response.status))]);

    expect(hasher.verified).toHaveLength(3);
    expect((await right).status).toBe(423);
    expect((await right).body).toMatchObject({ error: 'Locked' });
    expect(all.filter((status) => status === '401')).toHaveLength(2);
    expect(all.filter((status) => status === '423')).toHaveLength(GUESSERS - 2 + 1);
  });
});
