/**
 * Stored messages written to their recipient's socket whose delete has not committed yet
 * (a locked database, say). They are never handed over again by this process, and their
 * delete is retried until it commits.
 */
export class DeliveredLedger {
  private readonly idsByRecipient = new Map<number, Set<number>>();

  add(recipientId: number, ids: number[]): void {
    let set = this.idsByRecipient.get(recipientId);
    if (!set) this.idsByRecipient.set(recipientId, (set = new Set()));
    for (const id of ids) set.add(id);
  }

  /** The delete of these ids committed. */
  remove(recipientId: number, ids: number[]): void {
    const set = this.idsByRecipient.get(recipientId);
    if (!set) return;
    for (const id of ids) set.delete(id);
    if (set.size === 0) this.idsByRecipient.delete(recipientId);
  }

  has(recipientId: number, id: number): boolean {
    return this.idsByRecipient.get(recipientId)?.has(id) ?? false;
  }

  idsOf(recipientId: number): number[] {
    return [...(this.idsByRecipient.get(recipientId) ?? [])];
  }

  recipients(): number[] {
    return [...this.idsByRecipient.keys()];
  }
}
