import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Activity } from '../common/activity';
import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { Role, UserEntity } from '../database/entities';
import { isConstraintViolation } from '../database/storage-failure';
import { AccountError, AccountErrorCode } from './account-errors';
import { PasswordHasher } from './password-hasher';
import { LoginBookkeeping } from './login-bookkeeping';
import { LoginGuard } from './login-guard';
import { AuthResult, LoginCheck, secondsUntil } from './login-check';
import { isReservedUsername, isValidUsername } from './username';
import { UsersRepository, UserTime } from './users.repository';

export type { AuthResult } from './login-check';

export const INITIAL_ADMIN = 'admin';

@Injectable()
export class AccountsService {
  private readonly logger = new Logger('Accounts');
  /** Logouts that happen together share one statement and one commit (logins: LoginBookkeeping). */
  private readonly logouts = new GroupCommit<UserTime>(async (logouts) => {
    await this.users.recordLogouts(logouts);
    return [];
  });

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly guard: LoginGuard,
    private readonly loginCheck: LoginCheck,
    private readonly bookkeeping: LoginBookkeeping,
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
    const configured = this.config.admin.password;
    const password = configured || randomBytes(12).toString('base64url');
    try {
      await this.createUser(INITIAL_ADMIN, password, 'admin', { legacyPassword: true });
    } catch (error) {
      if (!isNameTaken(error)) throw error;
      // An ordinary account holds the name, or another node of a cluster, starting at the same
      // time, created the first admin since the check above.
      if (await this.users.hasAdmin()) this.logger.log(`Admin account "${INITIAL_ADMIN}" was created by another server starting at the same time.`);
      else this.logger.warn(`No admin account exists and the name "${INITIAL_ADMIN}" is taken; create one with: parley user add NAME --admin`);
      return;
    }
    if (configured.length > 0 && configured.length < this.config.accounts.min_password_length) {
      this.logger.warn(`admin.password is shorter than accounts.min_password_length (${this.config.accounts.min_password_length}); change it.`);
    }
    if (configured) {
      this.logger.log(`Created admin account "${INITIAL_ADMIN}" with the password from admin.password.`);
    } else {
      this.logger.log(`Created admin account "${INITIAL_ADMIN}" with password: ${password} (shown only once)`);
    }
  }

  /** `legacyPassword`: keep a password shorter than the minimum (seed files, the configured first admin). */
  async createUser(
    username: string,
    password: string,
    role: Role = 'user',
    options: { legacyPassword?: boolean } = {},
  ): Promise<UserEntity> {
    if (!isValidUsername(username)) throw new AccountError(AccountErrorCode.InvalidUsername, username);
    if (isReservedUsername(username)) throw new AccountError(AccountErrorCode.ReservedUsername, username);
    if (!options.legacyPassword) this.checkPassword(username, password);
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

  /** Whether a password is too short to be set through the API, the console or `user add`. */
  isShortPassword(password: string): boolean {
    return password.length < this.config.accounts.min_password_length;
  }

  async changePassword(user: UserEntity, password: string): Promise<void> {
    this.checkPassword(user.username, password);
    await this.users.update(user.id, { passwordHash: await this.hasher.hash(password) });
  }

  /** Sets the role; false (nothing changed) when that would leave no admin account. */
  changeRole(user: UserEntity, role: Role): Promise<boolean> {
    return this.users.setRoleUnlessLastAdmin(user.id, role);
  }

  /** Lifts a lock (for every address) and clears the failure count: the user can log in at once. */
  async unlock(user: UserEntity): Promise<void> {
    await this.guard.clearPairLocks(user.id);
    await this.users.unlock(user.id);
  }

  /** Deletes the account; false (nothing deleted) when it is the last admin. */
  deleteUser(user: UserEntity): Promise<boolean> {
    return this.users.deleteUnlessLastAdmin(user.id);
  }

  /** Seconds until the account's lock ends; 0 when it is not locked. */
  secondsLocked(user: UserEntity): number {
    return this.secondsUntil(user.lockedUntil);
  }

  /**
   * Checks a login (see LoginCheck). Failures are counted per account in the database, across
   * connections and processes (lockout.scope account), or per account and address
   * (account+address). With the client's `address`, failures from it are also throttled across
   * accounts (login_throttle). Attempts in flight count: none is checked past a limit.
   */
  async authenticate(name: string, password: string, address?: string): Promise<AuthResult> {
    const result = await this.loginCheck.check(name, password, address);
    if (result.status !== 'ok') this.activity.record('login-failed');
    if (result.status === 'locked-now') this.activity.record('lockout');
    return result;
  }

  /** Marks a successful login: resets failure counts. Returns the failures since the last login. */
  async recordLogin(user: UserEntity): Promise<number> {
    const failures = user.failuresSinceLogin;
    await this.bookkeeping.recordLogin(user.id, this.clock.now());
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

  private checkPassword(username: string, password: string): void {
    if (password.length === 0) throw new AccountError(AccountErrorCode.EmptyPassword, username);
    const minimum = this.config.accounts.min_password_length;
    if (password.length < minimum) throw new AccountError(AccountErrorCode.PasswordTooShort, username, minimum);
  }

  private secondsUntil(until: Date | null): number {
    return secondsUntil(until, this.clock.now());
  }
}

/** The name was taken: found by the check, or by the database's unique index when the INSERT came second. */
function isNameTaken(error: unknown): boolean {
  return (error instanceof AccountError && error.code === AccountErrorCode.UsernameTaken) || isConstraintViolation(error);
}
