import { ChatEvent, SessionEndpoint } from './chat-events';

/** One logged-in user on one connection. */
export class ChatSession {
  /** Live events held back until the stored messages have been handed over. */
  private held: ChatEvent[] | null = [];
  historyId: number | undefined;
  ended = false;

  constructor(
    readonly userId: number,
    readonly name: string,
    readonly key: string,
    readonly endpoint: SessionEndpoint,
    readonly since: Date,
  ) {}

  deliver(event: ChatEvent): void {
    if (this.held) this.held.push(event);
    else this.endpoint.deliver(event);
  }

  /** Stored messages are out: release held events, then deliver directly. */
  goLive(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const event of held) this.endpoint.deliver(event);
  }
}
