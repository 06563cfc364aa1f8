import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type Role = 'user' | 'admin';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The name as it was created; shown to everyone. */
  @Column({ type: 'varchar', length: 32 })
  username!: string;

  /** Lower-cased username: logins and addressing are case-insensitive. */
  @Index({ unique: true })
  @Column({ name: 'username_key', type: 'varchar', length: 32 })
  usernameKey!: string;

  @Column({ name: 'password_hash', type: 'varchar' })
  passwordHash!: string;

  /** Admins are indexed apart (a partial index): finding them reads no other account. */
  @Index('IDX_users_admins', { where: `"role" = 'admin'` })
  @Column({ type: 'varchar', length: 16, default: 'user' })
  role!: Role;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'last_login_at', type: Date, nullable: true })
  lastLoginAt!: Date | null;

  @Index()
  @Column({ name: 'last_seen_at', type: Date, nullable: true })
  lastSeenAt!: Date | null;

  /** Consecutive failures counting toward a lockout; reset by a lock or a success. */
  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts!: number;

  /** All failures since the last successful login, reported at the next login. */
  @Column({ name: 'failures_since_login', type: 'integer', default: 0 })
  failuresSinceLogin!: number;

  @Column({ name: 'locked_until', type: Date, nullable: true })
  lockedUntil!: Date | null;
}
