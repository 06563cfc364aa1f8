import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/** One login session: when, from where, over which protocol, and how it ended. */
@Entity({ name: 'session_history' })
export class SessionRecordEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 16 })
  protocol!: string;

  @Column({ name: 'remote_address', type: 'varchar', length: 64 })
  remoteAddress!: string;

  @Column({ name: 'started_at', type: Date })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: Date, nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 32, nullable: true })
  endReason!: string | null;

  /** The node (server id) that held the session; recovery closes only rows of nodes that are gone. */
  @Column({ name: 'node_id', type: 'varchar', length: 36, nullable: true })
  nodeId!: string | null;
}
