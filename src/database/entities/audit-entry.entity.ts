import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One administrative action: who did what to what, when, and from where. */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: Date })
  at!: Date;

  /** The acting admin's name as it was then; kept when the account goes away. */
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  target!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  address!: string | null;
}
