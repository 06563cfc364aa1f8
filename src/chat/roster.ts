/** A session on another node of the cluster, as this node knows it from the bus. */
export interface RemoteSession {
  readonly key: string;
  readonly name: string;
  readonly node: string;
  readonly since: Date;
  readonly protocol: string;
  readonly remoteAddress: string;
}

/**
 * Who is online on the other nodes, kept in memory from presence events (and a snapshot of the
 * claims at start and after Redis returns), so the live path reads it without a round trip.
 * Always empty on a single server.
 */
export class Roster {
  private readonly remote = new Map<string, RemoteSession>();

  find(key: string): RemoteSession | undefined {
    return this.remote.get(key);
  }

  all(): IterableIterator<RemoteSession> {
    return this.remote.values();
  }

  get size(): number {
    return this.remote.size;
  }

  add(entry: RemoteSession): void {
    this.remote.set(entry.key, entry);
  }

  /** Removes the user's entry if it is still the one of that node; returns the entry removed. */
  remove(key: string, node: string): RemoteSession | undefined {
    const entry = this.remote.get(key);
    if (!entry || entry.node !== node) return undefined;
    this.remote.delete(key);
    return entry;
  }

  nodes(): Set<string> {
    return new Set([...this.remote.values()].map((entry) => entry.node));
  }

  /** Removes every entry of a node; returns them. */
  removeNode(node: string): RemoteSession[] {
    const gone = [...this.remote.values()].filter((entry) => entry.node === node);
    for (const entry of gone) this.remote.delete(entry.key);
    return gone;
  }
}
