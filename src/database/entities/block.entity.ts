import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/** blocker has blocked blocked: blocked's messages, broadcasts and presence stop reaching blocker. */
@Entity({ name: 'blocks' })
export class BlockEntity {
  @PrimaryColumn({ name: 'blocker_id', type: 'integer' })
  blockerId!: number;

  @PrimaryColumn({ name: 'blocked_id', type: 'integer' })
  blockedId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'blocker_id' })
  blocker?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'blocked_id' })
  blocked?: UserEntity;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
