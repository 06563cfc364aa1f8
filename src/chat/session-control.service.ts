import { Injectable } from '@nestjs/common';
import { usernameKey } from '../accounts/username';
import { ChatBus } from './chat-bus';
import { ChatSession } from './chat-session';
import { SessionRegistry } from './session-registry';

/** What operators do to live sessions, whatever protocol they came in on. */
@Injectable()
export class SessionControlService {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly bus: ChatBus,
  ) {}

  online(): ChatSession[] {
    return [...this.registry.all()];
  }

  find(name: string): ChatSession | undefined {
    return this.registry.get(usernameKey(name));
  }

  /** Tells the user why, then ends the session; the others see them log out. Returns the session ended, if any. */
  kick(name: string, notice: string): ChatSession | undefined {
    const session = this.find(name);
    if (!session) return undefined;
    session.endpoint.deliver({ type: 'notice', text: notice });
    session.endpoint.disconnect('kicked');
    return session;
  }

  /** Sends an announcement to everyone online; returns how many sessions it reached. */
  announce(text: string): number {
    const to = this.online().map((session) => session.key);
    if (to.length > 0) this.bus.publish({ to, event: { type: 'announcement', text } });
    return to.length;
  }
}
