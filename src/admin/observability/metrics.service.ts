import { Inject, Injectable, Optional } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { SessionControlService } from '../../chat/session-control.service';
import { StoredMessagesRepository } from '../../chat/stored-messages.repository';
import { CLUSTER_SETTINGS } from '../../cluster/cluster-redis';
import { ClusterSettings } from '../../cluster/cluster-settings';
import { NodeIdentity } from '../../cluster/node-identity';
import { Activity, ActivityKind } from '../../common/activity';

const MESSAGE_KINDS = ['broadcast', 'private', 'stored', 'delivered_from_store'] as const;
type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * Prometheus metrics. Each app has its own registry (tests run several servers in one
 * process). Node's default metrics include the event-loop lag (nodejs_eventloop_lag_*). In
 * cluster mode every series carries the label node="NODE ID", so one scrape config can take
 * every node and the series stay apart.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor(
    activity: Activity,
    sessions: SessionControlService,
    storedMessages: StoredMessagesRepository,
    @Optional() node?: NodeIdentity,
    @Optional() @Inject(CLUSTER_SETTINGS) cluster?: ClusterSettings | null,
  ) {
    if (cluster && node) this.registry.setDefaultLabels({ node: node.id });
    collectDefaultMetrics({ register: this.registry });
    const logins = new Counter({
      name: 'parley_logins_total',
      help: 'Chat logins by result',
      labelNames: ['result'],
      registers: [this.registry],
    });
    const lockouts = new Counter({
      name: 'parley_lockouts_total',
      help: 'Accounts locked by failed logins',
      registers: [this.registry],
    });
    // Messages are counted on the live path: a tally there, handed to the counter when it is read.
    const tally: Record<MessageKind, number> = { broadcast: 0, private: 0, stored: 0, delivered_from_store: 0 };
    const messages = new Counter({
      name: 'parley_messages_total',
      help: 'Messages by kind: broadcast, private (delivered live), stored (for an offline user), delivered_from_store',
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        for (const kind of MESSAGE_KINDS) {
          if (tally[kind] > 0) this.inc({ kind }, tally[kind]);
          tally[kind] = 0;
        }
      },
    });
    new Gauge({
      name: 'parley_sessions_online',
      help: 'Logged-in sessions on this node (sum over the node label for a cluster)',
      registers: [this.registry],
      collect() {
        this.set(sessions.online().length);
      },
    });
    new Gauge({
      name: 'parley_stored_messages',
      help: 'Stored messages waiting for delivery',
      registers: [this.registry],
      async collect() {
        this.set(await storedMessages.countAll());
      },
    });
    for (const result of ['ok', 'failed']) logins.inc({ result }, 0);
    for (const kind of MESSAGE_KINDS) messages.inc({ kind }, 0);

    const count: Record<ActivityKind, (n: number) => void> = {
      'login-ok': (n) => logins.inc({ result: 'ok' }, n),
      'login-failed': (n) => logins.inc({ result: 'failed' }, n),
      lockout: (n) => lockouts.inc(n),
      broadcast: (n) => (tally.broadcast += n),
      private: (n) => (tally.private += n),
      stored: (n) => (tally.stored += n),
      'delivered-from-store': (n) => (tally.delivered_from_store += n),
    };
    activity.listen((kind, n) => count[kind](n));
  }
}
