interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Batches work submitted concurrently: while one batch is being committed, new items queue
 * and go together in the next, so they share one statement and one fsync. One batch is in
 * flight at a time, and each caller's promise settles only after its batch was committed.
 * `commit` returns one result per item, in order.
 */
export class GroupCommit<T, R = void> {
  private queue: Waiting<T, R>[] = [];
  private committing = false;

  constructor(
    private readonly commit: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 500,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.committing) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.committing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.commit(batch.map((waiting) => waiting.item));
        batch.forEach((waiting, i) => waiting.resolve(results[i]));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.committing = false;
  }
}
