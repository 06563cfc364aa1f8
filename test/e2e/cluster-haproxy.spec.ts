import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { LineClient } from '../support/line-client';
import { ClusterNode, clusterSkipReason, LINE_TIMEOUT_MS, TestCluster, within } from '../support/cluster';

const HAPROXY = '/usr/sbin/haproxy';
const TEMPLATE = resolve(__dirname, '..', '..', 'deploy', 'haproxy.cfg');
const CLIENTS = 20;

/** deploy/haproxy.cfg with the test's ports: its bind line, one server line per node, and a stats socket to read. */
function configFor(lbPort: number, nodes: ClusterNode[], statsSocket: string): string {
  let text = readFileSync(TEMPLATE, 'utf8');
  const servers = [...text.matchAll(/^(\s*server (\S+)) \S+ check port \d+$/gm)];
  if (!/^\s*bind \S+$/m.test(text) || servers.length !== nodes.length) throw new Error(`${TEMPLATE} has changed shape`);
  text = text.replace(/^(\s*bind) \S+$/m, `$1 127.0.0.1:${lbPort}`);
  servers.forEach(([line, head], i) => {
    text = text.replace(line, `${head} 127.0.0.1:${nodes[i].linePort} check port ${new URL(nodes[i].httpUrl).port}`);
  });
  return text.replace(/^global$/m, `global\n    stats socket ${statsSocket} level user`);
}

/** One command on HAProxy's stats socket; resolves with the whole answer. */
function statsCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolveAnswer, reject) => {
    const socket = connect(socketPath, () => socket.end(command + '\n'));
    let answer = '';
    socket.setEncoding('utf8').on('data', (text: string) => (answer += text));
    socket.on('end', () => resolveAnswer(answer));
    socket.on('error', reject);
  });
}

/** Established connections on a node's line port, as the kernel counts them (ss). */
function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-tnH', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).length;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

const skipReason = clusterSkipReason() ?? (existsSync(HAPROXY) ? undefined : `cluster HAProxy test skipped: ${HAPROXY} is not installed`);
if (skipReason) process.stderr.write(`${skipReason}\n`);
const describeHaproxy = skipReason ? describe.skip : describe;

/** deploy/haproxy.cfg in front of two nodes: users spread over both, and one chat. */
describeHaproxy('cluster: behind HAProxy (deploy/haproxy.cfg)', () => {
  let cluster: TestCluster;
  let haproxy: ChildProcess | undefined;
  let haproxyErr = '';
  let lbPort = 0;
  let statsSocket = '';

  beforeAll(async () => {
    cluster = await TestCluster.start();
    lbPort = await freePort();
    statsSocket = join(cluster.root, 'haproxy.sock');
    const cfg = join(cluster.root, 'haproxy.cfg');
    writeFileSync(cfg, configFor(lbPort, cluster.nodes, statsSocket));
    haproxy = spawn(HAPROXY, ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
    haproxy.stderr!.setEncoding('utf8').on('data', (text: string) => (haproxyErr += text));
    // Both nodes pass HAProxy's health check (GET /health on their admin port) before users come.
    await within(10_000, 'both nodes UP with an L7 check', () => statsCommand(statsSocket, 'show stat'), (stat) =>
      ['node1', 'node2'].every((name) => new RegExp(`^parley_nodes,${name},.*,UP,.*,L7OK,`, 'm').test(stat)),
    );
  }, 120_000);

  afterAll(async () => {
    cluster?.closeClients();
    if (haproxy && haproxy.exitCode === null) {
      const exited = new Promise((done) => haproxy!.once('exit', done));
      haproxy.kill('SIGKILL');
      await exited;
    }
    await cluster?.close();
  }, 60_000);

  it(`spreads ${CLIENTS} line clients over both nodes, and a broadcast from one reaches the other ${CLIENTS - 1}`, async () => {
    const names = await cluster.users(...Array.from({ length: CLIENTS }, () => 'user'));
    const clients: LineClient[] = [];
    for (const name of names) {
      const client = cluster.track(await LineClient.connect(lbPort));
      client.send(name);
      client.send(`${name.toLowerCase()}-password`);
      await client.expectLine(/^Welcome, /, LINE_TIMEOUT_MS);
      clients.push(client);
    }

    const perNode = cluster.nodes.map((node) => connectionsTo(node.linePort));
    expect(perNode.reduce((sum, count) => sum + count, 0)).toBe(CLIENTS);
    // roundrobin: every node gets its share.
    expect(perNode).toEqual([CLIENTS / 2, CLIENTS / 2]);
    const sessions = await cluster.nodes[0].admin.get('/api/sessions?limit=100');
    expect((sessions.body.items as { username: string }[]).map((session) => session.username).sort()).toEqual(
      expect.arrayContaining([...names].sort()),
    );

    clients[0].send('broadcast hello through haproxy');
    for (const client of clients.slice(1)) {
      await client.expectLine(new RegExp(`^${names[0]} \\(broadcast\\): hello through haproxy$`), LINE_TIMEOUT_MS);
    }
    await clients[0].expectNoLine(/could not be delivered|hello through haproxy/);
    expect(haproxyErr).not.toMatch(/is DOWN|no server available/);
  }, 120_000);
});
