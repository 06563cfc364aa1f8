import { Injectable } from '@nestjs/common';

/** Things worth counting that happen in the core; metrics and the dashboard listen. */
export type ActivityKind =
  | 'login-ok'
  | 'login-failed'
  | 'lockout'
  | 'broadcast'
  | 'private'
  | 'stored'
  | 'delivered-from-store';

export type ActivityListener = (kind: ActivityKind, count: number) => void;

/** A tiny in-process observer, so the core does not depend on who counts. */
@Injectable()
export class Activity {
  private readonly listeners: ActivityListener[] = [];

  record(kind: ActivityKind, count = 1): void {
    for (const listener of this.listeners) listener(kind, count);
  }

  listen(listener: ActivityListener): void {
    this.listeners.push(listener);
  }
}
