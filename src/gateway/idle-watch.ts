export interface IdleWatchOptions {
  timeoutMs: number;
  /** How long before the timeout the notice comes. */
  noticeMs: number;
  onNotice(): void;
  onTimeout(): void;
}

/**
 * Notices a logged-in session that sends nothing: one timer that reschedules itself from the
 * last activity, so activity costs a timestamp, not a timer per line.
 */
export class IdleWatch {
  private lastActivity = performance.now();
  private noticed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: IdleWatchOptions) {
    this.schedule(options.timeoutMs - options.noticeMs);
  }

  /** `now` is performance.now() when the caller has it. */
  touch(now = performance.now()): void {
    this.lastActivity = now;
    this.noticed = false;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const { timeoutMs, noticeMs } = this.options;
    const idle = performance.now() - this.lastActivity;
    if (idle >= timeoutMs) {
      this.timer = undefined;
      this.options.onTimeout();
      return;
    }
    if (!this.noticed && idle >= timeoutMs - noticeMs) {
      this.noticed = true;
      this.options.onNotice();
    }
    this.schedule((this.noticed ? timeoutMs : timeoutMs - noticeMs) - idle);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => this.check(), Math.max(ms, 0));
    this.timer.unref();
  }
}
