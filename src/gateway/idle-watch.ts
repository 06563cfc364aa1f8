export interface IdleLimits {
  timeoutSeconds: number;
  /** How long before the timeout the notice comes. */
  noticeSeconds: number;
}

/** What a session does when it has been idle: the watch calls these (a session can be its own listener). */
export interface IdleListener {
  idleNotice(): void;
  idleTimeout(): void;
}

/**
 * Notices a logged-in session that sends nothing: one timer that reschedules itself from the
 * last activity, so activity costs a timestamp, not a timer per line. The limits may be
 * shared by every session, and the timer holds the watch as its argument, so a watch
 * allocates no closures of its own.
 */
export class IdleWatch {
  private lastActivity = performance.now();
  private noticed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: IdleLimits,
    private readonly listener: IdleListener,
  ) {
    this.schedule((limits.timeoutSeconds - limits.noticeSeconds) * 1000);
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
    const timeoutMs = this.limits.timeoutSeconds * 1000;
    const noticeMs = this.limits.noticeSeconds * 1000;
    const idle = performance.now() - this.lastActivity;
    if (idle >= timeoutMs) {
      this.timer = undefined;
      this.listener.idleTimeout();
      return;
    }
    if (!this.noticed && idle >= timeoutMs - noticeMs) {
      this.noticed = true;
      this.listener.idleNotice();
    }
    this.schedule((this.noticed ? timeoutMs : timeoutMs - noticeMs) - idle);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(IdleWatch.onTimer, Math.max(ms, 0), this);
    this.timer.unref();
  }

  private static onTimer(watch: IdleWatch): void {
    watch.check();
  }
}
