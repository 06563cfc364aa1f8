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

  @Column({ name: 'started_at', type: 'datetime' })
  startedAt!: Date;

  @Index()
  @Column({ name: 'seen_at', type: 'datetime' })
  seenAt!: Date;
}
