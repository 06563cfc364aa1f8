import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock';
import { PARLEY_CONFIG, ParleyConfig } from './config.schema';

/** Provides the validated configuration and the clock to every module. */
@Global()
@Module({})
export class ParleyConfigModule {
  static forRoot(config: ParleyConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: ParleyConfigModule,
      providers: [
        { provide: PARLEY_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [PARLEY_CONFIG, Clock],
    };
  }
}
