import { Injectable, OnModuleInit } from '@nestjs/common';
import { UserEntity } from '../database/entities';
import { BlocksRepository } from './blocks.repository';
import { ChatError, ChatErrorCode } from './chat-errors';

/** A change made on this node, after its commit: `blocked` false for an unblock, null when a user was forgotten. */
export type BlockChange = { blockerKey: string; blockedKey: string; blocked: boolean } | { forgotten: string };

export interface UserRef {
  id: number;
  key: string;
}

/**
 * Who blocked whom, held in memory so the live path never waits on the database,
 * and written through to the blocks table.
 */
@Injectable()
export class BlockList implements OnModuleInit {
  private readonly blocksOf = new Map<string, Set<string>>();
  private readonly listeners: Array<(change: BlockChange) => void> = [];

  constructor(private readonly repository: BlocksRepository) {}

  async onModuleInit(): Promise<void> {
    for (const { blockerKey, blockedKey } of await this.repository.allPairs()) this.remember(blockerKey, blockedKey);
  }

  /** Has `blockerKey` blocked `blockedKey`? */
  has(blockerKey: string, blockedKey: string): boolean {
    return this.blocksOf.get(blockerKey)?.has(blockedKey) ?? false;
  }

  /** Keys of the users `blockerKey` has blocked. */
  blockedUsersOf(blockerKey: string): string[] {
    return [...(this.blocksOf.get(blockerKey) ?? [])];
  }

  /** Either user has blocked the other. */
  eitherWay(a: string, b: string): boolean {
    return this.has(a, b) || this.has(b, a);
  }

  async block(blocker: UserRef, target: UserEntity): Promise<void> {
    if (blocker.id === target.id) throw new ChatError(ChatErrorCode.SelfTarget, target.username);
    const added = !this.has(blocker.key, target.usernameKey);
    this.remember(blocker.key, target.usernameKey);
    try {
      await this.repository.add(blocker.id, target.id);
    } catch (error) {
      if (added) this.forget(blocker.key, target.usernameKey);
      throw error;
    }
    await this.changed({ blockerKey: blocker.key, blockedKey: target.usernameKey, blocked: true });
  }

  async unblock(blocker: UserRef, target: UserEntity): Promise<void> {
    if (blocker.id === target.id) throw new ChatError(ChatErrorCode.SelfTarget, target.username);
    if (!this.has(blocker.key, target.usernameKey)) throw new ChatError(ChatErrorCode.NotBlocked, target.username);
    this.forget(blocker.key, target.usernameKey);
    try {
      await this.repository.remove(blocker.id, target.id);
    } catch (error) {
      this.remember(blocker.key, target.usernameKey);
      throw error;
    }
    await this.changed({ blockerKey: blocker.key, blockedKey: target.usernameKey, blocked: false });
  }

  /** Drops every block to or from a user whose account is gone. */
  forgetUser(key: string): void {
    this.forgetLocally(key);
    void this.changed({ forgotten: key });
  }

  /**
   * Told about changes made here (cluster mode passes them on to the other nodes). A block or
   * unblock completes, and its user is told, only once every listener's promise has settled:
   * the other nodes have the change before the user can act on it there.
   */
  onChange(listener: (change: BlockChange) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  /** Applies a change another node made (and committed); not passed on. */
  applyRemote(change: BlockChange): void {
    if ('forgotten' in change) this.forgetLocally(change.forgotten);
    else if (change.blocked) this.remember(change.blockerKey, change.blockedKey);
    else this.forget(change.blockerKey, change.blockedKey);
  }

  private forgetLocally(key: string): void {
    this.blocksOf.delete(key);
    for (const blocked of this.blocksOf.values()) blocked.delete(key);
  }

  private async changed(change: BlockChange): Promise<void> {
    await Promise.all(this.listeners.map((listener) => listener(change)));
  }

  private remember(blockerKey: string, blockedKey: string): void {
    let set = this.blocksOf.get(blockerKey);
    if (!set) this.blocksOf.set(blockerKey, (set = new Set()));
    set.add(blockedKey);
  }

  private forget(blockerKey: string, blockedKey: string): void {
    this.blocksOf.get(blockerKey)?.delete(blockedKey);
  }
}
