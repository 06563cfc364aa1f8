import { PrivateDelivery } from './cluster-events';

export interface Confirmation {
  readonly id: string;
  readonly status: PrivateDelivery;
}

/**
 * Confirmations of private messages from other nodes, gathered per sending node and sent once
 * per event-loop turn: the messages of one Redis read are confirmed with one PUBLISH instead
 * of one each. A confirmation waits at most until the turn's check phase, far inside the
 * sender's confirm timeout.
 */
export class ConfirmOutbox {
  private pending = new Map<string, Confirmation[]>();
  private scheduled = false;

  constructor(private readonly send: (node: string, confirms: Confirmation[]) => void) {}

  add(node: string, confirmation: Confirmation): void {
    const list = this.pending.get(node);
    if (list) list.push(confirmation);
    else this.pending.set(node, [confirmation]);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    for (const [node, confirms] of pending) this.send(node, confirms);
  }
}
