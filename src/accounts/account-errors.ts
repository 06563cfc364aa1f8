export enum AccountErrorCode {
  InvalidUsername = 'invalid-username',
  UsernameTaken = 'username-taken',
  EmptyPassword = 'empty-password',
  UnknownUser = 'unknown-user',
}

/** A rule of the accounts module was broken; each edge maps the code to its own reply. */
export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    readonly subject: string,
  ) {
    super(`${code}: ${subject}`);
  }
}
