import Redis from 'ioredis';
import { BlockList } from '../../src/chat/block-list';
import { InProcessChatBus } from '../../src/chat/chat-bus';
import { ChatEvent, SessionEndpoint } from '../../src/chat/chat-events';
import { ChatSession } from '../../src/chat/chat-session';
import { Roster } from '../../src/chat/roster';
import { SessionRegistry } from '../../src/chat/session-registry';
import { createBus } from '../../src/cluster/cluster-bus';
import { ClusterLink } from '../../src/cluster/cluster-link';
import { ClusterSettings } from '../../src/cluster/cluster-settings';
import { ClusterTransport } from '../../src/cluster/cluster-transport';
import { NodeIdentity } from '../../src/cluster/node-identity';
import { Gate } from '../support/deferred-gate';
import { hasRedisServer, PrivateRedis } from '../support/private-redis';

const describeRedis = hasRedisServer() ? describe : describe.skip;

/** A transport whose confirmations wait at a gate: a confirmation that comes late, on demand. */
class GatedTransport extends ClusterTransport {
  confirmGate: Gate | undefined;
  confirmEmits = 0;
  privateEmits = 0;

  override async emit(channel: string, data: unknown): Promise<void> {
    if ((data as { kind: string }).kind === 'privates') this.privateEmits++;
    if ((data as { kind: string }).kind !== 'confirms') return super.emit(channel, data);
    this.confirmEmits++;
    if (this.confirmGate) await this.confirmGate.wait();
    return super.emit(channel, data);
  }
}

interface TestNode {
  link: ClusterLink;
  transport: GatedTransport;
  registry: SessionRegistry;
  redis: Redis;
}

/** Two ClusterLinks on a real private redis-server, each with its own registry: two nodes in one process. */
describeRedis('ClusterLink: private messages between nodes', () => {
  let server: PrivateRedis;
  let nodes: TestNode[] = [];
  let run = 0;

  beforeAll(async () => {
    server = await PrivateRedis.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  afterEach(async () => {
    for (const node of nodes) {
      await node.link.onApplicationShutdown(); // closes the transport's client and server
      node.redis.disconnect();
    }
    nodes = [];
  });

  async function startNode(settings: ClusterSettings): Promise<TestNode> {
    const redis = new Redis(server.url, { enableOfflineQueue: false });
    await new Promise((resolve) => redis.once('ready', resolve));
    const transport = new GatedTransport(createBus(settings));
    const bus = new InProcessChatBus();
    const registry = new SessionRegistry(bus);
    const blocks = new BlockList({ allPairs: async () => [] } as never);
    const link = new ClusterLink(settings, redis, transport, new NodeIdentity(), registry, new Roster(), blocks, bus);
    await link.onModuleInit();
    await transport.listen();
    const node = { link, transport, registry, redis };
    nodes.push(node);
    return node;
  }

  function online(node: TestNode, name: string, received: ChatEvent[]): ChatSession {
    const endpoint: SessionEndpoint = { protocol: 'line', remoteAddress: '127.0.0.1', deliver: (event) => received.push(event), disconnect: () => {} };
    const hold = { maxBytes: 1 << 20, queuedBytes: () => 0, now: () => new Date(), onOverflow: () => {} };
    const session = new ChatSession(1, name, name, endpoint, new Date(), hold);
    node.registry.claim(session);
    session.goLive();
    return session;
  }

  it('a confirmation that comes after the timeout: the sender stores the message, the recipient node shows it once and knows its id', async () => {
    const settings = { redisUrl: server.url, name: `link${++run}`, sessionTtlMs: 60_000 };
    const [a, b] = [await startNode(settings), await startNode(settings)];
    const received: ChatEvent[] = [];
    online(b, 'bob', received);
    const bob = { key: 'bob', name: 'bob', node: b.link.node, since: new Date(), protocol: 'line', remoteAddress: '127.0.0.1' };
    a.link.confirmTimeoutMs = 50;
    b.transport.confirmGate = new Gate();
    const event: ChatEvent = { type: 'private', from: 'alice', text: 'hi' };

    const id = a.link.newMessageId();
    const sent = a.link.sendPrivate(id, bob, 'alice', event);
    await b.transport.confirmGate.reached; // bob's node has shown it, its confirmation is held
    expect(await sent).toBe('timeout'); // so alice's node stores it (with this id)
    expect(received).toEqual([event]);
    expect(b.link.shown.has(id)).toBe(true); // the handover of the stored copy skips it

    // The same message again (a retried delivery): confirmed, never shown twice.
    b.transport.confirmGate.resolve();
    b.transport.confirmGate = undefined;
    a.link.confirmTimeoutMs = 10_000;
    expect(await a.link.sendPrivate(id, bob, 'alice', event)).toBe('delivered');
    expect(received).toEqual([event]);
  });

  it('a recipient who is not on that node any more: the sender hears "absent" and stores it', async () => {
    const settings = { redisUrl: server.url, name: `link${++run}`, sessionTtlMs: 60_000 };
    const [a, b] = [await startNode(settings), await startNode(settings)];
    const gone = { key: 'bob', name: 'bob', node: b.link.node, since: new Date(), protocol: 'line', remoteAddress: '127.0.0.1' };
    expect(await a.link.sendPrivate(a.link.newMessageId(), gone, 'alice', { type: 'private', from: 'alice', text: 'hi' })).toBe('absent');
  });

  it('private messages sent together leave in one event and are confirmed in batches, each with its own status', async () => {
    const settings = { redisUrl: server.url, name: `link${++run}`, sessionTtlMs: 60_000 };
    const [a, b] = [await startNode(settings), await startNode(settings)];
    const received: ChatEvent[] = [];
    online(b, 'bob', received);
    const remote = (key: string) => ({ key, name: key, node: b.link.node, since: new Date(), protocol: 'line', remoteAddress: '127.0.0.1' });
    const events: ChatEvent[] = [1, 2, 3].map((n) => ({ type: 'private', from: 'alice', text: `hi ${n}` }));

    const sent = [
      ...events.map((event) => a.link.sendPrivate(a.link.newMessageId(), remote('bob'), 'alice', event)),
      a.link.sendPrivate(a.link.newMessageId(), remote('carol'), 'alice', events[0]),
    ];
    expect(await Promise.all(sent)).toEqual(['delivered', 'delivered', 'delivered', 'absent']);
    expect(received).toEqual(events);
    expect(a.transport.privateEmits).toBe(1);
    expect(b.transport.confirmEmits).toBe(1);
  });
});
