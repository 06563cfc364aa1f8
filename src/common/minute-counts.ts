export const MINUTE_MS = 60_000;

export interface MinuteBucket {
  logins: number;
  messages: number;
}

export interface MinuteCount {
  minute: Date;
  logins: number;
  messages: number;
}

/** Logins and messages per minute over the last `minutes` minutes, kept in a ring. */
export class MinuteCounts {
  private readonly buckets = new Map<number, MinuteBucket>();

  constructor(private readonly minutes = 60) {}

  /** The counts of the minute holding `atMs` (milliseconds since the epoch), to add to. */
  bucketAt(atMs: number): MinuteBucket {
    const minute = Math.floor(atMs / MINUTE_MS);
    let bucket = this.buckets.get(minute);
    if (!bucket) {
      this.buckets.set(minute, (bucket = { logins: 0, messages: 0 }));
      this.forgetBefore(minute - this.minutes + 1);
    }
    return bucket;
  }

  /** Every minute of the window ending at `now`, oldest first, zeros included. */
  window(now: Date): MinuteCount[] {
    const last = Math.floor(now.getTime() / MINUTE_MS);
    const counts: MinuteCount[] = [];
    for (let minute = last - this.minutes + 1; minute <= last; minute++) {
      const bucket = this.buckets.get(minute);
      counts.push({ minute: new Date(minute * MINUTE_MS), logins: bucket?.logins ?? 0, messages: bucket?.messages ?? 0 });
    }
    return counts;
  }

  private forgetBefore(minute: number): void {
    for (const key of this.buckets.keys()) if (key < minute) this.buckets.delete(key);
  }
}
