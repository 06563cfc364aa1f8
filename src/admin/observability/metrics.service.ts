import { Inject, Injectable, Optional } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, LabelValues, Registry } from 'prom-client';
import { SessionControlService } from '../../chat/session-control.service';
import { StoredMessagesRepository } from '../../chat/stored-messages.repository';
import { CLUSTER_SETTINGS } from '../../cluster/cluster-redis';
import { ClusterSettings } from '../../cluster/cluster-settings';
import { NodeIdentity } from '../../cluster/node-identity';
import { ActivityKind } from '../../common/activity';
import { ActivityTally } from '../../common/activity-tally';

const MESSAGE_KINDS = [
  ['broadcast', 'broadcast'],
  ['private', 'private'],
  ['stored', 'stored'],
  ['delivered_from_store', 'delivered-from-store'],
] as const satisfies ReadonlyArray<readonly [string, ActivityKind]>;

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
    tally: ActivityTally,
    sessions: SessionControlService,
    storedMessages: StoredMessagesRepository,
    @Optional() node?: NodeIdentity,
    @Optional() @Inject(CLUSTER_SETTINGS) cluster?: ClusterSettings | null,
  ) {
    if (cluster && node) this.registry.setDefaultLabels({ node: node.id });
    collectDefaultMetrics({ register: this.registry });
    // Counted by the core since the start (this side loads on the first request): each scrape shows its totals.
    const show = (counter: Counter, totals: Array<[LabelValues<string>, ActivityKind]>) => {
      counter.reset();
      for (const [labels, kind] of totals) counter.inc(labels, tally.total(kind));
    };
    new Counter({
      name: 'parley_logins_total',
      help: 'Chat logins by result',
      labelNames: ['result'],
      registers: [this.registry],
      collect() {
        show(this, [
          [{ result: 'ok' }, 'login-ok'],
          [{ result: 'failed' }, 'login-failed'],
        ]);
      },
    });
    new Counter({
      name: 'parley_lockouts_total',
      help: 'Accounts locked by failed logins',
      registers: [this.registry],
      collect() {
        show(this, [[{}, 'lockout']]);
      },
    });
    new Counter({
      name: 'parley_messages_total',
      help: 'Messages by kind: broadcast, private (delivered live), stored (for an offline user), delivered_from_store',
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        show(this, MESSAGE_KINDS.map(([kind, activity]) => [{ kind }, activity]));
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
  }
}

