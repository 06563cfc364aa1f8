import { Injectable } from '@nestjs/common';
import { Activity, ActivityKind } from './activity';
import { Clock } from './clock';
import { MINUTE_MS, MinuteBucket, MinuteCount, MinuteCounts } from './minute-counts';

const MESSAGE_KINDS = new Set<ActivityKind>(['broadcast', 'private', 'stored']);

/**
 * The core's counts since the server started: totals per kind (for the metrics) and logins and
 * messages per minute over the last hour (for the dashboard). Kept here, not in the admin side,
 * because the admin side loads on its first request and must still see what happened before.
 */
@Injectable()
export class ActivityTally {
  private readonly totals = new Map<ActivityKind, number>();
  private readonly perMinute = new MinuteCounts(60);
  /**
   * The bucket of the minute under way, dropped by a timer when that minute ends: a message
   * is counted without reading the clock (a call into the runtime per message).
   */
  private thisMinute: MinuteBucket | undefined;

  constructor(activity: Activity, private readonly clock: Clock) {
    activity.listen((kind, count) => this.add(kind, count));
  }

  total(kind: ActivityKind): number {
    return this.totals.get(kind) ?? 0;
  }

  /** Every minute of the last hour, oldest first, zeros included. */
  lastHour(): MinuteCount[] {
    return this.perMinute.window(this.clock.now());
  }

  private add(kind: ActivityKind, count: number): void {
    this.totals.set(kind, this.total(kind) + count);
    if (kind === 'login-ok') this.minuteBucket().logins += count;
    else if (MESSAGE_KINDS.has(kind)) this.minuteBucket().messages += count;
  }

  private minuteBucket(): MinuteBucket {
    if (this.thisMinute) return this.thisMinute;
    const now = this.clock.millis();
    const bucket = this.perMinute.bucketAt(now);
    this.thisMinute = bucket;
    setTimeout(() => (this.thisMinute = undefined), MINUTE_MS - (now % MINUTE_MS)).unref();
    return bucket;
  }
}
