import { BlockList } from '../chat/block-list';
import { ChatBus } from '../chat/chat-bus';
import { ChatEvent } from '../chat/chat-events';
import { RemoteSession, Roster } from '../chat/roster';
import { SessionRegistry } from '../chat/session-registry';

/** A claim as read from Redis: enough to show the session. */
export interface ClaimEntry {
  key: string;
  node: string;
  name: string;
  since: string;
  protocol: string;
  remoteAddress: string;
}

export interface PresenceChange extends ClaimEntry {
  online: boolean;
}

/** What bus events do on this node: the roster kept up to date, and this node's sessions told, blocks applied. */
export class LocalView {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly roster: Roster,
    private readonly blocks: BlockList,
    private readonly local: ChatBus,
  ) {}

  /** Delivers to this node's sessions that `accept` lets through. */
  deliver(accept: (key: string) => boolean, event: ChatEvent): void {
    const to: string[] = [];
    for (const session of this.registry.all()) if (accept(session.key)) to.push(session.key);
    if (to.length > 0) this.local.publish({ to, event });
  }

  /** A user logged in or out on another node. */
  presence(change: PresenceChange): void {
    const { key, name, node, online } = change;
    if (online) {
      this.roster.add({ key, name, node, since: new Date(change.since), protocol: change.protocol, remoteAddress: change.remoteAddress });
    } else if (!this.roster.remove(key, node)) return;
    this.deliver((other) => !this.blocks.eitherWay(other, key), { type: 'presence', user: name, online });
  }

  /** Users of a node that is gone: shown logged out to this node's sessions. */
  showGone(gone: RemoteSession[]): void {
    for (const entry of gone) {
      this.deliver((other) => !this.blocks.eitherWay(other, entry.key), { type: 'presence', user: entry.name, online: false });
    }
  }

  /** Rebuilds the roster from the claims; users who came or went meanwhile are shown so. */
  replace(entries: ClaimEntry[], self: string): void {
    const fresh = new Map(entries.filter((entry) => entry.node !== self).map((entry) => [entry.key, entry]));
    for (const old of [...this.roster.all()]) {
      if (fresh.get(old.key)?.node === old.node) continue;
      this.roster.remove(old.key, old.node);
      this.showGone([old]);
    }
    for (const entry of fresh.values()) {
      if (this.roster.find(entry.key) || this.registry.get(entry.key)) continue;
      this.presence({ ...entry, online: true });
    }
  }

  /** Ends a local session with a notice (a kick from another node, or a claim lost). */
  kick(key: string, notice: string): void {
    const session = this.registry.get(key);
    if (!session) return;
    session.endpoint.deliver({ type: 'notice', text: notice });
    session.endpoint.disconnect('kicked');
  }
}
