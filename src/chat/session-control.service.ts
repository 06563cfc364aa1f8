import { Injectable } from '@nestjs/common';
import { usernameKey } from '../accounts/username';
import { ClusterLink } from '../cluster/cluster-link';
import { ChatBus } from './chat-bus';
import { ChatSession } from './chat-session';
import { SessionRegistry } from './session-registry';

/** A session anywhere in the cluster, as the admin API lists it. */
export interface SessionView {
  key: string;
  name: string;
  since: Date;
  protocol: string;
  remoteAddress: string;
  node: string;
}

/** What operators do to live sessions, whatever protocol they came in on. */
@Injectable()
export class SessionControlService {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly bus: ChatBus,
    private readonly cluster: ClusterLink,
  ) {}

  /** This node's sessions. */
  online(): ChatSession[] {
    return [...this.registry.all()];
  }

  /** Every session in the cluster (this node's only, on a single server). */
  everyone(): SessionView[] {
    const views: SessionView[] = this.online().map((session) => ({
      key: session.key,
      name: session.name,
      since: session.since,
      protocol: session.endpoint.protocol,
      remoteAddress: session.endpoint.remoteAddress,
      node: this.cluster.node,
    }));
    for (const remote of this.cluster.roster.all()) views.push({ ...remote });
    return views;
  }

  find(name: string): ChatSession | undefined {
    return this.registry.get(usernameKey(name));
  }

  /** Tells the user why, then ends the session; the others see them log out. Returns the session ended, if any. */
  kick(name: string, notice: string): { name: string } | undefined {
    const session = this.find(name);
    const remote = session ? undefined : this.cluster.roster.find(usernameKey(name));
    if (remote) this.cluster.kick(remote.key, notice);
    if (!session) return remote;
    session.endpoint.deliver({ type: 'notice', text: notice });
    session.endpoint.disconnect('kicked');
    return session;
  }

  /** Sends an announcement to everyone online; returns how many sessions it reached. */
  announce(text: string): number {
    const to = this.online().map((session) => session.key);
    if (to.length > 0) this.bus.publish({ to, event: { type: 'announcement', text } });
    if (!this.cluster.enabled) return to.length;
    this.cluster.announce(text);
    return to.length + this.cluster.roster.size;
  }
}
