import { Injectable } from '@nestjs/common';
import { debounceTime, distinctUntilChanged, exhaustMap, from, map, merge, Observable, shareReplay, Subject, timer } from 'rxjs';
import { SessionControlService } from '../../chat/session-control.service';
import { Activity } from '../../common/activity';
import { AdminUsersService } from '../admin-users.service';
import { SessionDto } from '../dto/resources.dto';
import { StatsService } from '../observability/stats.service';
import { toSessionDto } from '../sessions.controller';
import { LiveSnapshotDto } from './live.dto';

/** How often the state is compared with the last one pushed; activity in the core pushes sooner. */
export const LIVE_CHECK_MS = 1000;

/**
 * The console's live state (sessions, lockouts, stored-queue counts) as one shared stream:
 * computed once per check for all open consoles, and passed on only when it changed.
 */
@Injectable()
export class LiveService {
  private readonly activity = new Subject<void>();
  readonly snapshots: Observable<LiveSnapshotDto>;

  constructor(
    activity: Activity,
    private readonly sessions: SessionControlService,
    private readonly users: AdminUsersService,
    private readonly stats: StatsService,
  ) {
    // Only an open console listens; without one, activity in the core costs nothing here.
    activity.listen(() => {
      if (this.activity.observed) this.activity.next();
    });
    this.snapshots = merge(timer(0, LIVE_CHECK_MS), this.activity.pipe(debounceTime(50))).pipe(
      exhaustMap(() => from(this.snapshot())),
      map((snapshot) => ({ snapshot, signature: signatureOf(snapshot) })),
      distinctUntilChanged((a, b) => a.signature === b.signature),
      map(({ snapshot }) => snapshot),
      // The last snapshot goes to each new console at once; the checks stop when none is open.
      shareReplay({ bufferSize: 1, refCount: true }),
    );
  }

  async snapshot(): Promise<LiveSnapshotDto> {
    const [stats, lockouts] = await Promise.all([this.stats.snapshot(), this.users.lockouts()]);
    return { stats, sessions: this.sessionList(), lockouts };
  }

  sessionList(): SessionDto[] {
    return this.sessions
      .everyone()
      .sort((a, b) => a.key.localeCompare(b.key))
      .map(toSessionDto);
  }
}

/** Seconds remaining tick down every second; the console counts them down itself. */
function signatureOf(snapshot: LiveSnapshotDto): string {
  const lockouts = snapshot.lockouts.map(({ username, lockedUntil, failedAttempts }) => [username, lockedUntil, failedAttempts]);
  return JSON.stringify([snapshot.stats, snapshot.sessions, lockouts]);
}
