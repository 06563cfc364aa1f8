import { BlockChange } from '../chat/block-list';
import { ChatEvent } from '../chat/chat-events';

/** What nodes tell every node (channel `<name>:all`): intents, each node applies them to its own sessions. */
export type ClusterEvent =
  | { kind: 'broadcast'; node: string; fromKey: string; event: ChatEvent }
  | {
      kind: 'presence';
      node: string;
      key: string;
      name: string;
      online: boolean;
      since: string;
      protocol: string;
      remoteAddress: string;
    }
  | { kind: 'announce'; node: string; text: string }
  | { kind: 'kick'; node: string; key: string; notice: string }
  | { kind: 'blocks'; node: string; change: BlockChange }
  | { kind: 'node-gone'; node: string };

/** One private message for a session on another node. */
export interface PrivateIntent {
  readonly id: string;
  readonly fromKey: string;
  readonly toKey: string;
  readonly event: ChatEvent;
}

/** What one node tells another (channel `<name>:to:<node>`); private messages and confirmations go in batches. */
export type NodeEvent =
  | { kind: 'privates'; replyTo: string; messages: PrivateIntent[] }
  | { kind: 'confirms'; confirms: Array<{ id: string; status: PrivateDelivery }> }
  | { kind: 'stored'; toKey: string };

/** What became of a private message sent to another node. */
export type PrivateDelivery = 'delivered' | 'blocked' | 'absent' | 'timeout';
