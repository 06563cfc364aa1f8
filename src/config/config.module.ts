import { DynamicModule, Global, Module } from '@nestjs/common';
import { Activity } from '../common/activity';
import { ActivityTally } from '../common/activity-tally';
import { BootTime } from '../common/boot-time';
import { Clock, SystemClock } from '../common/clock';
import { PASSWORD_HASHER_OVERRIDE, PasswordHasher } from '../accounts/password-hasher';
import { PARLEY_CONFIG, ParleyConfig } from './config.schema';

/** Provides the validated configuration, the clock (and a test's password hasher), the boot time and the activity counters to every module. */
@Global()
@Module({})
export class ParleyConfigModule {
  static forRoot(config: ParleyConfig, clock: Clock = new SystemClock(), hasher?: PasswordHasher): DynamicModule {
    return {
      module: ParleyConfigModule,
      providers: [
        { provide: PARLEY_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: PASSWORD_HASHER_OVERRIDE, useValue: hasher ?? null },
        Activity,
        ActivityTally,
        BootTime,
      ],
      exports: [PARLEY_CONFIG, Clock, PASSWORD_HASHER_OVERRIDE, Activity, ActivityTally, BootTime],
    };
  }
}
