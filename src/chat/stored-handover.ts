import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ClusterLink } from '../cluster/cluster-link';
import { Activity } from '../common/activity';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { StoredMessageEntity } from '../database/entities';
import { BlockList } from './block-list';
import { OpeningEndpoint, StoredMessage } from './chat-events';
import { ChatSession } from './chat-session';
import { DeliveredLedger } from './delivered-ledger';
import { PendingWrites } from './pending-writes';
import { SessionRegistry } from './session-registry';
import { StoredMessagesRepository } from './stored-messages.repository';

const PAGE = 500;
const SETTLED: Promise<void> = Promise.resolve();
const RETRY_DELETES_MS = 30_000;

interface Handover {
  endpoint: OpeningEndpoint;
  /** Rounds run one after another: the login's first, then one per message stored meanwhile. */
  chain: Promise<void>;
}

/**
 * Hands a user's stored messages over, oldest first, in rounds: a round announces how many it
 * will write (`total`, exactly what follows) and writes them. A message committed for a user
 * whose handover has begun gets a round of its own in that session, so it is never stranded
 * until the next login. Each batch is deleted only after it was written to the connection; a
 * delete that fails is remembered (DeliveredLedger) and retried, so nothing is shown twice.
 */
@Injectable()
export class StoredHandover implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('StoredHandover');
  private readonly handovers = new WeakMap<ChatSession, Handover>();
  private readonly ledger = new DeliveredLedger();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: StoredMessagesRepository,
    private readonly blocks: BlockList,
    private readonly registry: SessionRegistry,
    private readonly activity: Activity,
    private readonly pendingWrites: PendingWrites,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
    private readonly cluster: ClusterLink,
  ) {}

  onModuleInit(): void {
    this.cluster.onStoredFor((key) => this.arrived(key));
    this.retryTimer = setInterval(() => this.retryAllDeletes(), RETRY_DELETES_MS).unref();
  }

  /** A last try at deletes still owed, while the database is open. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.ledger.recipients().map((userId) => this.retryDeletes(userId)));
  }

  onApplicationShutdown(): void {
    clearInterval(this.retryTimer);
  }

  /**
   * The login's handover; resolves once it and any rounds queued meanwhile are done. Rejects
   * if the stored messages cannot be read (they stay stored).
   */
  async handOver(session: ChatSession, endpoint: OpeningEndpoint): Promise<void> {
    const first = this.round(session, endpoint);
    const handover: Handover = { endpoint, chain: first.catch(() => {}) };
    this.handovers.set(session, handover);
    await first;
    for (let chain; chain !== handover.chain; ) {
      chain = handover.chain;
      await chain;
    }
    // Kept for the whole session (a later message gets a round of its own): not its settled promise.
    handover.chain = SETTLED;
  }

  /** A message was committed for `recipientKey`; if that user's handover has begun, it gets the message too. */
  arrived(recipientKey: string): void {
    const session = this.registry.get(recipientKey);
    const handover = session && this.handovers.get(session);
    if (!session || !handover) return;
    handover.chain = handover.chain
      .then(() => this.round(session, handover.endpoint))
      .catch((error: Error) => this.logger.error(`handing a new stored message to ${session.name} failed: ${error.message}`));
  }

  private async round(session: ChatSession, endpoint: OpeningEndpoint): Promise<void> {
    if (session.ended) return;
    const { userId } = session;
    await this.retryDeletes(userId);
    await this.repository.deleteFromSenders(userId, this.blocks.blockedUsersOf(session.key));
    if (this.cluster.enabled) await this.dropShownLive(userId);
    const ids = (await this.repository.idsFor(userId)).filter((id) => !this.ledger.has(userId, id));
    if (ids.length === 0) return;
    const total = ids.length;
    const lastId = ids[ids.length - 1];
    let afterId = 0;
    let first = true;
    while (!session.ended && afterId < lastId) {
      const page = (await this.repository.pendingFor(userId, afterId, PAGE)).filter((message) => message.id <= lastId);
      if (page.length === 0) return;
      afterId = page[page.length - 1].id;
      for (const chunk of this.chunks(page.filter((message) => !this.ledger.has(userId, message.id)))) {
        const deliverable = chunk.filter((message) => !this.blocks.has(session.key, message.senderKey) && !this.shownBefore(message));
        if (deliverable.length > 0) {
          if (session.ended || !(await endpoint.writeStored(deliverable.map(toStoredMessage), total, first))) return;
          for (const { messageId } of deliverable) if (messageId) this.cluster.shown.add(messageId);
          first = false;
          this.activity.record('delivered-from-store', deliverable.length);
        }
        await this.deleteDelivered(userId, chunk.map((message) => message.id));
      }
    }
  }

  /** Cluster mode: copies of messages this node already showed live (their confirmation came late) are deleted unseen. */
  private async dropShownLive(userId: number): Promise<void> {
    const shown = (await this.repository.sentLiveFor(userId)).filter(({ messageId }) => this.cluster.shown.has(messageId));
    if (shown.length > 0) await this.deleteDelivered(userId, shown.map(({ id }) => id));
  }

  /** Cluster mode: a message stored after its confirmation came late, and already shown live. */
  private shownBefore(message: StoredMessageEntity): boolean {
    return message.messageId !== null && message.messageId !== undefined && this.cluster.shown.has(message.messageId);
  }

  /** Splits a page so one write stays well under the send-queue cap. */
  private *chunks(messages: StoredMessageEntity[]): Generator<StoredMessageEntity[]> {
    const maxBytes = this.config.line.max_send_queue_bytes / 4;
    let chunk: StoredMessageEntity[] = [];
    let bytes = 0;
    for (const message of messages) {
      const size = Buffer.byteLength(message.body) + Buffer.byteLength(message.senderName) + 64;
      if (chunk.length > 0 && bytes + size > maxBytes) {
        yield chunk;
        chunk = [];
        bytes = 0;
      }
      chunk.push(message);
      bytes += size;
    }
    if (chunk.length > 0) yield chunk;
  }

  /** Written to the socket: never shown again, whether or not the delete commits now. */
  private async deleteDelivered(userId: number, ids: number[]): Promise<void> {
    this.ledger.add(userId, ids);
    try {
      await this.repository.deleteIds(ids);
      this.ledger.remove(userId, ids);
    } catch (error) {
      this.logger.error(`deleting ${ids.length} delivered stored messages failed (retried later): ${(error as Error).message}`);
    }
  }

  private async retryDeletes(userId: number): Promise<void> {
    const ids = this.ledger.idsOf(userId);
    if (ids.length === 0) return;
    try {
      await this.repository.deleteIds(ids);
      this.ledger.remove(userId, ids);
    } catch {
      // Still failing: they stay in the ledger, hidden from this user's handovers.
    }
  }

  private retryAllDeletes(): void {
    for (const userId of this.ledger.recipients()) {
      this.pendingWrites.track('retrying deletes of delivered stored messages', this.retryDeletes(userId));
    }
  }
}

function toStoredMessage(entity: StoredMessageEntity): StoredMessage {
  return { from: entity.senderName, text: entity.body, storedAt: entity.createdAt };
}
