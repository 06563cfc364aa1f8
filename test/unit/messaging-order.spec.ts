import { AccountsService } from '../../src/accounts/accounts.service';
import { Activity } from '../../src/common/activity';
import { BlockList } from '../../src/chat/block-list';
import { InProcessChatBus } from '../../src/chat/chat-bus';
import { ChatEvent, SessionEndpoint } from '../../src/chat/chat-events';
import { ChatSession } from '../../src/chat/chat-session';
import { MessagingService } from '../../src/chat/messaging.service';
import { SessionRegistry } from '../../src/chat/session-registry';
import { StoredMessagesService } from '../../src/chat/stored-messages.service';
import { ClusterLink } from '../../src/cluster/cluster-link';
import { ClusterTransport } from '../../src/cluster/cluster-transport';
import { NodeIdentity } from '../../src/cluster/node-identity';
import { Roster } from '../../src/chat/roster';

function endpoint(received: ChatEvent[]): SessionEndpoint {
  return { protocol: 'test', remoteAddress: '127.0.0.1', deliver: (event) => received.push(event), disconnect: () => {} };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A front door may send a user's next private message before the previous one is answered
 * (the line gateway pipelines them). The core keeps one sender's messages in order.
 */
describe('MessagingService: one sender, messages in flight', () => {
  function setUp() {
    const bus = new InProcessChatBus();
    const registry = new SessionRegistry(bus);
    const commits: { recipient: string; text: string; commit(): void }[] = [];
    const stored = {
      store: (_sender: ChatSession, recipient: string, text: string) =>
        new Promise<string>((resolve) => commits.push({ recipient, text, commit: () => resolve(recipient) })),
    } as unknown as StoredMessagesService;
    const blocks = { has: () => false } as unknown as BlockList;
    const activity = { record: () => {} } as unknown as Activity;
    const single = new ClusterLink(null, null, new ClusterTransport(null), new NodeIdentity(), registry, new Roster(), blocks, bus);
    const messaging = new MessagingService(registry, blocks, bus, {} as AccountsService, stored, activity, single);
    const online = (id: number, name: string, received: ChatEvent[] = []) => {
      const hold = { maxBytes: 1 << 20, queuedBytes: () => 0, now: () => new Date(), onOverflow: () => {} };
      const session = new ChatSession(id, name, name, endpoint(received), new Date(), hold);
      registry.claim(session);
      session.goLive();
      return session;
    };
    return { messaging, commits, online };
  }

  it('queues stored messages for their commits in the order they were sent, without waiting for each', async () => {
    const { messaging, commits, online } = setUp();
    const alice = online(1, 'alice');
    const answers = ['one', 'two', 'three'].map((text) => messaging.sendPrivate(alice, 'bob', text));
    expect(commits.map((c) => c.text)).toEqual(['one', 'two', 'three']);
    for (const c of commits) c.commit();
    expect((await Promise.all(answers)).map((a) => a.status)).toEqual(['stored', 'stored', 'stored']);
  });

  it('delivers a message to someone online only after the sender’s earlier stored message has committed', async () => {
    const { messaging, commits, online } = setUp();
    const alice = online(1, 'alice');
    const stored = messaging.sendPrivate(alice, 'bob', 'while you were away');
    const bobSees: ChatEvent[] = [];
    online(2, 'bob', bobSees); // bob logs in before that commit
    const live = messaging.sendPrivate(alice, 'bob', 'welcome back');
    await turn();
    expect(bobSees).toEqual([]);

    commits[0].commit();
    expect(await stored).toEqual({ status: 'stored', recipient: 'bob' });
    expect(await live).toEqual({ status: 'delivered', recipient: 'bob' });
    expect(bobSees).toEqual([{ type: 'private', from: 'alice', text: 'welcome back' }]);
  });

  it('sendPrivateNow delivers to someone online at once, and defers to sendPrivate while a stored message commits', async () => {
    const { messaging, commits, online } = setUp();
    const alice = online(1, 'alice');
    expect(messaging.sendPrivateNow(alice, 'bob', 'are you there?')).toBeUndefined(); // offline: nothing sent
    expect(commits).toEqual([]);
    const stored = messaging.sendPrivate(alice, 'bob', 'while you were away');
    const bobSees: ChatEvent[] = [];
    online(2, 'bob', bobSees);
    expect(messaging.sendPrivateNow(alice, 'Bob', 'welcome back')).toBeUndefined(); // the stored one first
    expect(bobSees).toEqual([]);
    commits[0].commit();
    await stored;
    expect(messaging.sendPrivateNow(alice, 'Bob', 'welcome back')).toEqual({ status: 'delivered', recipient: 'bob' });
    expect(bobSees).toEqual([{ type: 'private', from: 'alice', text: 'welcome back' }]);
    expect(() => messaging.sendPrivateNow(alice, 'ALICE', 'me')).toThrow();
  });
});
