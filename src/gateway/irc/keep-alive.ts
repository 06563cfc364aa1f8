export interface KeepAliveOptions {
  /** Quiet this long: send a PING. */
  intervalMs: number;
  /** No input this long after the PING: the connection is dead. */
  timeoutMs: number;
  onPing(): void;
  onTimeout(): void;
}

/**
 * PINGs a registered client that has gone quiet and gives up when nothing comes back. One
 * timer that reschedules itself from the last input, so input costs a timestamp, not a timer.
 */
export class KeepAlive {
  private lastInput = performance.now();
  private pinged = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: KeepAliveOptions) {
    this.schedule(options.intervalMs);
  }

  /** Any input shows the client is alive; `now` is performance.now() when the caller has it. */
  touch(now = performance.now()): void {
    this.lastInput = now;
    this.pinged = false;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const { intervalMs, timeoutMs } = this.options;
    const quiet = performance.now() - this.lastInput;
    if (this.pinged && quiet >= intervalMs + timeoutMs) {
      this.timer = undefined;
      this.options.onTimeout();
      return;
    }
    if (!this.pinged && quiet >= intervalMs) {
      this.pinged = true;
      this.options.onPing();
    }
    this.schedule((this.pinged ? intervalMs + timeoutMs : intervalMs) - quiet);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => this.check(), Math.max(ms, 0));
    this.timer.unref();
  }
}
