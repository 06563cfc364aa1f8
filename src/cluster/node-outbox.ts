/** The items bound for one node in one turn, and the promise of the one event that carries them. */
class Batch<T> {
  readonly items: T[] = [];
  readonly sent: Promise<void>;
  settle!: (sending: Promise<void>) => void;

  constructor() {
    this.sent = new Promise<void>((resolve) => (this.settle = resolve));
  }
}

/**
 * Items for other nodes (private messages, their confirmations), gathered per node and sent
 * once per event-loop turn: what one read of many sockets produced leaves in one PUBLISH
 * instead of one each, and the receiving node reads and handles it once. An item waits at
 * most until the turn's check phase. `add` resolves or rejects as the event's send does.
 */
export class NodeOutbox<T> {
  private pending = new Map<string, Batch<T>>();
  private scheduled = false;

  constructor(private readonly send: (node: string, items: T[]) => Promise<void>) {}

  add(node: string, item: T): Promise<void> {
    let batch = this.pending.get(node);
    if (!batch) {
      batch = new Batch<T>();
      this.pending.set(node, batch);
    }
    batch.items.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return batch.sent;
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    for (const [node, batch] of pending) batch.settle(this.sendSafely(node, batch.items));
  }

  private sendSafely(node: string, items: T[]): Promise<void> {
    try {
      return this.send(node, items);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
