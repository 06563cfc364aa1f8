/** A promise a test settles by hand: put it in a code path to hold that path at a known point. */
export class Gate<T = void> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  /** Resolves once the code under test has reached the gate (called `wait`). */
  readonly reached: Promise<void>;
  private markReached!: () => void;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.reached = new Promise((resolve) => (this.markReached = resolve));
  }

  /** What the code under test passed to wait, if anything (a result it computed before the gate). */
  value: T | undefined;

  /** Called by the code under test: marks the gate reached and waits for the test to open it. */
  wait(value?: T): Promise<T> {
    this.value = value;
    this.markReached();
    return this.promise;
  }
}
