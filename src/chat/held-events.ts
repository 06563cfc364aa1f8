import { ChatEvent } from './chat-events';

export interface HeldEvent {
  event: ChatEvent;
  /** When the core received it: a held private message stored later keeps its arrival time. */
  at: Date;
}

export interface HoldLimits {
  /** The clock that stamps each held event. */
  now(): Date;
  /** The send-queue cap: held bytes plus the endpoint's unread output may not pass it. */
  maxBytes: number;
  queuedBytes(): number;
  /** Called once, the first time the cap is passed. */
  onOverflow(): void;
}

/** Per-event overhead on top of its text: sender, separators, line end, protocol prefixes. */
const EVENT_OVERHEAD_BYTES = 64;

/**
 * Live events held for a session until its stored messages are out. Counted against the
 * send-queue cap together with the endpoint's unread output; once over, only private messages
 * are kept (they are stored when the session ends), everything else is dropped.
 */
export class HeldEvents {
  private readonly events: HeldEvent[] = [];
  private bytes = 0;
  private overflowed = false;

  constructor(private readonly limits: HoldLimits) {}

  push(event: ChatEvent): void {
    if (this.overflowed && event.type !== 'private') return;
    this.events.push({ event, at: this.limits.now() });
    this.bytes += sizeOf(event);
    if (!this.overflowed && this.bytes + this.limits.queuedBytes() > this.limits.maxBytes) {
      this.overflowed = true;
      this.dropAllButPrivate();
      this.limits.onOverflow();
    }
  }

  /** Takes every held event, oldest first, and empties the buffer. */
  take(): HeldEvent[] {
    this.bytes = 0;
    return this.events.splice(0);
  }

  get heldBytes(): number {
    return this.bytes;
  }

  private dropAllButPrivate(): void {
    const kept = this.events.filter(({ event }) => event.type === 'private');
    this.events.splice(0, this.events.length, ...kept);
    this.bytes = kept.reduce((sum, { event }) => sum + sizeOf(event), 0);
  }
}

function sizeOf(event: ChatEvent): number {
  switch (event.type) {
    case 'broadcast':
    case 'private':
      return Buffer.byteLength(event.from) + Buffer.byteLength(event.text) + EVENT_OVERHEAD_BYTES;
    case 'presence':
      return Buffer.byteLength(event.user) + EVENT_OVERHEAD_BYTES;
    case 'announcement':
    case 'notice':
      return Buffer.byteLength(event.text) + EVENT_OVERHEAD_BYTES;
    case 'shutdown':
      return EVENT_OVERHEAD_BYTES;
  }
}
