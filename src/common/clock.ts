/** The time source; injected so lockout and presence windows can be tested with a fake clock. */
export abstract class Clock {
  abstract now(): Date;

  /** now() in milliseconds since the epoch, for counters that need no Date. */
  millis(): number {
    return this.now().getTime();
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }

  millis(): number {
    return Date.now();
  }
}
