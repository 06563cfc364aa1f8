import { Injectable } from '@nestjs/common';
import { ChatBus } from './chat-bus';
import { ChatSession } from './chat-session';

/** Who is online, by username key; at most one session per user. */
@Injectable()
export class SessionRegistry {
  private readonly sessions = new Map<string, ChatSession>();

  constructor(bus: ChatBus) {
    bus.subscribe(({ to, event }) => {
      for (const key of to) this.sessions.get(key)?.deliver(event);
    });
  }

  /** Registers the session unless its user is already online. */
  claim(session: ChatSession): boolean {
    if (this.sessions.has(session.key)) return false;
    this.sessions.set(session.key, session);
    return true;
  }

  release(session: ChatSession): boolean {
    if (this.sessions.get(session.key) !== session) return false;
    this.sessions.delete(session.key);
    return true;
  }

  get(key: string): ChatSession | undefined {
    return this.sessions.get(key);
  }

  all(): IterableIterator<ChatSession> {
    return this.sessions.values();
  }

  get size(): number {
    return this.sessions.size;
  }
}
