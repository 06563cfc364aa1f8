import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { Role, UserEntity } from '../database/entities';
import { AccountError, AccountErrorCode } from './account-errors';
import { PasswordHasher } from './password-hasher';
import { isValidUsername } from './username';
import { UsersRepository, UserTime } from './users.repository';

export type AuthResult =
  | { status: 'ok'; user: UserEntity }
  | { status: 'invalid' }
  /** Locked before this attempt; the password was not even checked. */
  | { status: 'locked'; secondsRemaining: number }
  /** This failure reached the limit and locked the account. */
  | { status: 'locked-now'; secondsRemaining: number };

export const INITIAL_ADMIN = 'admin';

@Injectable()
export class AccountsService {
  private readonly logger = new Logger('Accounts');
  /** Verified against for unknown names, so they cost as much time as a wrong password. */
  private dummyHash: Promise<string> | undefined;
  /** Logins and logouts that happen together share one statement and one commit. */
  private readonly logins = new GroupCommit<UserTime>(async (logins) => {
    await this.users.recordLogins(logins);
    return [];
  });
  private readonly logouts = new GroupCommit<UserTime>(async (logouts) => {
    await this.users.recordLogouts(logouts);
    return [];
  });

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    @Inject(PARLEY_CONFIG) private readonly config: ParleyConfig,
  ) {}

  /**
   * At server start with no admin account (a new database, or users imported from seed files):
   * create `admin`, with admin.password or a random password logged once.
   */
  async ensureInitialAdmin(): Promise<void> {
    if (await this.users.hasAdmin()) return;
    if (await this.users.findByName(INITIAL_ADMIN)) {
      this.logger.warn(`No admin account exists and the name "${INITIAL_ADMIN}" is taken; create one with: parley user add NAME --admin`);
      return;
    }
    const configured = this.config.admin.password;
    const password = configured || randomBytes(12).toString('base64url');
    await this.createUser(INITIAL_ADMIN, password, 'admin');
    if (configured) {
      this.logger.log(`Created admin account "${INITIAL_ADMIN}" with the password from admin.password.`);
    } else {
      this.logger.log(`Created admin account "${INITIAL_ADMIN}" with password: ${password} (shown only once)`);
    }
  }

  async createUser(username: string, password: string, role: Role = 'user'): Promise<UserEntity> {
    if (!isValidUsername(username)) throw new AccountError(AccountErrorCode.InvalidUsername, username);
    if (password.length === 0) throw new AccountError(AccountErrorCode.EmptyPassword, username);
    if (await this.users.findByName(username)) throw new AccountError(AccountErrorCode.UsernameTaken, username);
    const passwordHash = await this.hasher.hash(password);
    return this.users.insert({ username, passwordHash, role });
  }

  findUser(name: string): Promise<UserEntity | null> {
    return isValidUsername(name) ? this.users.findByName(name) : Promise.resolve(null);
  }

  /** The existing accounts among `names`, by username key. */
  async findUsers(names: string[]): Promise<Map<string, UserEntity>> {
    const valid = names.filter(isValidUsername);
    const users = valid.length > 0 ? await this.users.findByNames(valid) : [];
    return new Map(users.map((user) => [user.usernameKey, user]));
  }

  listUsers(): Promise<UserEntity[]> {
    return this.users.list();
  }

  /** Checks a login. Failures are counted per account, in the database, across connections. */
  async authenticate(name: string, password: string): Promise<AuthResult> {
    const user = await this.findUser(name);
    if (!user) {
      await this.hasher.verify(await this.getDummyHash(), password);
      return { status: 'invalid' };
    }
    const lockedFor = this.secondsUntil(user.lockedUntil);
    if (lockedFor > 0) return { status: 'locked', secondsRemaining: lockedFor };

    if (await this.hasher.verify(user.passwordHash, password)) return { status: 'ok', user };

    const { attempts, seconds } = this.config.lockout;
    const lockUntil = new Date(this.clock.now().getTime() + seconds * 1000);
    const updated = await this.users.recordFailure(user.id, attempts, lockUntil);
    const nowLockedFor = this.secondsUntil(updated?.lockedUntil ?? null);
    return nowLockedFor > 0 ? { status: 'locked-now', secondsRemaining: nowLockedFor } : { status: 'invalid' };
  }

  /** Marks a successful login: resets failure counts. Returns the failures since the last login. */
  async recordLogin(user: UserEntity): Promise<number> {
    const failures = user.failuresSinceLogin;
    await this.logins.submit({ id: user.id, at: this.clock.now() });
    return failures;
  }

  recordLogout(userId: number, at: Date): Promise<void> {
    return this.logouts.submit({ id: userId, at });
  }

  recordStillOnline(userIds: number[]): Promise<void> {
    return this.users.touchLastSeen(userIds, this.clock.now());
  }

  /** Names of users whose last session ended within `seconds` before now. */
  async seenWithin(seconds: number): Promise<UserEntity[]> {
    return this.users.seenSince(new Date(this.clock.now().getTime() - seconds * 1000));
  }

  private secondsUntil(until: Date | null): number {
    if (!until) return 0;
    return Math.max(0, Math.ceil((until.getTime() - this.clock.now().getTime()) / 1000));
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
