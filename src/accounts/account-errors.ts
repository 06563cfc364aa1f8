export enum AccountErrorCode {
  InvalidUsername = 'invalid-username',
  UsernameTaken = 'username-taken',
  /** The name belongs to a service (IRC's `Parley`). */
  ReservedUsername = 'reserved-username',
  EmptyPassword = 'empty-password',
  PasswordTooShort = 'password-too-short',
}

/** A rule of the accounts module was broken; each edge maps the code to its own reply. */
export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    readonly subject: string,
    /** The limit broken, where the rule has one (PasswordTooShort: the minimum length). */
    readonly limit?: number,
  ) {
    super(`${code}: ${subject}`);
  }
}

/** The sentence an operator or user reads for an account error. */
export function describeAccountError(error: AccountError): string {
  switch (error.code) {
    case AccountErrorCode.InvalidUsername:
      return `"${error.subject}" is not a valid username (1-32 letters, digits, "_", "-" or ".").`;
    case AccountErrorCode.UsernameTaken:
      return `the username ${error.subject} is taken.`;
    case AccountErrorCode.ReservedUsername:
      return `the username ${error.subject} is reserved for the Parley service.`;
    case AccountErrorCode.EmptyPassword:
      return 'the password must not be empty.';
    case AccountErrorCode.PasswordTooShort:
      return `password must be at least ${error.limit} characters long.`;
  }
}
