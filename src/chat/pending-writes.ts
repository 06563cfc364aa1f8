import { Injectable, Logger } from '@nestjs/common';

/** Write-behind database work (presence history) that shutdown must wait for. */
@Injectable()
export class PendingWrites {
  private readonly logger = new Logger('PendingWrites');
  private readonly inFlight = new Set<Promise<unknown>>();

  track(what: string, work: Promise<unknown>): void {
    const tracked = work.catch((error: Error) => this.logger.error(`${what} failed: ${error.message}`));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
