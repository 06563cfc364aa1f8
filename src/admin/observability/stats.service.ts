import { Injectable } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service';
import { SessionControlService } from '../../chat/session-control.service';
import { StoredMessagesRepository } from '../../chat/stored-messages.repository';
import { Activity, ActivityKind } from '../../common/activity';
import { Clock } from '../../common/clock';
import { PARLEY_VERSION } from '../../common/version';
import { isoDate } from '../dto/dates';
import { StatsDto } from '../dto/resources.dto';
import { MinuteCounts } from './minute-counts';

const MESSAGE_KINDS = new Set<ActivityKind>(['broadcast', 'private', 'stored']);

/** What the console's dashboard shows, from live counters and the database. */
@Injectable()
export class StatsService {
  private readonly perMinute = new MinuteCounts(60);

  constructor(
    activity: Activity,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
    private readonly sessions: SessionControlService,
    private readonly storedMessages: StoredMessagesRepository,
  ) {
    activity.listen((kind, count) => {
      if (kind === 'login-ok') this.perMinute.add(this.clock.millis(), 'logins', count);
      else if (MESSAGE_KINDS.has(kind)) this.perMinute.add(this.clock.millis(), 'messages', count);
    });
  }

  async snapshot(): Promise<StatsDto> {
    const [lockedAccounts, storedMessages] = await Promise.all([
      this.accounts.countLockedUsers(),
      this.storedMessages.countAll(),
    ]);
    return {
      version: PARLEY_VERSION,
      online: this.sessions.everyone().length,
      lockedAccounts,
      storedMessages,
      perMinute: this.perMinute
        .window(this.clock.now())
        .map(({ minute, logins, messages }) => ({ minute: isoDate(minute), logins, messages })),
    };
  }
}
