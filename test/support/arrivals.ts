/** Lets a test helper wait, up to a deadline, for the next piece of input to arrive. */
export class Arrivals {
  private waiters: (() => void)[] = [];

  /** Something arrived (or the source ended): wake everyone waiting. */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves true when woken, false once `deadline` (epoch ms) passes first. */
  waitUntil(deadline: number): Promise<boolean> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), remaining);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
