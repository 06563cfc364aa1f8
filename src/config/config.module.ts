import { DynamicModule, Global, Module } from '@nestjs/common';
import { Activity } from '../common/activity';
import { Clock, SystemClock } from '../common/clock';
import { PARLEY_CONFIG, ParleyConfig } from './config.schema';

/** Provides the validated configuration, the clock and the activity counters to every module. */
@Global()
@Module({})
export class ParleyConfigModule {
  static forRoot(config: ParleyConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: ParleyConfigModule,
      providers: [
        { provide: PARLEY_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        Activity,
      ],
      exports: [PARLEY_CONFIG, Clock, Activity],
    };
  }
}
