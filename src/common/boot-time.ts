import { Injectable } from '@nestjs/common';
import { Clock } from './clock';

/** When this server started, by its clock (the admin side, loaded later, reports uptime from it). */
@Injectable()
export class BootTime {
  readonly at: Date;

  constructor(clock: Clock) {
    this.at = clock.now();
  }
}
