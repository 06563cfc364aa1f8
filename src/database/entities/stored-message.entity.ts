import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/** A private message waiting for its recipient to come online. */
@Entity({ name: 'stored_messages' })
@Index(['recipientId', 'id'])
export class StoredMessageEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'recipient_id', type: 'integer' })
  recipientId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: UserEntity;

  /** Sender's name as shown when it was sent; kept even if the account goes away. */
  @Column({ name: 'sender_name', type: 'varchar', length: 32 })
  senderName!: string;

  @Column({ name: 'sender_key', type: 'varchar', length: 32 })
  senderKey!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  /** The id a private message was sent with to another node (cluster mode); never handed over twice. */
  @Column({ name: 'message_id', type: 'varchar', length: 36, nullable: true })
  messageId!: string | null;
}
