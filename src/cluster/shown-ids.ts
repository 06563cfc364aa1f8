const GENERATION_MS = 10 * 60_000;

/**
 * Ids of private messages this node showed to its users (live or from the store), kept for
 * 10 to 20 minutes: far longer than a confirmation can be late, and bounded in memory.
 */
export class ShownIds {
  private current = new Set<string>();
  private previous = new Set<string>();
  private rotatedAt = Date.now();

  add(id: string): void {
    this.rotate();
    this.current.add(id);
  }

  has(id: string): boolean {
    this.rotate();
    return this.current.has(id) || this.previous.has(id);
  }

  private rotate(): void {
    const now = Date.now();
    if (now - this.rotatedAt < GENERATION_MS) return;
    this.previous = now - this.rotatedAt < 2 * GENERATION_MS ? this.current : new Set();
    this.current = new Set();
    this.rotatedAt = now;
  }
}
