import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A running `parley server` on this database, refreshed by its heartbeat; `parley import` refuses while one is live. */
@Entity({ name: 'live_servers' })
export class LiveServerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  host!: string;

  @Column({ type: 'integer' })
  pid!: number;

  /** The line listener, HOST:PORT (GET /api/nodes). */
  @Column({ type: 'varchar', length: 300, default: '' })
  address!: string;

  /** Chat sessions on this server at its last heartbeat. */
  @Column({ type: 'integer', default: 0 })
  sessions!: number;

  @Column({ name: 'started_at', type: Date })
  startedAt!: Date;

  @Index()
  @Column({ name: 'seen_at', type: Date })
  seenAt!: Date;
}
