import { ChatEvent, SessionEndpoint } from './chat-events';
import { HeldEvent, HeldEvents, HoldLimits } from './held-events';

/** The hold's limits; `onOverflow` is told which session passed the cap. */
export interface SessionHold extends Omit<HoldLimits, 'onOverflow'> {
  onOverflow(session: ChatSession): void;
}

/** One logged-in user on one connection. */
export class ChatSession {
  /** Live events held back until the stored messages have been handed over; null once live (the hold's limits go with it). */
  private held: HeldEvents | null;
  /** Set once its row is written; initialized here so that V8 keeps it inside the object, not in a property array of its own. */
  historyId: number | undefined = undefined;
  ended = false;
  /** The others were told this user logged in, so they are told when this session ends. */
  announced = false;
  /** When it began, as a number: a Date kept for the whole session is 96 bytes of heap. */
  private readonly startedAt: number;

  constructor(
    readonly userId: number,
    readonly name: string,
    readonly key: string,
    readonly endpoint: SessionEndpoint,
    since: Date,
    hold: SessionHold,
  ) {
    this.startedAt = since.getTime();
    this.held = new HeldEvents({ ...hold, onOverflow: () => hold.onOverflow(this) });
  }

  get since(): Date {
    return new Date(this.startedAt);
  }

  get isLive(): boolean {
    return this.held === null;
  }

  deliver(event: ChatEvent): void {
    if (this.held) this.held.push(event);
    else this.endpoint.deliver(event);
  }

  /** Stored messages are out: release held events, then deliver directly. */
  goLive(): void {
    const held = this.held?.take() ?? [];
    this.held = null;
    for (const { event } of held) this.endpoint.deliver(event);
  }

  /** The session ends before it went live: what was held and never reached the socket. */
  takeHeld(): HeldEvent[] {
    const held = this.held?.take() ?? [];
    this.held = null;
    return held;
  }
}
