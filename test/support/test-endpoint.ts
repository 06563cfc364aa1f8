import { ChatEvent, DisconnectReason, OpeningEndpoint, StoredMessage } from '../../src/chat/chat-events';
import { Gate } from './deferred-gate';

export interface StoredRound {
  total: number;
  texts: string[];
}

/**
 * An OpeningEndpoint that records what the core sends it, for core tests without a socket.
 * `writeGate` holds the next writeStored until the test opens it.
 */
export class TestEndpoint implements OpeningEndpoint {
  readonly protocol = 'test';
  ended = false;
  readonly events: ChatEvent[] = [];
  readonly rounds: StoredRound[] = [];
  readonly disconnects: DisconnectReason[] = [];
  queued = 0;
  writeGate: Gate<boolean> | undefined;

  constructor(readonly remoteAddress = '127.0.0.1') {}

  deliver(event: ChatEvent): void {
    this.events.push(event);
  }

  disconnect(reason: DisconnectReason): void {
    this.disconnects.push(reason);
    this.ended = true;
  }

  queuedBytes(): number {
    return this.queued;
  }

  async writeStored(batch: StoredMessage[], total: number, first: boolean): Promise<boolean> {
    if (first) this.rounds.push({ total, texts: [] });
    this.rounds[this.rounds.length - 1].texts.push(...batch.map((message) => message.text));
    const gate = this.writeGate;
    if (gate) {
      this.writeGate = undefined;
      return gate.wait();
    }
    return !this.ended;
  }

  /** Every stored text handed over, across rounds. */
  get storedTexts(): string[] {
    return this.rounds.flatMap((round) => round.texts);
  }
}
