import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { Activity } from '../common/activity';
import { usernameKey } from '../accounts/username';
import { ClusterLink } from '../cluster/cluster-link';
import { BlockList } from './block-list';
import { ChatBus } from './chat-bus';
import { ChatError, ChatErrorCode } from './chat-errors';
import { ChatEvent, MessageStyle } from './chat-events';
import { ChatSession } from './chat-session';
import { SessionRegistry } from './session-registry';
import { StoredMessagesService, storedBody } from './stored-messages.service';

export interface BroadcastResult {
  /** Someone online did not get it because they blocked the sender. */
  skippedByBlock: boolean;
}

export type PrivateMessageResult =
  | { status: 'delivered'; recipient: string }
  | { status: 'stored'; recipient: string }
  | { status: 'blocked'; recipient: string }
  /** A notice to someone offline: notices are never stored, and nobody is told. */
  | { status: 'not-stored'; recipient: string };

/** Broadcasts and private messages. Online delivery never touches the database. */
@Injectable()
export class MessagingService {
  /** Each sender's latest stored message not yet committed; commits complete in submission order. */
  private readonly storing = new WeakMap<ChatSession, Promise<unknown>>();
  /** Senders with an entry in `storing`: while none, a private message skips the WeakMap lookup. */
  private storingSenders = 0;

  constructor(
    private readonly registry: SessionRegistry,
    private readonly blocks: BlockList,
    private readonly bus: ChatBus,
    private readonly accounts: AccountsService,
    private readonly storedMessages: StoredMessagesService,
    private readonly activity: Activity,
    private readonly cluster: ClusterLink,
  ) {}

  broadcast(sender: ChatSession, text: string, style?: MessageStyle): BroadcastResult {
    const to: string[] = [];
    let skippedByBlock = false;
    for (const other of this.registry.all()) {
      if (other === sender) continue;
      if (this.blocks.has(other.key, sender.key)) skippedByBlock = true;
      else to.push(other.key);
    }
    const event = withStyle({ type: 'broadcast' as const, from: sender.name, text }, style);
    if (to.length > 0) this.bus.publish({ to, event });
    if (this.cluster.enabled) {
      for (const other of this.cluster.roster.all()) if (this.blocks.has(other.key, sender.key)) skippedByBlock = true;
      this.cluster.broadcast(sender, event);
    }
    this.activity.record('broadcast');
    return { skippedByBlock };
  }

  /**
   * sendPrivate's common case at once, without a promise: the recipient is online and none of
   * the sender's stored messages is still committing. Undefined when sendPrivate must run.
   */
  sendPrivateNow(sender: ChatSession, recipientName: string, text: string, style?: MessageStyle): PrivateMessageResult | undefined {
    const key = usernameKey(recipientName);
    if (key === sender.key) throw new ChatError(ChatErrorCode.SelfTarget, recipientName);
    const online = this.registry.get(key);
    if (!online || (this.storingSenders > 0 && this.storing.has(sender))) return undefined;
    return this.deliverPrivate(sender, online, text, style);
  }

  private deliverPrivate(sender: ChatSession, online: ChatSession, text: string, style?: MessageStyle): PrivateMessageResult {
    if (this.blocks.has(online.key, sender.key)) return { status: 'blocked', recipient: online.name };
    // Delivered to the session just looked up, as the bus's registry listener would after a second lookup.
    online.deliver(withStyle({ type: 'private', from: sender.name, text }, style));
    this.activity.record('private');
    return { status: 'delivered', recipient: online.name };
  }

  /**
   * A front door may send a user's next message before the previous one is answered; calls
   * from one sender take effect in call order. A stored message is queued for its commit in
   * this turn, and a message for someone online is delivered only after the sender's earlier
   * stored messages have committed, as if each call had waited for the one before.
   */
  async sendPrivate(
    sender: ChatSession,
    recipientName: string,
    text: string,
    style?: MessageStyle,
  ): Promise<PrivateMessageResult> {
    const key = usernameKey(recipientName);
    if (key === sender.key) throw new ChatError(ChatErrorCode.SelfTarget, recipientName);

    const online = this.registry.get(key);
    const remote = online || !this.cluster.enabled ? undefined : (this.cluster.roster.find(key) ?? (await this.cluster.lookUp(key)));
    const earlier = (online || remote) && this.storing.get(sender);
    if (earlier) {
      await earlier.catch(() => undefined);
      return this.sendPrivate(sender, recipientName, text, style);
    }
    if (online) return this.deliverPrivate(sender, online, text, style);
    let messageId: string | undefined;
    if (remote) {
      // The recipient's node decides about blocks: its copy is the one their block command changed.
      messageId = this.cluster.newMessageId();
      const event = withStyle({ type: 'private' as const, from: sender.name, text }, style);
      const delivery = await this.cluster.sendPrivate(messageId, remote, sender.key, event);
      if (delivery === 'delivered') {
        this.activity.record('private');
        return { status: 'delivered', recipient: remote.name };
      }
      if (delivery === 'blocked') return { status: 'blocked', recipient: remote.name };
    }

    if (style === 'notice') return { status: 'not-stored', recipient: recipientName };
    if (this.blocks.has(key, sender.key)) {
      const recipient = await this.accounts.findUser(recipientName);
      if (!recipient) throw new ChatError(ChatErrorCode.UnknownUser, recipientName);
      return { status: 'blocked', recipient: recipient.username };
    }
    // The recipient is looked up with the other messages of its commit (StoredMessageWriter).
    const body = storedBody(sender.name, text, style === 'action');
    const storing = this.storedMessages.store(sender, recipientName, body, messageId);
    if (!this.storing.has(sender)) this.storingSenders++;
    this.storing.set(sender, storing);
    let recipient: string;
    try {
      recipient = await storing;
    } finally {
      if (this.storing.get(sender) === storing) {
        this.storing.delete(sender);
        this.storingSenders--;
      }
    }
    this.activity.record('stored');
    return { status: 'stored', recipient };
  }
}

/** Plain text carries no flag, so its events stay exactly as they were. */
function withStyle<E extends ChatEvent>(event: E, style: MessageStyle | undefined): E {
  return style ? { ...event, [style]: true } : event;
}
