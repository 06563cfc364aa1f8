import { Injectable } from '@nestjs/common';
import { ChatEvent } from './chat-events';

/** An event addressed to users by username key. */
export interface ChatDelivery {
  readonly to: readonly string[];
  readonly event: ChatEvent;
}

export type DeliveryListener = (delivery: ChatDelivery) => void;

/**
 * Carries events from the core to the sessions that must see them. The in-process bus
 * hands them straight to local listeners; cluster mode backs this with Redis.
 */
export abstract class ChatBus {
  abstract publish(delivery: ChatDelivery): void;
  abstract subscribe(listener: DeliveryListener): void;
}

@Injectable()
export class InProcessChatBus extends ChatBus {
  private readonly listeners: DeliveryListener[] = [];

  publish(delivery: ChatDelivery): void {
    for (const listener of this.listeners) listener(delivery);
  }

  subscribe(listener: DeliveryListener): void {
    this.listeners.push(listener);
  }
}
