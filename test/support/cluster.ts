import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AdminClient } from './admin-client';
import { IrcUser } from './irc-user';
import { LineClient } from './line-client';
import { hasRedisServer, PrivateRedis } from './private-redis';
import { ParleyProcess, parleyEnv } from './spawn-parley';
import { makeDataDir, passwordOf, removeDataDir } from './test-server';

export { passwordOf };

export const CLUSTER_ADMIN_PASSWORD = 'cluster-admin-pw';
/** Short, so tests of a dead node or of Redis coming back stay quick. */
export const CLUSTER_TTL_SECONDS = 3;
/** Spawned nodes on a loaded two-core machine: lines can take a while. */
export const LINE_TIMEOUT_MS = 10_000;
/** Tests that start, kill and restart nodes get more than jest's default 30 s. */
export const CLUSTER_TEST_MS = 120_000;

/** One `parley server` of the cluster, with the ports it printed. */
export interface ClusterNode {
  readonly index: number;
  proc: ParleyProcess;
  linePort: number;
  ircPort: number;
  httpUrl: string;
  /** The admin API of this node, signed in as admin. */
  admin: AdminClient;
  readonly dataDir: string;
}

export interface ClusterOptions {
  nodes?: number;
  /** Extra PARLEY_* settings for every node. */
  settings?: Record<string, string>;
  ttlSeconds?: number;
}

/** Settings the tests rely on: no rate limit gets in the way of a test's own traffic. */
const TEST_SETTINGS = {
  PARLEY_ADMIN_PASSWORD: CLUSTER_ADMIN_PASSWORD,
  PARLEY_HTTP_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
  PARLEY_LINE_COMMANDS_PER_SECOND: '1000',
  PARLEY_LINE_COMMAND_BURST: '1000',
  PARLEY_LOGIN_THROTTLE_MAX_FAILURES: '1000',
};

/**
 * N `parley server` processes forming one cluster (SPEC §5): one PostgreSQL test database, one
 * private redis-server, a random cluster.name; each node with its own data dir and ephemeral
 * line, IRC and HTTP ports. Clients logged in through it are closed by `close()`.
 */
export class TestCluster {
  readonly nodes: ClusterNode[] = [];
  readonly name = `parley_test_${randomBytes(4).toString('hex')}`;
  private readonly clients: { close(): void }[] = [];
  private counter = 0;

  private constructor(
    readonly root: string,
    readonly redis: PrivateRedis,
    readonly databaseUrl: string,
    readonly ttlSeconds: number,
    private readonly settings: Record<string, string>,
  ) {}

  static async start(options: ClusterOptions = {}): Promise<TestCluster> {
    const root = makeDataDir();
    const redis = await PrivateRedis.start();
    const databaseUrl = parleyEnv(root).PARLEY_DATABASE_URL!;
    const cluster = new TestCluster(root, redis, databaseUrl, options.ttlSeconds ?? CLUSTER_TTL_SECONDS, options.settings ?? {});
    try {
      // The first node alone runs the migrations and creates admin; the others join it.
      await cluster.addNode();
      await Promise.all(Array.from({ length: (options.nodes ?? 2) - 1 }, () => cluster.addNode()));
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  /** The environment of node `index`: the shared database, Redis and name, its own data dir. */
  envFor(index: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const dataDir = join(this.root, `node${index}`);
    mkdirSync(dataDir, { recursive: true });
    return {
      ...parleyEnv(dataDir),
      PARLEY_DATABASE_URL: this.databaseUrl,
      PARLEY_CLUSTER_REDIS_URL: this.redis.url,
      PARLEY_CLUSTER_NAME: this.name,
      PARLEY_CLUSTER_SESSION_TTL_SECONDS: String(this.ttlSeconds),
      ...TEST_SETTINGS,
      ...this.settings,
      ...extra,
    };
  }

  /** Starts one more node; resolves once its three listeners are up and admin is signed in. */
  async addNode(): Promise<ClusterNode> {
    const index = this.nodes.length;
    const placeholder = { index, dataDir: join(this.root, `node${index}`) } as ClusterNode;
    this.nodes.push(placeholder);
    Object.assign(placeholder, await spawnNode(this.envFor(index)));
    return placeholder;
  }

  /** Creates accounts (a unique suffix on each name) through node 0's admin API; password passwordOf(name). */
  async users(...names: string[]): Promise<string[]> {
    const unique = names.map((name) => `${name}${++this.counter}`);
    for (const username of unique) {
      const response = await this.nodes[0].admin.post('/api/users', { username, password: passwordOf(username) });
      if (response.status !== 201) throw new Error(`creating ${username} answered ${response.status}: ${response.text}`);
    }
    return unique;
  }

  node(which: number | ClusterNode): ClusterNode {
    return typeof which === 'number' ? this.nodes[which] : which;
  }

  /** A raw line-protocol connection to a node, closed with the cluster. */
  async connect(which: number | ClusterNode): Promise<LineClient> {
    return this.track(await LineClient.connect(this.node(which).linePort));
  }

  /** Logs `name` in over the line protocol on a node; resolves once the Welcome line arrived. */
  async login(which: number | ClusterNode, name: string, password = passwordOf(name)): Promise<LineClient> {
    const client = await this.connect(which);
    client.send(name);
    client.send(password);
    await client.expectLine(/^Welcome, /, LINE_TIMEOUT_MS);
    return client;
  }

  /** Logs `name` in over IRC (SASL PLAIN via irc-framework) on a node; resolves after the lobby's NAMES. */
  async ircLogin(which: number | ClusterNode, name: string): Promise<IrcUser> {
    const user = await IrcUser.connect(this.node(which).ircPort, { nick: name, account: { account: name, password: passwordOf(name) } });
    return this.track(user);
  }

  track<T extends { close(): void }>(client: T): T {
    this.clients.push(client);
    return client;
  }

  /** kill -9: the node dies without telling anyone. */
  async kill(which: number | ClusterNode): Promise<void> {
    await this.node(which).proc.kill();
  }

  /** SIGTERM, then waits for the node to exit; resolves with its status. */
  async terminate(which: number | ClusterNode) {
    const node = this.node(which);
    node.proc.signal('SIGTERM');
    return node.proc.waitForExit();
  }

  /** Starts a node that was killed or stopped again (new ports), with its own data dir. */
  async restart(which: number | ClusterNode): Promise<ClusterNode> {
    const node = this.node(which);
    await node.proc.kill();
    Object.assign(node, await spawnNode(this.envFor(node.index)));
    return node;
  }

  stopRedis(): Promise<void> {
    return this.redis.stop();
  }

  restartRedis(): Promise<void> {
    return this.redis.restart();
  }

  /** Closes every client opened through the cluster (between tests). */
  closeClients(): void {
    for (const client of this.clients.splice(0)) client.close();
  }

  /** Kills every node and Redis, removes the data dirs and drops the database. */
  async close(): Promise<void> {
    this.closeClients();
    await Promise.all(this.nodes.filter((node) => node.proc).map((node) => node.proc.kill()));
    await this.redis.stop();
    removeDataDir(this.root);
  }
}

/** The listener lines a node prints; they may come in any order. */
const LISTENERS = {
  linePort: /line protocol listening on 127\.0\.0\.1:(\d+)/,
  ircPort: /irc listening on 127\.0\.0\.1:(\d+)/,
  httpPort: /admin console on http:\/\/127\.0\.0\.1:(\d+)/,
};
const ANY_LISTENER = new RegExp(Object.values(LISTENERS).map((pattern) => pattern.source).join('|'));

async function spawnNode(env: NodeJS.ProcessEnv): Promise<Omit<ClusterNode, 'index' | 'dataDir'>> {
  const proc = ParleyProcess.spawn(['server', '127.0.0.1', '0'], env);
  const ports: Partial<Record<keyof typeof LISTENERS, number>> = {};
  try {
    while (Object.keys(ports).length < 3) {
      const [line] = await proc.expectStdout(ANY_LISTENER);
      for (const [key, pattern] of Object.entries(LISTENERS)) {
        const match = pattern.exec(line);
        if (match) ports[key as keyof typeof LISTENERS] = Number(match[1]);
      }
    }
    const httpUrl = `http://127.0.0.1:${ports.httpPort}`;
    const anonymous = new AdminClient(httpUrl);
    const admin = anonymous.as(await anonymous.login('admin', CLUSTER_ADMIN_PASSWORD));
    return { proc, linePort: ports.linePort!, ircPort: ports.ircPort!, httpUrl, admin };
  } catch (error) {
    await proc.kill();
    throw error;
  }
}

/** Why the cluster suites cannot run here, or undefined when they can. */
export function clusterSkipReason(): string | undefined {
  return hasRedisServer() ? undefined : 'cluster tests skipped: redis-server is not installed (not on PATH)';
}

/** `describe` for a cluster suite, or `describe.skip` with one line saying why. */
export function describeCluster(name: string, body: () => void): void {
  const reason = clusterSkipReason();
  if (reason) {
    console.warn(reason);
    describe.skip(name, body);
  } else {
    describe(name, body);
  }
}

/**
 * One cluster for the enclosing describe block (started in beforeAll, closed in afterAll),
 * its clients closed after each test. Tests that kill or restart nodes start their own.
 */
export function useCluster(options: ClusterOptions = {}): () => TestCluster {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    cluster = await TestCluster.start(options);
  }, CLUSTER_TEST_MS);
  afterEach(() => cluster?.closeClients());
  afterAll(() => cluster?.close(), CLUSTER_TEST_MS);
  return () => {
    if (!cluster) throw new Error('the cluster starts in beforeAll');
    return cluster;
  };
}

/**
 * Polls `probe` until `done` holds for what it resolved with, or `boundMs` passes: only for the
 * time bounds SPEC §5 gives (session_ttl, "within 3 s"), never to wait for an event a client
 * can wait on. Resolves with the value that was done; the error names the last one seen.
 */
export async function within<T>(boundMs: number, what: string, probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + boundMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (done(value)) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${boundMs} ms; last saw ${JSON.stringify(String(last))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The reply to a line-protocol login attempt of `name` on `port`, connection closed after. */
export async function loginReply(port: number, name: string, password = passwordOf(name)): Promise<string> {
  const client = await LineClient.connect(port);
  try {
    client.send(name);
    client.send(password);
    return await client.expectLine(/^Welcome, |Invalid username or password|locked|already logged in|^Error: /, LINE_TIMEOUT_MS);
  } finally {
    client.close();
  }
}
