import { Injectable } from '@nestjs/common';
import { usernameKey } from '../accounts/username';
import { ClusterLink } from '../cluster/cluster-link';
import { Activity } from '../common/activity';
import { Clock } from '../common/clock';
import { ChatError, ChatErrorCode } from './chat-errors';
import { ChatSession } from './chat-session';
import { HeldEvent } from './held-events';
import { PendingWrites } from './pending-writes';
import { StoredHandover } from './stored-handover';
import { OutgoingStoredMessage, StoredMessageWriter } from './stored-message-writer';

export type { StoredMessage } from './chat-events';

/** Private messages kept for offline users. */
@Injectable()
export class StoredMessagesService {
  constructor(
    private readonly writer: StoredMessageWriter,
    private readonly handover: StoredHandover,
    private readonly pendingWrites: PendingWrites,
    private readonly clock: Clock,
    private readonly activity: Activity,
    private readonly cluster: ClusterLink,
  ) {}

  /**
   * Stores a message for an offline recipient, named as typed; resolves with the recipient's
   * name as created, only once the message is durable. A recipient who logged in meanwhile
   * gets it in that session.
   */
  async store(sender: ChatSession, recipientName: string, text: string, messageId?: string): Promise<string> {
    const outcome = await this.writer.write({
      recipientName,
      senderName: sender.name,
      senderKey: sender.key,
      body: text,
      createdAt: this.clock.now(),
      ...(messageId === undefined ? {} : { messageId }),
    });
    switch (outcome.status) {
      case 'stored':
        this.arrived(usernameKey(outcome.recipient));
        return outcome.recipient;
      case 'mailbox-full':
        throw new ChatError(ChatErrorCode.MailboxFull, outcome.recipient);
      case 'unknown-user':
        throw new ChatError(ChatErrorCode.UnknownUser, recipientName);
    }
  }

  /**
   * Private messages held for a session that ended before they reached its socket: their
   * senders were told "delivered", so they are stored like any offline message (IRC NOTICEs
   * excepted, which are never stored). Broadcasts and presence lines are dropped.
   */
  storeHeld(session: ChatSession, held: HeldEvent[]): void {
    for (const { event, at } of held) {
      if (event.type !== 'private' || event.notice) continue;
      const message: OutgoingStoredMessage = {
        recipientName: session.name,
        senderName: event.from,
        senderKey: usernameKey(event.from),
        body: storedBody(event.from, event.text, event.action),
        createdAt: at,
      };
      this.pendingWrites.track(`storing a message held for ${session.name}`, this.writeHeld(message));
    }
  }

  private async writeHeld(message: OutgoingStoredMessage): Promise<void> {
    const outcome = await this.writer.write(message);
    if (outcome.status !== 'stored') throw new Error(`the message from ${message.senderName} was not stored (${outcome.status})`);
    this.activity.record('stored');
    this.arrived(usernameKey(outcome.recipient));
  }

  /** Committed: a recipient online here or on another node gets it in that session. */
  private arrived(recipientKey: string): void {
    this.handover.arrived(recipientKey);
    const remote = this.cluster.roster.find(recipientKey);
    if (remote) this.cluster.storedFor(remote);
  }
}

/** A stored message has no style of its own: an action is kept as the text `* alice waves`. */
export function storedBody(from: string, text: string, action: boolean | undefined): string {
  return action ? `* ${from} ${text}` : text;
}
