import { Inject, Injectable } from '@nestjs/common';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { NewStoredMessage, StoredMessagesRepository } from './stored-messages.repository';

/** Rows per commit; 5 bound parameters each stays far below SQLite's limit on parameters. */
const MAX_BATCH = 500;

interface Waiting {
  message: NewStoredMessage;
  resolve(stored: boolean): void;
  reject(error: unknown): void;
}

/**
 * Group commit for stored messages: messages that arrive while a commit is on the disk wait
 * and go together in the next one, so many senders share one fsync. One batch is in flight
 * at a time (every query shares one SQLite connection), and each caller learns its outcome
 * only after its batch has been committed.
 */
@Injectable()
export class StoredMessageWriter {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly repository: StoredMessagesRepository,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
  ) {}

  /** Resolves true once the message is committed, false if the recipient's box was full. */
  write(message: NewStoredMessage): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.writing) void this.writeBatches();
    });
  }

  private async writeBatches(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const stored = await this.repository.insertWithinQuota(
          batch.map((waiting) => waiting.message),
          this.config.stored_messages.quota,
        );
        batch.forEach((waiting, i) => waiting.resolve(stored[i]));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.writing = false;
  }
}
