/** What the core pushes to a session; each gateway renders these in its own protocol. */
export type ChatEvent =
  | { type: 'broadcast'; from: string; text: string }
  /** `notice`: an IRC NOTICE, never stored (not even when it was held for a session that ended). */
  | { type: 'private'; from: string; text: string; notice?: boolean }
  | { type: 'presence'; user: string; online: boolean }
  | { type: 'announcement'; text: string }
  /** Something the server tells one user about their own session (why it is ending, say). */
  | { type: 'notice'; text: string }
  | { type: 'shutdown' };

/**
 * `kicked`: an operator ended the session (or deleted the account). `replaced`: the same user
 * logged in on another connection (session.on_conflict: replace). `send-queue`: the client did
 * not read and its unread output passed the send-queue cap; the front door cuts it at once.
 */
export type DisconnectReason =
  | 'logout'
  | 'disconnect'
  | 'shutdown'
  | 'error'
  | 'idle'
  | 'flood'
  | 'kicked'
  | 'replaced'
  | 'send-queue';

/** A connection as the core sees it: a place to deliver events, and a way to end it. */
export interface SessionEndpoint {
  readonly protocol: string;
  readonly remoteAddress: string;
  deliver(event: ChatEvent): void;
  disconnect(reason: DisconnectReason): void;
}

/** A stored (offline) message as handed over at login. */
export interface StoredMessage {
  from: string;
  text: string;
  storedAt: Date;
}

/** What the SessionOpener needs from a front door on top of SessionEndpoint: the handover and the send queue. */
export interface OpeningEndpoint extends SessionEndpoint {
  /** The connection is gone or going: the opener stops and closes what it opened. */
  readonly ended: boolean;
  /** Output not read by the peer yet: queued plus buffered in the socket, in bytes. */
  queuedBytes(): number;
  /**
   * Writes one batch of stored messages. `first` starts a handover round: render its header
   * (`You have ${total} stored messages:` on the line protocol) before the batch. Resolves
   * true once the batch was written to the socket, false if the connection went away first.
   */
  writeStored(batch: StoredMessage[], total: number, first: boolean): Promise<boolean>;
}
