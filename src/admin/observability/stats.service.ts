import { Injectable } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service';
import { SessionControlService } from '../../chat/session-control.service';
import { StoredMessagesRepository } from '../../chat/stored-messages.repository';
import { ActivityTally } from '../../common/activity-tally';
import { PARLEY_VERSION } from '../../common/version';
import { isoDate } from '../dto/dates';
import { StatsDto } from '../dto/resources.dto';

/** What the console's dashboard shows, from live counters and the database. */
@Injectable()
export class StatsService {
  constructor(
    private readonly tally: ActivityTally,
    private readonly accounts: AccountsService,
    private readonly sessions: SessionControlService,
    private readonly storedMessages: StoredMessagesRepository,
  ) {}

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
      perMinute: this.tally
        .lastHour()
        .map(({ minute, logins, messages }) => ({ minute: isoDate(minute), logins, messages })),
    };
  }
}
