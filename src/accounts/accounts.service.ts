import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Activity } from '../common/activity';
import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { Role, UserEntity } from '../database/entities';
import { AccountError, AccountErrorCode } from './account-errors';
import { PasswordHasher } from './password-hasher';
import { LoginGuard } from './login-guard';
import { isValidUsername } from './username';
import { UsersRepository, UserTime } from './users.repository';

export type AuthResult =
  | { status: 'ok'; user: UserEntity }
  | { status: 'invalid' }
  /** Locked before this attempt; the password was not even checked. */
  | { status: 'locked'; secondsRemaining: number }
  /** This failure reached the limit and locked the account. */
  | { status: 'locked-now'; secondsRemaining: number }
  /** Too many failures from this client address, whatever the account; nothing was checked. */
  | { status: 'throttled'; secondsRemaining: number };

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
    private readonly guard: LoginGuard,
    private readonly clock: Clock,
    private readonly activity: Activity,
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

  findUserById(id: number): Promise<UserEntity | null> {
    return this.users.findById(id);
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

  searchUsers(text: string, limit: number, offset: number): Promise<[UserEntity[], number]> {
    return this.users.search(text, limit, offset);
  }

  /** Accounts locked at this moment, soonest unlocked first. */
  lockedUsers(): Promise<UserEntity[]> {
    return this.users.lockedAfter(this.clock.now());
  }

  countAdmins(): Promise<number> {
    return this.users.countAdmins();
  }

  countLockedUsers(): Promise<number> {
    return this.users.countLockedAfter(this.clock.now());
  }

  async changePassword(user: UserEntity, password: string): Promise<void> {
    if (password.length === 0) throw new AccountError(AccountErrorCode.EmptyPassword, user.username);
    await this.users.update(user.id, { passwordHash: await this.hasher.hash(password) });
  }

  /** Changes the role; refused (LastAdmin) when it would leave no admin account. */
  async changeRole(user: UserEntity, role: Role): Promise<void> {
    if (!(await this.users.setRoleKeepingAnAdmin(user.id, role))) throw new AccountError(AccountErrorCode.LastAdmin, user.username);
  }

  /** Lifts a lock (for every address) and clears the failure count: the user can log in at once. */
  unlock(user: UserEntity): Promise<void> {
    this.guard.clearPairLocks(user.id);
    return this.users.unlock(user.id);
  }

  /** Removes the account; refused (LastAdmin) when it is the last admin. */
  async deleteUser(user: UserEntity): Promise<void> {
    if (!(await this.users.deleteKeepingAnAdmin(user.id))) throw new AccountError(AccountErrorCode.LastAdmin, user.username);
  }

  /** Seconds until the account's lock ends; 0 when it is not locked. */
  secondsLocked(user: UserEntity): number {
    return this.secondsUntil(user.lockedUntil);
  }

  /**
   * Checks a login. Failures are counted per account in the database, across connections
   * (lockout.scope account), or per account and address (account+address). With the client's
   * `address`, failures from it are also throttled across accounts (login_throttle).
   */
  async authenticate(name: string, password: string, address?: string): Promise<AuthResult> {
    const result = await this.checkLogin(name, password, address);
    if (result.status !== 'ok') this.activity.record('login-failed');
    if (result.status === 'locked-now') this.activity.record('lockout');
    return result;
  }

  private async checkLogin(name: string, password: string, address: string | undefined): Promise<AuthResult> {
    if (address !== undefined) {
      const throttledFor = this.guard.throttledFor(address);
      if (throttledFor > 0) return { status: 'throttled', secondsRemaining: throttledFor };
    }
    const user = await this.findUser(name);
    if (!user) {
      await this.hasher.verify(await this.getDummyHash(), password);
      if (address !== undefined) this.guard.recordAddressFailure(address);
      return { status: 'invalid' };
    }
    const byAddress = this.config.lockout.scope === 'account+address';
    const lockedFor = byAddress ? this.guard.pairLockedFor(user.id, address ?? '') : this.secondsUntil(user.lockedUntil);
    if (lockedFor > 0) return { status: 'locked', secondsRemaining: lockedFor };

    if (await this.hasher.verify(user.passwordHash, password)) {
      if (byAddress) this.guard.recordPairSuccess(user.id, address ?? '');
      return { status: 'ok', user };
    }

    if (address !== undefined) this.guard.recordAddressFailure(address);
    let nowLockedFor: number;
    if (byAddress) {
      await this.users.recordFailureWithoutLock(user.id);
      nowLockedFor = this.guard.recordPairFailure(user.id, address ?? '');
    } else {
      const { attempts, seconds } = this.config.lockout;
      const lockUntil = new Date(this.clock.now().getTime() + seconds * 1000);
      const updated = await this.users.recordFailure(user.id, attempts, lockUntil);
      nowLockedFor = this.secondsUntil(updated?.lockedUntil ?? null);
    }
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
