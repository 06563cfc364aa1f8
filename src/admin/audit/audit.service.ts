import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AuditEntryEntity } from '../../database/entities';
import { Actor } from '../auth/admin-request';
import { AuditFilter, AuditRepository } from './audit.repository';

export const AUDIT_ACTIONS = [
  'login',
  'login.failed',
  'logout',
  'user.create',
  'user.delete',
  'user.password',
  'user.role',
  'lockout.clear',
  'message.delete',
  'session.kick',
  'announcement',
  'token.create',
  'token.delete',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const MAX_TARGET_LENGTH = 128;

/** The record of every admin action: actor, action, target, time, source address. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly entries: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Records an action that has already happened, and logs it (an announcement without its
   * text). A failure to record it is logged, not thrown: the action took effect and the
   * caller must hear so.
   */
  async record(actor: Actor, action: AuditAction, target: string | null = null): Promise<void> {
    const entry = {
      at: this.clock.now(),
      actor: actor.name.slice(0, 64),
      action,
      target: target === null ? null : target.slice(0, MAX_TARGET_LENGTH),
      address: actor.address,
    };
    this.logger.log({
      message: `admin action ${action}${target === null || action === 'announcement' ? '' : ` on ${entry.target}`}`,
      user: entry.actor,
      address: entry.address ?? undefined,
      protocol: 'http',
      action,
    });
    try {
      await this.entries.add(entry);
    } catch (error) {
      const message = `could not record ${action} by ${entry.actor}: ${(error as Error).message}`;
      this.logger.error({ message, user: entry.actor, address: entry.address ?? undefined, action });
    }
  }

  search(filter: AuditFilter, limit: number, offset: number): Promise<[AuditEntryEntity[], number]> {
    return this.entries.search(filter, limit, offset);
  }
}
